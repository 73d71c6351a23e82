/*
 * rollup.c: cascading mastery rules over a hierarchy.
 */
#include "rollup.h"

#include <math.h>
#include <string.h>


static double
edge_points(const MrHierarchy *h, uint32_t e)
{
	return h->points ? h->points[e] : 1.0;
}

int
mr_check(const MrHierarchy *h, uint32_t *bad_node, MasErr *err)
{
	uint32_t	p;

	for (p = 0; p < h->n; p++, mc_poll(p))
	{
		uint32_t	nchild = h->child_start[p + 1] - h->child_start[p];
		const MrRule *r = &h->rules[p];

		if (nchild == 0)
			continue;
		if ((r->kind == MR_AT_LEAST || r->kind == MR_POINTS) && !isfinite(r->threshold))
		{
			*bad_node = p;
			return mas_err(err, MAS_ERR_RANGE, "The rule's count or threshold is not a finite number.");
		}
		if (r->kind == MR_AT_LEAST)
		{
			if (r->threshold < 1 || r->threshold > nchild)
			{
				*bad_node = p;
				return mas_err(err, MAS_ERR_RANGE, "The rule asks for at least %g of %u children: k must be between 1 and the number of children.",
							   r->threshold, nchild);
			}
		}
		else if (r->kind == MR_POINTS)
		{
			double		total = 0;
			uint32_t	e;

			for (e = h->child_start[p]; e < h->child_start[p + 1]; e++)
			{
				if (edge_points(h, e) < 0)
				{
					*bad_node = p;
					return mas_err(err, MAS_ERR_RANGE, "Points of a child cannot be negative.");
				}
				total += edge_points(h, e);
			}
			if (r->threshold > total)
			{
				*bad_node = p;
				return mas_err(err, MAS_ERR_RANGE, "The rule needs %g points but all %u children together are worth %g: it can never be met.",
							   r->threshold, nchild, total);
			}
		}
	}
	return MAS_OK;
}

static bool
rule_met(const MrHierarchy *h, uint32_t p, const uint8_t *mastered)
{
	uint32_t	e,
				count = 0,
				nchild = h->child_start[p + 1] - h->child_start[p];
	double		points = 0;

	for (e = h->child_start[p]; e < h->child_start[p + 1]; e++)
	{
		bool		m = mastered[h->children[e]] != 0;

		if (m)
		{
			count++;
			points += edge_points(h, e);
		}
		else if (h->required && h->required[e])
			return false;		/* a required child is missing, whatever the rule */
	}
	switch (h->rules[p].kind)
	{
		case MR_ALL:
			return count == nchild;
		case MR_ANY:
			return count > 0;
		case MR_AT_LEAST:
			return (double) count >= h->rules[p].threshold;
		case MR_POINTS:
			return points >= h->rules[p].threshold;
	}
	return false;
}

int
mr_order(const MrHierarchy *h, uint32_t *order, uint32_t *pending, uint32_t *bad_node, MasErr *err)
{
	/* Kahn's algorithm on "child before parent": pending[p] = children not yet placed */
	uint32_t	head = 0,
				tail = 0,
				p,
				e;

	for (p = 0; p < h->n; p++, mc_poll(p))
	{
		pending[p] = h->child_start[p + 1] - h->child_start[p];
		if (pending[p] == 0)
			order[tail++] = p;
	}
	while (head < tail)
	{
		uint32_t	c = order[head++];

		mc_poll(head);
		for (e = h->parent_start[c]; e < h->parent_start[c + 1]; e++)
		{
			uint32_t	q = h->parents[e];

			if (--pending[q] == 0)
				order[tail++] = q;
		}
	}
	if (tail < h->n)
	{
		uint32_t	step;

		/*
		 * An unplaced node has an unplaced child; following such children
		 * n times must end on a cycle.
		 */
		for (p = 0; p < h->n && pending[p] == 0; p++)
			;
		for (step = 0; step < h->n; step++, mc_poll(step))
			for (e = h->child_start[p]; e < h->child_start[p + 1]; e++)
				if (pending[h->children[e]] > 0)
				{
					p = h->children[e];
					break;
				}
		*bad_node = p;
		return mas_err(err, MAS_ERR_SYNTAX, "The hierarchy has a cycle, so no node on it can be decided.");
	}
	return MAS_OK;
}

void
mr_apply(const MrHierarchy *h, const uint32_t *order, uint8_t *mastered)
{
	uint32_t	i;

	for (i = 0; i < h->n; i++, mc_poll(i))
	{
		uint32_t	c = order[i];

		/* a parent is decided once all its children are */
		if (h->child_start[c + 1] > h->child_start[c] && !mastered[c] && rule_met(h, c, mastered))
			mastered[c] = 1;
	}
}

int
mr_rollup(const MrHierarchy *h, uint8_t *mastered, uint32_t *order, uint32_t *pending,
		  uint32_t *bad_node, MasErr *err)
{
	int			rc = mr_order(h, order, pending, bad_node, err);

	if (rc == MAS_OK)
		mr_apply(h, order, mastered);
	return rc;
}

size_t
mr_plan_words(const MrHierarchy *h)
{
	size_t		nw = (size_t) h->n / 64 + 1;

	return 4 * nw + 5 * (size_t) h->n + (size_t) h->parent_start[h->n] + 4;
}

void
mr_plan_init(MrPlan *pl, const MrHierarchy *h, const uint32_t *order, uint32_t *words)
{
	size_t		nw = (size_t) h->n / 64 + 1;
	uint32_t	i,
				c,
				e,
				f;

	pl->h = h;
	pl->zero_ok = (uint64_t *) words;
	pl->reached = (uint64_t *) words + nw;
	words += 4 * nw;
	pl->porder = words;
	pl->pos = words + h->n;
	pl->nrequired = words + 2 * (size_t) h->n;
	pl->count = words + 3 * (size_t) h->n;
	pl->reqcount = words + 4 * (size_t) h->n;
	pl->up_slot = words + 5 * (size_t) h->n;
	memset(pl->zero_ok, 0, 2 * nw * sizeof(uint64_t));
	pl->np = 0;
	for (i = 0; i < h->n; i++, mc_poll(i))
	{
		uint32_t	p = order[i];

		pl->count[p] = 0;
		pl->reqcount[p] = 0;
		pl->nrequired[p] = 0;
		pl->pos[p] = UINT32_MAX;
		if (h->child_start[p + 1] == h->child_start[p])
			continue;
		if (h->required)
			for (e = h->child_start[p]; e < h->child_start[p + 1]; e++)
				pl->nrequired[p] += h->required[e] != 0;
		if (pl->nrequired[p] == 0 && h->rules[p].kind == MR_POINTS && h->rules[p].threshold <= 0)
			pl->zero_ok[pl->np >> 6] |= (uint64_t) 1 << (pl->np & 63);
		pl->pos[p] = pl->np;
		pl->porder[pl->np++] = p;
	}
	pl->nwords = (pl->np + 63) / 64;
	/* the slot of each upward edge c -> q among q's children */
	for (c = 0; c < h->n; c++, mc_poll(c))
		for (e = h->parent_start[c]; e < h->parent_start[c + 1]; e++)
		{
			uint32_t	q = h->parents[e];

			pl->up_slot[e] = h->child_start[q];
			for (f = h->child_start[q]; f < h->child_start[q + 1]; f++)
				if (h->children[f] == c)
				{
					pl->up_slot[e] = f;
					break;
				}
		}
}

static inline void
count_up(const MrPlan *pl, uint32_t c)
{
	const MrHierarchy *h = pl->h;
	uint32_t	e;

	for (e = h->parent_start[c]; e < h->parent_start[c + 1]; e++)
	{
		uint32_t	q = h->parents[e],
					k = pl->pos[q];

		pl->count[q]++;
		if (h->required && h->required[pl->up_slot[e]])
			pl->reqcount[q]++;
		pl->reached[k >> 6] |= (uint64_t) 1 << (k & 63);
	}
}

uint32_t
mr_apply_seeds(const MrPlan *pl, uint8_t *mastered, const uint32_t *seeds, uint32_t nseeds,
			   uint32_t *parents_out)
{
	const MrHierarchy *h = pl->h;
	uint32_t	i,
				w,
				nout = 0;

	for (w = 0; w < pl->nwords; w++)
		pl->reached[w] = pl->zero_ok[w];
	for (i = 0; i < nseeds; i++)
	{
		uint32_t	k = pl->pos[seeds[i]];

		count_up(pl, seeds[i]);
		if (k != UINT32_MAX)	/* a parent mastered directly: listed in order */
			pl->reached[k >> 6] |= (uint64_t) 1 << (k & 63);
	}
	/*
	 * Parents in evaluation order; deciding one can reach only parents later
	 * in the order, whose bits are read after it.
	 */
	for (w = 0; w < pl->nwords; w++)
		while (pl->reached[w] != 0)
		{
			int			b = mc_lowest_bit(pl->reached[w]);
			uint32_t	p = pl->porder[w * 64 + (uint32_t) b];
			uint32_t	nchild = h->child_start[p + 1] - h->child_start[p];
			bool		met;

			pl->reached[w] &= pl->reached[w] - 1;
			if (mastered[p])
				met = true;
			else if (pl->reqcount[p] < pl->nrequired[p])
				met = false;
			else
			{
				switch (h->rules[p].kind)
				{
					case MR_ALL:
						met = pl->count[p] == nchild;
						break;
					case MR_ANY:
						met = pl->count[p] > 0;
						break;
					case MR_AT_LEAST:
						met = (double) pl->count[p] >= h->rules[p].threshold;
						break;
					default:
						met = rule_met(h, p, mastered);
						break;
				}
				if (met)
				{
					mastered[p] = 1;
					count_up(pl, p);
				}
			}
			pl->count[p] = 0;
			pl->reqcount[p] = 0;
			if (met)
				parents_out[nout++] = p;
		}
	return nout;
}
