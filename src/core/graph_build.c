/*
 * graph_build.c - graph builder: nodes by name, edges, canonical finish
 *
 * Part of the competency graph core (pure C99, no PostgreSQL headers); see
 * graph.h for the data model and graph_int.h for what the graph files share.
 */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- builder ------------------------------------------------------------ */

struct MgBuilder
{
	/*
	 * arena: one 4-aligned entry per node: uint32 id, uint32 length, the
	 * name, NUL; a hash slot points at the entry, so a lookup touches the
	 * slot and the entry only
	 */
	char	   *arena;
	size_t		arena_len;
	size_t		arena_cap;
	size_t		names_bytes;	/* sum of name lengths + 1 */
	uint32_t   *noff;			/* pairs: offset of the name in arena, length */
	uint32_t   *nhash;
	uint32_t	nnodes;
	uint32_t	ncap;
	uint64_t   *table;			/* hash << 32 | (entry offset / 4 + 1); 0 = empty */
	uint32_t	tmask;
	uint32_t   *edges;			/* pairs */
	size_t		nedges;
	size_t		ecap;
};

MgBuilder *
mg_builder_new(void)
{
	MgBuilder  *b = mg_zalloc(sizeof(MgBuilder));

	if (!b)
		return NULL;
	b->tmask = 63;
	b->table = mg_zalloc(64 * sizeof(uint64_t));
	if (!b->table)
	{
		mg_free(b);
		return NULL;
	}
	return b;
}

void
mg_builder_free(MgBuilder *b)
{
	if (!b)
		return;
	mg_free(b->arena);
	mg_free(b->noff);
	mg_free(b->nhash);
	mg_free(b->table);
	mg_free(b->edges);
	mg_free(b);
}

uint32_t
mg_builder_nodes(const MgBuilder *b)
{
	return b->nnodes;
}

static int
builder_rehash(MgBuilder *b)
{
	uint32_t	nsize = (b->tmask + 1) * 2;
	uint64_t   *t = mg_zalloc((size_t) nsize * sizeof(uint64_t));
	uint32_t	i;

	if (!t)
		return MG_ENOMEM;
	for (i = 0; i < b->nnodes; i++, mc_poll(i))
	{
		uint32_t	h = b->nhash[i] & (nsize - 1);

		while (t[h] != 0)
			h = (h + 1) & (nsize - 1);
		t[h] = ((uint64_t) b->nhash[i] << 32) | (uint64_t) ((b->noff[2 * i] - 8) / 4 + 1);
	}
	mg_free(b->table);
	b->table = t;
	b->tmask = nsize - 1;
	return MG_OK;
}

static inline void
prefetch(const void *p)
{
#if defined(__GNUC__) || defined(__clang__)
	__builtin_prefetch(p);
#else
	(void) p;
#endif
}

static int
builder_node_hashed(MgBuilder *b, const char *name, size_t len, uint32_t hv,
					uint32_t *id)
{
	uint32_t	h = hv & b->tmask;
	size_t		entry,
				need;

	while (b->table[h] != 0)
	{
		uint64_t	slot = b->table[h];

		if ((uint32_t) (slot >> 32) == hv)
		{
			const char *e = b->arena + ((size_t) ((uint32_t) slot - 1)) * 4;
			uint32_t	elen;

			memcpy(&elen, e + 4, 4);
			if (elen == len && memcmp(e + 8, name, len) == 0)
			{
				memcpy(id, e, 4);
				return MG_OK;
			}
		}
		h = (h + 1) & b->tmask;
	}
	if (len && memchr(name, '\0', len) != NULL)
		return MG_EINVAL;
	entry = (b->arena_len + 3) & ~(size_t) 3;
	need = entry + 8 + len + 1;
	if (b->nnodes >= MG_MAX_ITEMS || len >= MG_MAX_ENCODED || need > MG_MAX_ENCODED)
		return MG_ETOOBIG;
	if (b->nnodes == b->ncap)
	{
		uint32_t	nc = b->ncap ? b->ncap * 2 : 64;
		uint32_t   *a,
				   *hh;

		if (nc > MG_MAX_ITEMS)
			nc = MG_MAX_ITEMS;
		a = mg_realloc(b->noff, (size_t) nc * 2 * sizeof(uint32_t));
		if (!a)
			return MG_ENOMEM;
		b->noff = a;
		hh = mg_realloc(b->nhash, (size_t) nc * sizeof(uint32_t));
		if (!hh)
			return MG_ENOMEM;
		b->nhash = hh;
		b->ncap = nc;
	}
	if (need > b->arena_cap)
	{
		size_t		nc = b->arena_cap ? b->arena_cap * 2 : 4096;
		char	   *a;

		while (nc < need)
			nc *= 2;
		if (nc > MG_MAX_ENCODED)
			nc = MG_MAX_ENCODED;
		a = mg_realloc(b->arena, nc);
		if (!a)
			return MG_ENOMEM;
		b->arena = a;
		b->arena_cap = nc;
	}
	{
		uint32_t	idv = b->nnodes,
					lenv = (uint32_t) len;

		memcpy(b->arena + entry, &idv, 4);
		memcpy(b->arena + entry + 4, &lenv, 4);
	}
	if (len)
		memcpy(b->arena + entry + 8, name, len);
	b->arena[entry + 8 + len] = '\0';
	b->noff[2 * b->nnodes] = (uint32_t) (entry + 8);
	b->noff[2 * b->nnodes + 1] = (uint32_t) len;
	b->nhash[b->nnodes] = hv;
	b->arena_len = need;
	b->names_bytes += len + 1;
	b->table[h] = ((uint64_t) hv << 32) | (uint64_t) (entry / 4 + 1);
	*id = b->nnodes++;
	if ((uint64_t) b->nnodes * 2 > b->tmask)
		return builder_rehash(b);
	return MG_OK;
}

int
mg_builder_node(MgBuilder *b, const char *name, size_t len, uint32_t *id)
{
	return builder_node_hashed(b, name, len, hash_bytes(name, len), id);
}

/*
 * Two lookups at once: the memory of both is requested before either is
 * used, so their cache misses overlap (lookups are bound by memory latency).
 */
int
mg_builder_node_pair(MgBuilder *b, const char *n1, size_t l1,
					 const char *n2, size_t l2, uint32_t *id1, uint32_t *id2)
{
	uint32_t	h1 = hash_bytes(n1, l1);
	uint32_t	h2 = hash_bytes(n2, l2);
	uint64_t	s1,
				s2;
	int			rc;

	prefetch(&b->table[h1 & b->tmask]);
	prefetch(&b->table[h2 & b->tmask]);
	s1 = b->table[h1 & b->tmask];
	s2 = b->table[h2 & b->tmask];
	if (s1 != 0)
		prefetch(b->arena + ((size_t) ((uint32_t) s1 - 1)) * 4);
	if (s2 != 0)
		prefetch(b->arena + ((size_t) ((uint32_t) s2 - 1)) * 4);
	rc = builder_node_hashed(b, n1, l1, h1, id1);
	if (rc != MG_OK)
		return rc;
	return builder_node_hashed(b, n2, l2, h2, id2);
}

int
mg_builder_edge(MgBuilder *b, uint32_t from, uint32_t to)
{
	if (from >= b->nnodes || to >= b->nnodes)
		return MG_EINVAL;
	if (b->nedges >= MG_MAX_ITEMS)
		return MG_ETOOBIG;
	if (b->nedges == b->ecap)
	{
		size_t		nc = b->ecap ? b->ecap * 2 : 256;
		uint32_t   *e;

		if (nc > MG_MAX_ITEMS)
			nc = MG_MAX_ITEMS;
		e = mg_realloc(b->edges, nc * 2 * sizeof(uint32_t));
		if (!e)
			return MG_ENOMEM;
		b->edges = e;
		b->ecap = nc;
	}
	b->edges[2 * b->nedges] = from;
	b->edges[2 * b->nedges + 1] = to;
	b->nedges++;
	return MG_OK;
}

int
mg_builder_add_graph(MgBuilder *b, const MgGraph *g)
{
	uint32_t   *map;
	uint32_t	i,
				e;
	int			rc = MG_OK;

	map = mg_alloc(((size_t) g->n + 1) * sizeof(uint32_t));
	if (!map)
		return MG_ENOMEM;
	for (i = 0; i < g->n && rc == MG_OK; i++, mc_poll(i))
		rc = mg_builder_node(b, mg_name(g, i), g->name_len[i], &map[i]);
	for (i = 0; i < g->n && rc == MG_OK; i++, mc_poll(i))
		for (e = g->out_off[i]; e < g->out_off[i + 1] && rc == MG_OK; e++)
			rc = mg_builder_edge(b, map[i], map[g->out_adj[e]]);
	mg_free(map);
	return rc;
}

int
mg_builder_merge(MgBuilder *dst, const MgBuilder *src)
{
	uint32_t   *map;
	uint32_t	i;
	size_t		e;
	int			rc = MG_OK;

	map = mg_alloc(((size_t) src->nnodes + 1) * sizeof(uint32_t));
	if (!map)
		return MG_ENOMEM;
	for (i = 0; i < src->nnodes && rc == MG_OK; i++, mc_poll(i))
		rc = mg_builder_node(dst, src->arena + src->noff[2 * i], src->noff[2 * i + 1], &map[i]);
	for (e = 0; e < src->nedges && rc == MG_OK; e++, mc_poll(e))
		rc = mg_builder_edge(dst, map[src->edges[2 * e]], map[src->edges[2 * e + 1]]);
	mg_free(map);
	return rc;
}

typedef struct
{
	uint64_t	key;			/* 8 name bytes after the common prefix */
	const char *p;
	uint32_t	len;
	uint32_t	id;
} NameRef;

static int
cmp_nameref(const void *a, const void *b)
{
	const NameRef *x = a;
	const NameRef *y = b;

	return name_cmp(x->p, x->len, y->p, y->len);
}

/*
 * Sort names in byte order: radix sort on 8 bytes following the prefix all
 * names share (NUL-padded, which keeps shorter names first since names have
 * no NUL bytes), then a comparison sort inside each run of equal keys.
 */
static int
sort_names(NameRef *refs, uint32_t n)
{
	NameRef    *tmp,
			   *src = refs,
			   *dst;
	size_t		lcp;
	uint32_t	i,
				j;
	int			pass;

	if (n < 2)
		return MG_OK;
	lcp = refs[0].len;
	for (i = 1; i < n && lcp > 0; i++)
	{
		size_t		k = 0;

		while (k < lcp && k < refs[i].len && refs[i].p[k] == refs[0].p[k])
			k++;
		lcp = k;
	}
	for (i = 0; i < n; i++, mc_poll(i))
	{
		uint64_t	key = 0;
		size_t		k;

		for (k = 0; k < 8; k++)
		{
			unsigned char c = (lcp + k < refs[i].len) ? (unsigned char) refs[i].p[lcp + k] : 0;

			key = (key << 8) | c;
		}
		refs[i].key = key;
	}
	tmp = mg_alloc((size_t) n * sizeof(NameRef));
	if (!tmp)
		return MG_ENOMEM;
	dst = tmp;
	for (pass = 0; pass < 8; pass++)
	{
		uint32_t	count[257];
		int			shift = pass * 8;
		NameRef    *t;

		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++, mc_poll(i))
			count[((src[i].key >> shift) & 0xFF) + 1]++;
		for (i = 0; i < 256; i++)
			if (count[i + 1] == n)
				break;
		if (i < 256)
			continue;			/* every key has the same byte here */
		for (i = 0; i < 256; i++)
			count[i + 1] += count[i];
		for (i = 0; i < n; i++, mc_poll(i))
			dst[count[(src[i].key >> shift) & 0xFF]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != refs)
		memcpy(refs, src, (size_t) n * sizeof(NameRef));
	mg_free(tmp);
	for (i = 0; i < n; i = j)
	{
		for (j = i + 1; j < n && refs[j].key == refs[i].key; j++)
			;
		if (j - i > 1)
			qsort(refs + i, j - i, sizeof(NameRef), cmp_nameref);
	}
	return MG_OK;
}

static int
builder_finish(const MgBuilder *b, MgGraph **out, int complete)
{
	uint32_t	n = b->nnodes,
				i;
	size_t		e,
				pos;
	NameRef    *refs = NULL;
	uint32_t   *rank = NULL;
	uint32_t   *fill = NULL;
	MgGraph    *g;
	int			rc = MG_ENOMEM;

	*out = NULL;
	g = mg_zalloc(sizeof(MgGraph));
	if (!g)
		return MG_ENOMEM;
	g->n = n;
	g->poolsize = b->names_bytes;
	refs = mg_alloc(((size_t) n + 1) * sizeof(NameRef));
	rank = mg_alloc(((size_t) n + 1) * sizeof(uint32_t));
	fill = mg_alloc(((size_t) n + 1) * sizeof(uint32_t));
	g->pool = mg_alloc(b->names_bytes + 1);
	g->name_off = mg_alloc(((size_t) n + 1) * sizeof(uint32_t));
	g->out_off = mg_zalloc(((size_t) n + 1) * sizeof(uint32_t));
	g->out_adj = mg_alloc((b->nedges + 1) * sizeof(uint32_t));
	if (!refs || !rank || !fill || !g->pool || !g->name_off || !g->out_off || !g->out_adj)
		goto done;

	for (i = 0; i < n; i++, mc_poll(i))
	{
		refs[i].p = b->arena + b->noff[2 * i];
		refs[i].len = b->noff[2 * i + 1];
		refs[i].id = i;
	}
	if (sort_names(refs, n) != MG_OK)
		goto done;
	pos = 0;
	for (i = 0; i < n; i++, mc_poll(i))
	{
		rank[refs[i].id] = i;
		g->name_off[i] = (uint32_t) pos;
		memcpy(g->pool + pos, refs[i].p, (size_t) refs[i].len + 1);
		pos += (size_t) refs[i].len + 1;
	}
	g->pool[pos] = '\0';

	/* bucket edges by source, then sort and deduplicate each list */
	for (e = 0; e < b->nedges; e++, mc_poll(e))
		g->out_off[rank[b->edges[2 * e]] + 1]++;
	for (i = 0; i < n; i++, mc_poll(i))
		g->out_off[i + 1] += g->out_off[i];
	memcpy(fill, g->out_off, ((size_t) n + 1) * sizeof(uint32_t));
	for (e = 0; e < b->nedges; e++, mc_poll(e))
		g->out_adj[fill[rank[b->edges[2 * e]]]++] = rank[b->edges[2 * e + 1]];
	pos = 0;
	for (i = 0; i < n; i++, mc_poll(i))
	{
		uint32_t	s = g->out_off[i],
					t = g->out_off[i + 1],
					k;

		mg_sort_u32(g->out_adj + s, t - s);
		g->out_off[i] = (uint32_t) pos;
		for (k = s; k < t; k++)
			if (k == s || g->out_adj[k] != g->out_adj[k - 1])
				g->out_adj[pos++] = g->out_adj[k];
	}
	g->out_off[n] = (uint32_t) pos;
	g->m = (uint32_t) pos;
	rc = complete ? mg_graph_complete(g) : MG_OK;

done:
	mg_free(refs);
	mg_free(rank);
	mg_free(fill);
	if (rc != MG_OK)
		mg_graph_free(g);
	else
		*out = g;
	return rc;
}

int
mg_builder_finish(const MgBuilder *b, MgGraph **out)
{
	return builder_finish(b, out, 1);
}

int
mg_builder_finish_for_encoding(const MgBuilder *b, MgGraph **out)
{
	return builder_finish(b, out, 0);
}
