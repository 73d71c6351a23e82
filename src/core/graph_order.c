/*
 * graph_order.c - orderings of acyclic graphs: Kahn, learning path, depth, longest path
 *
 * Part of the competency graph core (pure C99, no PostgreSQL headers); see
 * graph.h for the data model and graph_int.h for what the graph files share.
 */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- Kahn's algorithm on a node subset ---------------------------------- */

#define SUB_ALL 0				/* every node */
#define SUB_B 1					/* mark_b == stamp_b */
#define SUB_B_NOT_A 2			/* mark_b == stamp_b and mark_a != stamp_a */

static inline int
in_sub(const MgGraph *g, int mode, uint32_t v)
{
	if (mode == SUB_ALL)
		return 1;
	if (g->mark_b[v] != g->stamp_b)
		return 0;
	return mode == SUB_B || g->mark_a[v] != g->stamp_a;
}

static void
heap_push(uint32_t *h, uint32_t *n, uint32_t v)
{
	uint32_t	i = (*n)++;

	while (i > 0)
	{
		uint32_t	p = (i - 1) / 2;

		if (h[p] <= v)
			break;
		h[i] = h[p];
		i = p;
	}
	h[i] = v;
}

static uint32_t
heap_pop(uint32_t *h, uint32_t *n)
{
	uint32_t	top = h[0];
	uint32_t	v = h[--(*n)];
	uint32_t	i = 0;

	for (;;)
	{
		uint32_t	c = 2 * i + 1;

		if (c >= *n)
			break;
		if (c + 1 < *n && h[c + 1] < h[c])
			c++;
		if (h[c] >= v)
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n > 0)
		h[i] = v;
	return top;
}

/*
 * members[0..cnt) are the subset's nodes (must not be work2/work3).  Writes
 * the order into out (room for cnt) and returns MG_OK, or reports a cycle.
 * Leaves indegrees in work2 (zero for every member on success).
 */
static int
kahn(MgGraph *g, int mode, const uint32_t *members, uint32_t cnt,
	 uint32_t *out, MgCycle *cyc)
{
	uint32_t   *indeg = g->work2;
	uint32_t   *heap = g->work3;
	uint32_t	hn = 0,
				done = 0,
				i,
				e;

	for (i = 0; i < cnt; i++, mc_poll(i))
	{
		uint32_t	v = members[i];
		uint32_t	d = 0;

		for (e = g->in_off[v]; e < g->in_off[v + 1]; e++)
			if (in_sub(g, mode, g->in_adj[e]))
				d++;
		indeg[v] = d;
	}
	for (i = 0; i < cnt; i++, mc_poll(i))
		if (indeg[members[i]] == 0)
			heap_push(heap, &hn, members[i]);
	while (hn > 0)
	{
		uint32_t	v = heap_pop(heap, &hn);

		mc_poll(done);
		out[done++] = v;
		for (e = g->out_off[v]; e < g->out_off[v + 1]; e++)
		{
			uint32_t	w = g->out_adj[e];

			if (in_sub(g, mode, w) && --indeg[w] == 0)
				heap_push(heap, &hn, w);
		}
	}
	if (done == cnt)
		return MG_OK;

	/* a cycle: walk back from the smallest remaining node */
	if (cyc)
	{
		uint32_t   *pos = g->work3;
		uint32_t	start = UINT32_MAX,
					len = 0,
					cur,
					j,
					L,
					minpos;

		for (i = 0; i < cnt; i++)
		{
			pos[members[i]] = 0;
			if (indeg[members[i]] > 0 && members[i] < start)
				start = members[i];
		}
		cur = start;
		while (pos[cur] == 0)
		{
			pos[cur] = ++len;
			cyc->ids[len - 1] = cur;
			for (e = g->in_off[cur]; e < g->in_off[cur + 1]; e++)
			{
				uint32_t	p = g->in_adj[e];

				if (in_sub(g, mode, p) && indeg[p] > 0)
				{
					cur = p;
					break;
				}
			}
		}
		j = pos[cur] - 1;
		L = len - j;
		/* ids[j..len) backwards is the forward cycle; rotate to its minimum */
		for (i = 0; i < L / 2; i++)
		{
			uint32_t	t = cyc->ids[j + i];

			cyc->ids[j + i] = cyc->ids[len - 1 - i];
			cyc->ids[len - 1 - i] = t;
		}
		minpos = 0;
		for (i = 1; i < L; i++)
			if (cyc->ids[j + i] < cyc->ids[j + minpos])
				minpos = i;
		/* rotate into work4 then copy to the front */
		for (i = 0; i < L; i++)
			g->work4[i] = cyc->ids[j + (minpos + i) % L];
		memcpy(cyc->ids, g->work4, (size_t) L * sizeof(uint32_t));
		cyc->len = L;
	}
	return MG_ECYCLE;
}

int
mg_topological(MgGraph *g, uint32_t *out, MgCycle *cyc)
{
	uint32_t	i;

	for (i = 0; i < g->n; i++, mc_poll(i))
		g->work1[i] = i;
	return kahn(g, SUB_ALL, g->work1, g->n, out, cyc);
}

/* Mark node and all its prerequisites with a new stamp_b; list in work1. */
static uint32_t
collect_ancestors(MgGraph *g, uint32_t node)
{
	return mg_walk(g, &node, 1, MG_DIR_PREREQ, -1, g->work1, NULL);
}

int
mg_learning_path(MgGraph *g, const uint32_t *mastered, uint32_t k,
				 uint32_t target, uint32_t *out, uint32_t *nout, MgCycle *cyc)
{
	uint32_t	cnt,
				i,
				sel = 0;
	int			rc;

	mg_mark_mastered(g, mastered, k);
	cnt = collect_ancestors(g, target);
	/* keep the unmastered members (compacted in place in work1) */
	for (i = 0; i < cnt; i++, mc_poll(i))
		if (in_sub(g, SUB_B_NOT_A, g->work1[i]))
			g->work1[sel++] = g->work1[i];
	rc = kahn(g, SUB_B_NOT_A, g->work1, sel, out, cyc);
	*nout = rc == MG_OK ? sel : 0;
	return rc;
}

/*
 * d[v] for every v of order (a topological order of a node set that holds
 * each member's prerequisites): the most edges on a chain of prerequisites
 * ending at v.
 */
static void
longest_chains(const MgGraph *g, const uint32_t *order, uint32_t cnt, uint32_t *d)
{
	uint32_t	i,
				e;

	for (i = 0; i < cnt; i++, mc_poll(i))
	{
		uint32_t	v = order[i],
					best = 0;

		for (e = g->in_off[v]; e < g->in_off[v + 1]; e++)
			if (d[g->in_adj[e]] + 1 > best)
				best = d[g->in_adj[e]] + 1;
		d[v] = best;
	}
}

int
mg_depth(MgGraph *g, uint32_t node, uint32_t *depth, MgCycle *cyc)
{
	uint32_t	cnt = collect_ancestors(g, node);
	uint32_t   *order = g->work4;
	uint32_t   *d = g->work2;
	int			rc;

	rc = kahn(g, SUB_B, g->work1, cnt, order, cyc);
	if (rc != MG_OK)
		return rc;
	longest_chains(g, order, cnt, d);
	*depth = d[node];
	return MG_OK;
}

int
mg_longest_path(MgGraph *g, uint32_t *out, uint32_t *nout, MgCycle *cyc)
{
	uint32_t   *d = g->work2;
	uint32_t	i,
				e,
				best = 0,
				end = 0,
				len = 0,
				cur;
	int			rc;

	*nout = 0;
	if (g->n == 0)
		return MG_OK;
	rc = mg_topological(g, out, cyc);
	if (rc != MG_OK)
		return rc;
	longest_chains(g, out, g->n, d);
	for (i = 0; i < g->n; i++, mc_poll(i))
		if (d[i] > best)
		{
			best = d[i];
			end = i;
		}
	cur = end;
	g->work4[len++] = cur;
	while (d[cur] > 0)
	{
		for (e = g->in_off[cur]; e < g->in_off[cur + 1]; e++)
			if (d[g->in_adj[e]] + 1 == d[cur])
			{
				cur = g->in_adj[e];
				break;
			}
		g->work4[len++] = cur;
	}
	for (i = 0; i < len; i++)
		out[i] = g->work4[len - 1 - i];
	*nout = len;
	return MG_OK;
}
