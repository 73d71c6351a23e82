/*
 * graph_walk.c - traversals: the one walk, closure, closure memo, reachability,
 * ready, gaps, hierarchy leaves; the one id sort
 *
 * Part of the competency graph core (pure C99, no PostgreSQL headers); see
 * graph.h for the data model and graph_int.h for what the graph files share.
 */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- traversals --------------------------------------------------------- */

/*
 * The one id sort of the graph core: distinct ids ascending (= name order),
 * through a bitmap when scanning it is cheaper than comparison sorting.
 */
void
mg_sort_distinct(uint32_t *ids, uint32_t cnt, uint64_t *bits, bool marked)
{
	uint32_t	i,
				lo = UINT32_MAX,
				hi = 0;

	for (i = 0; i < cnt; i++)
	{
		if (ids[i] < lo)
			lo = ids[i];
		if (ids[i] > hi)
			hi = ids[i];
	}
	if (cnt < 2 || (size_t) (hi >> 6) - (lo >> 6) + 1 > (size_t) cnt * 8)
	{
		if (marked)
			for (i = 0; i < cnt; i++)
				bits[ids[i] >> 6] = 0;
		if (cnt >= 2)
			mg_sort_u32(ids, cnt);
		return;
	}
	if (!marked)
		for (i = 0; i < cnt; i++)
			bits[ids[i] >> 6] |= (uint64_t) 1 << (ids[i] & 63);
	(void) mc_bits_to_ids(bits, lo >> 6, hi >> 6, ids, true);
}

/*
 * The one breadth-first walk of the graph core (closures with a depth
 * limit, gaps, ancestors, hierarchy leaves); see graph.h.
 */
uint32_t
mg_walk(MgGraph *g, const uint32_t *seeds, uint32_t nseeds, int dir,
		int64_t max_depth, uint32_t *queue, bool *reenter)
{
	const uint32_t *off = dir == MG_DIR_PREREQ ? g->in_off : g->out_off;
	const uint32_t *adj = dir == MG_DIR_PREREQ ? g->in_adj : g->out_adj;
	uint32_t   *mark = g->mark_b;
	uint32_t	s = next_stamp(g->mark_b, &g->stamp_b, g->n);
	uint32_t   *depth = max_depth >= 0 ? g->work2 : NULL;
	uint32_t	head = 0,
				tail = 0,
				i,
				e;
	bool		back = false;

	for (i = 0; i < nseeds; i++)
		if (mark[seeds[i]] != s)
		{
			mark[seeds[i]] = s;
			if (depth)
				depth[tail] = 0;
			queue[tail++] = seeds[i];
		}
	while (head < tail)
	{
		uint32_t	v = queue[head];
		uint32_t	d = depth ? depth[head] : 0;

		head++;
		mc_poll(head);
		if (depth && (int64_t) d >= max_depth)
			continue;
		for (e = off[v]; e < off[v + 1]; e++)
		{
			uint32_t	w = adj[e];

			if (mark[w] != s)
			{
				mark[w] = s;
				if (depth)
					depth[tail] = d + 1;
				queue[tail++] = w;
			}
			else if (reenter && w == seeds[0])
				back = true;
		}
	}
	if (reenter)
		*reenter = back;
	return tail;
}

uint32_t
mg_closure(MgGraph *g, uint32_t start, int dir, int64_t max_depth, uint32_t *out)
{
	const uint32_t *off = dir == MG_DIR_PREREQ ? g->in_off : g->out_off;
	const uint32_t *adj = dir == MG_DIR_PREREQ ? g->in_adj : g->out_adj;
	uint32_t	head = 0,
				cnt = 0,
				e;

	if (max_depth < 0)
	{
		/*
		 * The result doubles as the queue; start is expanded first. Nodes
		 * are marked in the bitmap g->bits, which then gives the result in
		 * id order and is left clear. A node's offsets are read into locals:
		 * stores to out[] could alias off[] as far as the compiler knows.
		 */
		uint64_t   *bits = g->bits;
		uint32_t	v = start;

		for (;;)
		{
			uint32_t	end = off[v + 1];

			mc_poll(head);
			for (e = off[v]; e < end; e++)
			{
				uint32_t	w = adj[e];
				uint64_t	bit = (uint64_t) 1 << (w & 63);
				uint64_t	word = bits[w >> 6];

				if (!(word & bit))
				{
					bits[w >> 6] = word | bit;
					out[cnt++] = w;
				}
			}
			if (head >= cnt)
				break;
			v = out[head++];
		}
		mg_sort_ids_marked(g, out, cnt, true);
		return cnt;
	}
	else
	{
		/* the walk lists start first; it belongs to its closure only on a cycle */
		bool		back;
		uint32_t	i,
					reached = mg_walk(g, &start, 1, dir, max_depth, g->work1, &back);

		for (i = 1; i < reached; i++)
			out[cnt++] = g->work1[i];
		if (back)
			out[cnt++] = start;
	}
	mg_sort_ids(g, out, cnt);
	return cnt;
}

size_t
mg_memo_bytes(uint32_t n)
{
	size_t		words = (size_t) n / 64 + 1;

	return (size_t) n * words * sizeof(uint64_t) + (size_t) n * (2 * sizeof(uint32_t) + 1) + 8;
}

void
mg_memo_init(MgMemo *m, const MgGraph *g, int dir, void *mem)
{
	uint8_t    *p = (uint8_t *) mem;

	m->words = g->n / 64 + 1;
	m->bits = (uint64_t *) p;
	p += (size_t) g->n * m->words * sizeof(uint64_t);
	m->lo = (uint32_t *) p;
	p += (size_t) g->n * sizeof(uint32_t);
	m->hi = (uint32_t *) p;
	p += (size_t) g->n * sizeof(uint32_t);
	m->state = p;
	memset(m->state, 0, g->n);
	m->dir = dir;
}

int
mg_closure_memo(MgGraph *g, MgMemo *m, uint32_t start, uint32_t *out, uint32_t *count)
{
	const uint32_t *off = m->dir == MG_DIR_PREREQ ? g->in_off : g->out_off;
	const uint32_t *adj = m->dir == MG_DIR_PREREQ ? g->in_adj : g->out_adj;
	uint32_t   *stack = g->work1;	/* nodes being computed */
	uint32_t   *next = g->work2;	/* their next neighbour to visit */
	uint32_t	top = 0,
				w,
				k;

	*count = 0;
	if (m->state[start] != 2)
	{
		/* depth first: a node's row once all its neighbours' rows are done */
		stack[top] = start;
		next[top++] = off[start];
		m->state[start] = 1;
		while (top > 0)
		{
			uint32_t	v = stack[top - 1];

			mc_tick();
			if (next[top - 1] < off[v + 1])
			{
				uint32_t	p = adj[next[top - 1]++];

				if (m->state[p] == 1)
					return MG_ECYCLE;
				if (m->state[p] == 0)
				{
					m->state[p] = 1;
					stack[top] = p;
					next[top++] = off[p];
				}
			}
			else
			{
				/*
				 * v's row: its neighbours and their rows, over the span of
				 * words that can be non-zero (names that sort near each other
				 * tend to be related, so the span is mostly a few words)
				 */
				uint64_t   *r = m->bits + (size_t) v * m->words;
				uint32_t	e,
							lo = m->words,
							hi = 0;

				for (e = off[v]; e < off[v + 1]; e++)
				{
					uint32_t	p = adj[e];
					uint32_t	plo = m->lo[p] < (p >> 6) ? m->lo[p] : (p >> 6);
					uint32_t	phi = m->hi[p] > (p >> 6) ? m->hi[p] : (p >> 6);

					if (plo < lo)
						lo = plo;
					if (phi > hi)
						hi = phi;
				}
				if (lo <= hi)
					memset(r + lo, 0, sizeof(uint64_t) * (hi - lo + 1));
				for (e = off[v]; e < off[v + 1]; e++)
				{
					uint32_t	p = adj[e];
					const uint64_t *rp = m->bits + (size_t) p * m->words;

					for (w = m->lo[p]; w <= m->hi[p]; w++)
						r[w] |= rp[w];
					r[p >> 6] |= (uint64_t) 1 << (p & 63);
				}
				m->lo[v] = lo;
				m->hi[v] = hi;
				m->state[v] = 2;
				top--;
			}
		}
	}
	k = m->lo[start] <= m->hi[start]
		? mc_bits_to_ids(m->bits + (size_t) start * m->words, m->lo[start], m->hi[start], out, false)
		: 0;
	*count = k;
	return MG_OK;
}

int
mg_reachable(MgGraph *g, uint32_t a, uint32_t b)
{
	uint32_t   *queue = g->work1;
	uint32_t	s = next_stamp(g->mark_b, &g->stamp_b, g->n);
	uint32_t	head = 0,
				tail = 0;

	queue[tail++] = a;
	while (head < tail)
	{
		uint32_t	v = queue[head++];
		uint32_t	e;

		mc_poll(head);
		for (e = g->out_off[v]; e < g->out_off[v + 1]; e++)
		{
			uint32_t	w = g->out_adj[e];

			if (w == b)
				return 1;
			if (g->mark_b[w] != s)
			{
				g->mark_b[w] = s;
				queue[tail++] = w;
			}
		}
	}
	return 0;
}

uint32_t
mg_ready(MgGraph *g, const uint32_t *mastered, uint32_t k, uint32_t *out)
{
	uint32_t	sa = mg_mark_mastered(g, mastered, k);
	uint32_t	sb = next_stamp(g->mark_b, &g->stamp_b, g->n);
	uint32_t	cnt = 0,
				i,
				e,
				f;

	for (i = 0; i < g->nroots; i++, mc_poll(i))
		if (g->mark_a[g->roots[i]] != sa)
			out[cnt++] = g->roots[i];
	for (i = 0; i < k; i++, mc_poll(i))
	{
		uint32_t	v = mastered[i];

		for (e = g->out_off[v]; e < g->out_off[v + 1]; e++)
		{
			uint32_t	w = g->out_adj[e];
			int			ok = 1;

			if (g->mark_a[w] == sa || g->mark_b[w] == sb)
				continue;
			g->mark_b[w] = sb;
			for (f = g->in_off[w]; f < g->in_off[w + 1]; f++)
				if (g->mark_a[g->in_adj[f]] != sa)
				{
					ok = 0;
					break;
				}
			if (ok)
				out[cnt++] = w;
		}
	}
	mg_sort_ids(g, out, cnt);
	return cnt;
}

uint32_t
mg_gaps(MgGraph *g, const uint32_t *mastered, uint32_t k, uint32_t *out)
{
	uint32_t	sa = mg_mark_mastered(g, mastered, k);
	uint32_t	reached = mg_walk(g, mastered, k, MG_DIR_PREREQ, -1, g->work1, NULL);
	uint32_t	cnt = 0,
				i;

	/* the prerequisites of the mastered ones that are not mastered */
	for (i = 0; i < reached; i++)
		if (g->mark_a[g->work1[i]] != sa)
			out[cnt++] = g->work1[i];
	mg_sort_ids(g, out, cnt);
	return cnt;
}

uint32_t
mg_hierarchy_leaves(MgGraph *g, uint32_t root, uint32_t *out)
{
	uint32_t	reached = mg_walk(g, &root, 1, MG_DIR_PREREQ, -1, g->work1, NULL);
	uint32_t	cnt = 0,
				i;

	/* root comes first in the walk and is never a leaf of itself */
	for (i = 1; i < reached; i++)
	{
		uint32_t	v = g->work1[i];

		if (g->in_off[v + 1] == g->in_off[v])
			out[cnt++] = v;
	}
	mg_sort_ids(g, out, cnt);
	return cnt;
}
