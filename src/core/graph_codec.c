/*
 * graph_codec.c - decoded graph: stored-form decoder and encoder, name lookup
 *
 * Part of the competency graph core (pure C99, no PostgreSQL headers); see
 * graph.h for the data model and graph_int.h for what the graph files share.
 */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

/* Stored fields are in native byte order (see graph.h). */
static uint32_t
rd32(const unsigned char *p)
{
	uint32_t	v;

	memcpy(&v, p, 4);
	return v;
}

/* ---- decoded graph ------------------------------------------------------ */

void
mg_graph_free(MgGraph *g)
{
	if (g == NULL)
		return;
	mg_free(g->pool);
	mg_free(g->name_off);
	mg_free(g->name_len);
	mg_free(g->out_off);
	mg_free(g->out_adj);
	mg_free(g->in_off);
	mg_free(g->in_adj);
	mg_free(g->roots);
	mg_free(g->hash);
	mg_free(g->mark_a);
	mg_free(g->mark_b);
	mg_free(g->work1);
	mg_free(g->work2);
	mg_free(g->work3);
	mg_free(g->work4);
	mg_free(g->bits);
	mg_free(g);
}

/*
 * Given n, m, pool, name_off and out_off/out_adj, derive everything else:
 * name lengths, reverse adjacency, roots, the name hash and scratch arrays.
 */
int
mg_graph_complete(MgGraph *g)
{
	uint32_t	n = g->n,
				i,
				e;
	size_t		n1 = (size_t) n + 1;
	uint32_t	hsize = 16;

	g->name_len = mg_alloc(n1 * sizeof(uint32_t));
	g->in_off = mg_zalloc(n1 * sizeof(uint32_t));
	g->in_adj = mg_alloc(((size_t) g->m + 1) * sizeof(uint32_t));
	g->mark_a = mg_zalloc(n1 * sizeof(uint32_t));
	g->mark_b = mg_zalloc(n1 * sizeof(uint32_t));
	g->work1 = mg_alloc(n1 * sizeof(uint32_t));
	g->work2 = mg_alloc(n1 * sizeof(uint32_t));
	g->work3 = mg_alloc(n1 * sizeof(uint32_t));
	g->work4 = mg_alloc(n1 * sizeof(uint32_t));
	g->bits = mg_zalloc(((size_t) n / 64 + 1) * sizeof(uint64_t));
	while (hsize < 2 * (uint64_t) n)
		hsize <<= 1;
	g->hash = mg_zalloc((size_t) hsize * sizeof(uint64_t));
	g->hash_mask = hsize - 1;
	if (!g->name_len || !g->in_off || !g->in_adj || !g->mark_a || !g->mark_b ||
		!g->work1 || !g->work2 || !g->work3 || !g->work4 || !g->bits || !g->hash)
		return MG_ENOMEM;
	g->stamp_a = g->stamp_b = 0;

	for (i = 0; i < n; i++, mc_poll(i))
	{
		size_t		end = (i + 1 < n) ? g->name_off[i + 1] : g->poolsize;
		uint32_t	h,
					full;

		g->name_len[i] = (uint32_t) (end - g->name_off[i] - 1);
		full = hash_bytes(mg_name(g, i), g->name_len[i]);
		h = full & g->hash_mask;
		while (g->hash[h] != 0)
			h = (h + 1) & g->hash_mask;
		g->hash[h] = ((uint64_t) full << 32) | (i + 1);
	}

	/* reverse adjacency by counting; sources visited in ascending order */
	for (e = 0; e < g->m; e++, mc_poll(e))
		g->in_off[g->out_adj[e] + 1]++;
	for (i = 0; i < n; i++, mc_poll(i))
		g->in_off[i + 1] += g->in_off[i];
	memcpy(g->work1, g->in_off, n1 * sizeof(uint32_t));
	for (i = 0; i < n; i++, mc_poll(i))
		for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
			g->in_adj[g->work1[g->out_adj[e]]++] = i;

	g->nroots = 0;
	for (i = 0; i < n; i++, mc_poll(i))
		if (g->in_off[i + 1] == g->in_off[i])
			g->nroots++;
	g->roots = mg_alloc(((size_t) g->nroots + 1) * sizeof(uint32_t));
	if (!g->roots)
		return MG_ENOMEM;
	g->nroots = 0;
	for (i = 0; i < n; i++, mc_poll(i))
		if (g->in_off[i + 1] == g->in_off[i])
			g->roots[g->nroots++] = i;
	return MG_OK;
}

int64_t
mg_graph_find(const MgGraph *g, const char *name, size_t len)
{
	uint32_t	h,
				full;

	if (g->n == 0)
		return -1;
	full = hash_bytes(name, len);
	h = full & g->hash_mask;
	while (g->hash[h] != 0)
	{
		uint64_t	slot = g->hash[h];
		uint32_t	id = (uint32_t) slot - 1;

		if ((uint32_t) (slot >> 32) == full && g->name_len[id] == len &&
			memcmp(mg_name(g, id), name, len) == 0)
			return id;
		h = (h + 1) & g->hash_mask;
	}
	return -1;
}

static int
graph_decode(const unsigned char *buf, size_t len, MgGraph **out,
			 const char **why)
{
	uint32_t	n,
				m,
				i,
				e;
	size_t		pool,
				need;
	const unsigned char *p;
	MgGraph    *g;
	int			rc;

	*out = NULL;
	*why = NULL;
	if (len < MG_HEADER_SIZE)
	{
		*why = "the value is shorter than its header";
		return MG_ECORRUPT;
	}
	if (buf[0] != MG_FORMAT_VERSION)
	{
		*why = "unsupported format version";
		return MG_ECORRUPT;
	}
	if (buf[1] != 0 || buf[2] != 0 || buf[3] != 0)
	{
		*why = "reserved header bytes are not zero";
		return MG_ECORRUPT;
	}
	n = rd32(buf + 4);
	m = rd32(buf + 8);
	pool = rd32(buf + 12);
	if (n > MG_MAX_ITEMS || m > MG_MAX_ITEMS || pool > MG_MAX_ENCODED)
	{
		*why = "node, edge or name counts are out of range";
		return MG_ECORRUPT;
	}
	need = MG_HEADER_SIZE + 4 * ((size_t) n + (size_t) n + 1 + (size_t) m) + pool;
	if (need != len)
	{
		*why = "the size does not match the node and edge counts";
		return MG_ECORRUPT;
	}
	if ((n == 0) != (pool == 0) || pool < (size_t) n)
	{
		*why = "the name pool size does not match the node count";
		return MG_ECORRUPT;
	}

	g = mg_zalloc(sizeof(MgGraph));
	if (!g)
		return MG_ENOMEM;
	g->n = n;
	g->m = m;
	g->poolsize = pool;
	g->name_off = mg_alloc(((size_t) n + 1) * sizeof(uint32_t));
	g->out_off = mg_alloc(((size_t) n + 1) * sizeof(uint32_t));
	g->out_adj = mg_alloc(((size_t) m + 1) * sizeof(uint32_t));
	g->pool = mg_alloc(pool + 1);
	if (!g->name_off || !g->out_off || !g->out_adj || !g->pool)
	{
		mg_graph_free(g);
		return MG_ENOMEM;
	}
	p = buf + MG_HEADER_SIZE;
	memcpy(g->name_off, p, (size_t) n * 4);
	p += (size_t) n * 4;
	memcpy(g->out_off, p, ((size_t) n + 1) * 4);
	p += ((size_t) n + 1) * 4;
	memcpy(g->out_adj, p, (size_t) m * 4);
	p += (size_t) m * 4;
	memcpy(g->pool, p, pool);
	g->pool[pool] = '\0';

	/* names: contiguous, NUL-terminated, no inner NUL, strictly ascending */
	for (i = 0; i < n; i++, mc_poll(i))
	{
		size_t		start = g->name_off[i];
		size_t		end = (i + 1 < n) ? g->name_off[i + 1] : pool;

		if ((i == 0 && start != 0) || end <= start || end > pool ||
			g->pool[end - 1] != '\0' ||
			memchr(g->pool + start, '\0', end - 1 - start) != NULL)
		{
			mg_graph_free(g);
			*why = "the name pool is malformed";
			return MG_ECORRUPT;
		}
		if (i > 0)
		{
			size_t		pstart = g->name_off[i - 1];

			if (name_cmp(g->pool + pstart, start - 1 - pstart,
						 g->pool + start, end - 1 - start) >= 0)
			{
				mg_graph_free(g);
				*why = "node names are not strictly ascending";
				return MG_ECORRUPT;
			}
		}
	}
	/* adjacency: monotone offsets, targets in range and strictly ascending */
	if (g->out_off[0] != 0 || g->out_off[n] != m)
	{
		mg_graph_free(g);
		*why = "the adjacency offsets are malformed";
		return MG_ECORRUPT;
	}
	for (i = 0; i < n; i++, mc_poll(i))
	{
		if (g->out_off[i + 1] < g->out_off[i] || g->out_off[i + 1] > m)
		{
			mg_graph_free(g);
			*why = "the adjacency offsets are malformed";
			return MG_ECORRUPT;
		}
	}
	for (i = 0; i < n; i++, mc_poll(i))
	{
		for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
		{
			if (g->out_adj[e] >= n ||
				(e > g->out_off[i] && g->out_adj[e] <= g->out_adj[e - 1]))
			{
				mg_graph_free(g);
				*why = "an edge target is out of range or out of order";
				return MG_ECORRUPT;
			}
		}
	}
	rc = mg_graph_complete(g);
	if (rc != MG_OK)
	{
		mg_graph_free(g);
		return rc;
	}
	*out = g;
	return MG_OK;
}

size_t
mg_graph_encoded_size(const MgGraph *g)
{
	size_t		s = MG_HEADER_SIZE +
		4 * ((size_t) g->n + (size_t) g->n + 1 + (size_t) g->m) + g->poolsize;

	if (g->n > MG_MAX_ITEMS || g->m > MG_MAX_ITEMS || s > MG_MAX_ENCODED)
		return 0;
	return s;
}

void
mg_graph_encode(const MgGraph *g, unsigned char *buf)
{
	uint32_t	v;
	unsigned char *p = buf;

	p[0] = MG_FORMAT_VERSION;
	p[1] = p[2] = p[3] = 0;
	v = g->n;
	memcpy(p + 4, &v, 4);
	v = g->m;
	memcpy(p + 8, &v, 4);
	v = (uint32_t) g->poolsize;
	memcpy(p + 12, &v, 4);
	p += MG_HEADER_SIZE;
	memcpy(p, g->name_off, (size_t) g->n * 4);
	p += (size_t) g->n * 4;
	memcpy(p, g->out_off, ((size_t) g->n + 1) * 4);
	p += ((size_t) g->n + 1) * 4;
	memcpy(p, g->out_adj, (size_t) g->m * 4);
	p += (size_t) g->m * 4;
	memcpy(p, g->pool, g->poolsize);
}

int
mg_graph_decode(const unsigned char *buf, size_t len, MgGraph **out, MasErr *err)
{
	const char *why = NULL;
	int			rc = graph_decode(buf, len, out, &why);

	if (rc == MG_ECORRUPT)
	{
		mas_err(err, MAS_ERR_DATA_CORRUPTED,
				"The stored value does not follow competency_graph format version %d.",
				MG_FORMAT_VERSION);
		if (err)
			err->msg = why;
	}
	else if (rc == MG_ENOMEM)
		mas_err(err, MAS_ERR_NOMEM, "Out of memory decoding a competency_graph.");
	else
		mas_err(err, MAS_OK, "%s", "");
	return rc;
}
