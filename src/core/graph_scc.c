/*
 * graph_scc.c - strongly connected components and shortest cycles
 *
 * Part of the competency graph core (pure C99, no PostgreSQL headers); see
 * graph.h for the data model and graph_int.h for what the graph files share.
 */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- strongly connected components ------------------------------------- */

static int
has_self_loop(const MgGraph *g, uint32_t v)
{
	uint32_t	e;

	for (e = g->out_off[v]; e < g->out_off[v + 1]; e++)
		if (g->out_adj[e] == v)
			return 1;
	return 0;
}

int64_t
mg_cyclic_components(MgGraph *g, uint32_t *members, uint32_t *comp_start)
{
	uint32_t	n = g->n;
	size_t		n1 = (size_t) n + 1;
	uint32_t   *idx = mg_zalloc(n1 * sizeof(uint32_t));
	uint32_t   *low = mg_alloc(n1 * sizeof(uint32_t));
	uint32_t   *stk = mg_alloc(n1 * sizeof(uint32_t));
	uint32_t   *it = mg_alloc(n1 * sizeof(uint32_t));
	uint32_t   *cs = mg_alloc(n1 * sizeof(uint32_t));
	uint32_t   *comp = mg_alloc(n1 * sizeof(uint32_t));
	uint32_t   *info = NULL;	/* per component: size, later rank + 1 */
	uint32_t	counter = 1,
				sp = 0,
				ncomp = 0,
				ncyc = 0,
				s,
				i;
	int64_t		rc = MG_ENOMEM;
	uint32_t	onstk = next_stamp(g->mark_a, &g->stamp_a, n);

	if (!idx || !low || !stk || !it || !cs || !comp)
		goto done;
	for (s = 0; s < n; s++, mc_poll(s))
	{
		uint32_t	top = 0;

		if (idx[s] != 0)
			continue;
		idx[s] = low[s] = counter++;
		stk[sp++] = s;
		g->mark_a[s] = onstk;
		it[s] = g->out_off[s];
		cs[top++] = s;
		while (top > 0)
		{
			uint32_t	v = cs[top - 1];

			mc_tick();
			if (it[v] < g->out_off[v + 1])
			{
				uint32_t	w = g->out_adj[it[v]++];

				if (idx[w] == 0)
				{
					idx[w] = low[w] = counter++;
					stk[sp++] = w;
					g->mark_a[w] = onstk;
					it[w] = g->out_off[w];
					cs[top++] = w;
				}
				else if (g->mark_a[w] == onstk && idx[w] < low[v])
					low[v] = idx[w];
			}
			else
			{
				top--;
				if (low[v] == idx[v])
				{
					uint32_t	w;

					do
					{
						w = stk[--sp];
						g->mark_a[w] = 0;
						comp[w] = ncomp;
					} while (w != v);
					ncomp++;
				}
				if (top > 0 && low[v] < low[cs[top - 1]])
					low[cs[top - 1]] = low[v];
			}
		}
	}
	/* sizes per component (reuse low), then rank cyclic ones by min member */
	info = low;
	for (i = 0; i < ncomp; i++)
		info[i] = 0;
	for (i = 0; i < n; i++, mc_poll(i))
		info[comp[i]]++;
	/* it[c] = rank + 1 of component c, 0 = not cyclic / not yet seen */
	for (i = 0; i < ncomp; i++)
		it[i] = 0;
	for (i = 0; i < n; i++, mc_poll(i))
	{
		uint32_t	c = comp[i];

		if (it[c] == 0 && (info[c] > 1 || has_self_loop(g, i)))
		{
			it[c] = ++ncyc;
			comp_start[ncyc - 1] = info[c];
		}
	}
	/* prefix sums; cs = fill pointers */
	{
		uint32_t	acc = 0;

		for (i = 0; i < ncyc; i++)
		{
			uint32_t	sz = comp_start[i];

			comp_start[i] = acc;
			cs[i] = acc;
			acc += sz;
		}
		comp_start[ncyc] = acc;
	}
	for (i = 0; i < n; i++, mc_poll(i))
	{
		uint32_t	r = it[comp[i]];

		if (r != 0)
			members[cs[r - 1]++] = i;
	}
	rc = ncyc;
done:
	mg_free(idx);
	mg_free(low);
	mg_free(stk);
	mg_free(it);
	mg_free(cs);
	mg_free(comp);
	return rc;
}

int
mg_cycle_through(MgGraph *g, uint32_t node, const uint32_t *members,
				 uint32_t count, MgCycle *cyc)
{
	uint32_t	sa = next_stamp(g->mark_a, &g->stamp_a, g->n);
	uint32_t	sb = next_stamp(g->mark_b, &g->stamp_b, g->n);
	uint32_t   *queue = g->work1;
	uint32_t   *parent = g->work2;
	uint32_t	head = 0,
				tail = 0,
				i,
				e;

	for (i = 0; i < count; i++, mc_poll(i))
		g->mark_a[members[i]] = sa;
	queue[tail++] = node;
	g->mark_b[node] = sb;
	while (head < tail)
	{
		uint32_t	v = queue[head++];

		mc_poll(head);
		for (e = g->out_off[v]; e < g->out_off[v + 1]; e++)
		{
			uint32_t	w = g->out_adj[e];

			if (g->mark_a[w] != sa)
				continue;
			if (w == node)
			{
				uint32_t	len = 0,
							cur = v;

				/* v, parent(v), ..., node reversed */
				while (cur != node)
				{
					g->work4[len++] = cur;
					cur = parent[cur];
				}
				g->work4[len++] = node;
				for (i = 0; i < len; i++)
					cyc->ids[i] = g->work4[len - 1 - i];
				cyc->len = len;
				return MG_OK;
			}
			if (g->mark_b[w] != sb)
			{
				g->mark_b[w] = sb;
				parent[w] = v;
				queue[tail++] = w;
			}
		}
	}
	cyc->len = 0;
	return MG_EINVAL;
}
