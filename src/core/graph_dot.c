/*
 * graph_dot.c - Graphviz DOT rendering
 *
 * Part of the competency graph core (pure C99, no PostgreSQL headers); see
 * graph.h for the data model and graph_int.h for what the graph files share.
 */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- Graphviz DOT -------------------------------------------------------- */

static void
put_dot_id(MgBuf *b, const char *s, size_t len)
{
	size_t		i;

	mg_buf_put(b, "\"", 1);
	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c == '"' || c == '\\')
		{
			mg_buf_put(b, "\\", 1);
			mg_buf_put(b, &c, 1);
		}
		else if (c == '\n')
			mg_buf_put(b, "\\n", 2);
		else if (c == '\r')
			mg_buf_put(b, "\\r", 2);
		else
			mg_buf_put(b, &c, 1);
	}
	mg_buf_put(b, "\"", 1);
}

char *
mg_dot(MgGraph *g, const uint32_t *mastered, uint32_t k, int styled,
	   int64_t around, size_t *len)
{
	MgBuf			b = {0};
	uint32_t	i,
				e,
				nready = 0,
				ngaps = 0;
	uint32_t   *ready = NULL,
			   *gaps = NULL;
	uint32_t   *dist = g->work4;	/* UINT32_MAX = not drawn */
	uint32_t	sa = 0;
	const uint32_t NOT_DRAWN = UINT32_MAX;

	if (styled)
	{
		ready = mg_alloc(((size_t) g->n + 1) * sizeof(uint32_t));
		gaps = mg_alloc(((size_t) g->n + 1) * sizeof(uint32_t));
		if (!ready || !gaps)
		{
			mg_free(ready);
			mg_free(gaps);
			return NULL;
		}
		ngaps = mg_gaps(g, mastered, k, gaps);
		nready = mg_ready(g, mastered, k, ready);
		sa = g->stamp_a;		/* mastered marks set by mg_ready */
	}
	for (i = 0; i < g->n; i++, mc_poll(i))
		dist[i] = around < 0 ? 0 : NOT_DRAWN;
	if (styled && around >= 0)
	{
		/* nodes within `around` edges (either direction) of ready or gap nodes */
		uint32_t   *queue = g->work1;
		uint32_t	head = 0,
					tail = 0;

		for (i = 0; i < nready + ngaps; i++)
		{
			uint32_t	v = i < nready ? ready[i] : gaps[i - nready];

			if (dist[v] == NOT_DRAWN)
			{
				dist[v] = 0;
				queue[tail++] = v;
			}
		}
		while (head < tail)
		{
			uint32_t	v = queue[head++];
			int			dir;

			mc_poll(head);
			if ((int64_t) dist[v] >= around)
				continue;
			for (dir = 0; dir < 2; dir++)
			{
				const uint32_t *off = dir ? g->out_off : g->in_off;
				const uint32_t *adj = dir ? g->out_adj : g->in_adj;

				for (e = off[v]; e < off[v + 1]; e++)
					if (dist[adj[e]] == NOT_DRAWN)
					{
						dist[adj[e]] = dist[v] + 1;
						queue[tail++] = adj[e];
					}
			}
		}
	}
	if (styled)
	{
		/* work3: 1 = ready, 2 = gap (gap wins) */
		for (i = 0; i < g->n; i++, mc_poll(i))
			g->work3[i] = 0;
		for (i = 0; i < nready; i++)
			g->work3[ready[i]] = 1;
		for (i = 0; i < ngaps; i++)
			g->work3[gaps[i]] = 2;
		mg_free(ready);
		mg_free(gaps);
	}
	mg_buf_puts(&b, "digraph competency_graph {\n"
			 "  rankdir=LR;\n"
			 "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n");
	if (styled)
		mg_buf_puts(&b, "  // mastered: green; gap (unmastered prerequisite of a mastered competency): orange, red border;\n"
				 "  // ready to learn: yellow, bold border; not yet: grey\n");
	for (i = 0; i < g->n && !b.failed; i++, mc_poll(i))
	{
		if (dist[i] == NOT_DRAWN)
			continue;
		mg_buf_puts(&b, "  ");
		put_dot_id(&b, mg_name(g, i), g->name_len[i]);
		if (styled)
		{
			if (g->mark_a[i] == sa)
				mg_buf_puts(&b, " [class=\"mastered\", fillcolor=\"#a6d96a\"]");
			else if (g->work3[i] == 2)
				mg_buf_puts(&b, " [class=\"gap\", fillcolor=\"#fdae61\", color=\"#d7191c\", penwidth=2.5]");
			else if (g->work3[i] == 1)
				mg_buf_puts(&b, " [class=\"ready\", fillcolor=\"#fee08b\", penwidth=2.5]");
			else
				mg_buf_puts(&b, " [class=\"not_yet\", fillcolor=\"#eeeeee\", fontcolor=\"#666666\", color=\"#999999\"]");
		}
		mg_buf_puts(&b, ";\n");
	}
	for (i = 0; i < g->n && !b.failed; i++, mc_poll(i))
	{
		if (dist[i] == NOT_DRAWN)
			continue;
		for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
		{
			if (dist[g->out_adj[e]] == NOT_DRAWN)
				continue;
			mg_buf_puts(&b, "  ");
			put_dot_id(&b, mg_name(g, i), g->name_len[i]);
			mg_buf_puts(&b, " -> ");
			put_dot_id(&b, mg_name(g, g->out_adj[e]), g->name_len[g->out_adj[e]]);
			mg_buf_puts(&b, ";\n");
		}
	}
	mg_buf_puts(&b, "}\n");
	return mg_buf_finish(&b, len);
}
