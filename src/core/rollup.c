/*
 * rollup.c: cascading mastery rules over a hierarchy.
 */
#include "rollup.h"

#include <math.h>


static double
edge_points(const MrHierarchy *h, uint32_t e)
{
	return h->points ? h->points[e] : 1.0;
}

int
mr_check(const MrHierarchy *h, uint32_t *bad_node, MasErr *err)
{
	uint32_t	p;

	for (p = 0; p < h->n; p++)
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

	for (p = 0; p < h->n; p++)
	{
		pending[p] = h->child_start[p + 1] - h->child_start[p];
		if (pending[p] == 0)
			order[tail++] = p;
	}
	while (head < tail)
	{
		uint32_t	c = order[head++];

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
		for (step = 0; step < h->n; step++)
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

	for (i = 0; i < h->n; i++)
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
