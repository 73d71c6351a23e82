/*
 * graph.c - competency graph core (pure C99)
 *
 * See graph.h for the data model, the stored layout and the text form.
 */
#include "graph.h"
#include "mcommon.h"

#include <stdlib.h>
#include <string.h>

/* ---- allocator ---------------------------------------------------------- */

static mg_alloc_fn mg_alloc_impl = malloc;
static mg_realloc_fn mg_realloc_impl = realloc;
static mg_free_fn mg_free_impl = free;

void
mg_set_allocator(mg_alloc_fn a, mg_realloc_fn r, mg_free_fn f)
{
	mg_alloc_impl = a ? a : malloc;
	mg_realloc_impl = r ? r : realloc;
	mg_free_impl = f ? f : free;
}

static void *
mg_alloc(size_t size)
{
	return mg_alloc_impl(size ? size : 1);
}

static void *
mg_zalloc(size_t size)
{
	void	   *p = mg_alloc(size);

	if (p)
		memset(p, 0, size ? size : 1);
	return p;
}

static void *
mg_realloc(void *p, size_t size)
{
	if (p == NULL)
		return mg_alloc(size);
	return mg_realloc_impl(p, size ? size : 1);
}

static void
mg_free(void *p)
{
	if (p)
		mg_free_impl(p);
}

/* ---- small helpers ------------------------------------------------------ */

/*
 * Hash of a name, eight bytes at a time (values live only in memory, so
 * byte order does not matter).
 */
static inline uint32_t
hash_bytes(const char *s, size_t len)
{
	uint64_t	h = 0x9E3779B97F4A7C15ull ^ (uint64_t) len;
	uint64_t	v;

	while (len >= 8)
	{
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
		s += 8;
		len -= 8;
	}
	if (len > 0)
	{
		/* the last 1..7 bytes, read without a variable-length copy */
		if (len >= 4)
		{
			uint32_t	a,
						b;

			memcpy(&a, s, 4);
			memcpy(&b, s + len - 4, 4);
			v = ((uint64_t) a << 32) | b;
		}
		else
			v = (uint64_t) (unsigned char) s[0] | (uint64_t) (unsigned char) s[len >> 1] << 8 |
				(uint64_t) (unsigned char) s[len - 1] << 16;
		h = (h ^ v) * 0x94d049bb133111ebull;
		h ^= h >> 29;
	}
	h ^= h >> 32;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (uint32_t) h;
}

static int
name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t		l = alen < blen ? alen : blen;
	int			c = l ? memcmp(a, b, l) : 0;

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* LSD radix sort, 4 passes of 8 bits */
static void
radix_u32(uint32_t *v, uint32_t *tmp, uint32_t n)
{
	uint32_t	shift,
				i;
	uint32_t   *src = v,
			   *dst = tmp,
			   *t;

	for (shift = 0; shift < 32; shift += 8)
	{
		uint32_t	count[257];

		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[((src[i] >> shift) & 0xFF) + 1]++;
		for (i = 0; i < 256; i++)
			count[i + 1] += count[i];
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	/* four passes: the result is back in v */
}

/* Shell sort (Ciura's gaps): no allocation, fast on the short lists here. */
static void
sort_u32(uint32_t *v, uint32_t n)
{
	static const uint32_t gaps[] = {1750, 701, 301, 132, 57, 23, 10, 4, 1};
	size_t		gi;

	if (n < 2)
		return;
	if (n > 4096)
	{
		uint32_t   *tmp = mg_alloc((size_t) n * sizeof(uint32_t));

		if (tmp != NULL)
		{
			radix_u32(v, tmp, n);
			mg_free(tmp);
			return;
		}
	}
	for (gi = 0; gi < sizeof(gaps) / sizeof(gaps[0]); gi++)
	{
		uint32_t	gap = gaps[gi],
					i;

		if (gap >= n)
			continue;
		for (i = gap; i < n; i++)
		{
			uint32_t	x = v[i],
						j = i;

			while (j >= gap && v[j - gap] > x)
			{
				v[j] = v[j - gap];
				j -= gap;
			}
			v[j] = x;
		}
	}
}

static uint32_t
next_stamp(uint32_t *mark, uint32_t *stamp, uint32_t n)
{
	if (++(*stamp) == 0)
	{
		memset(mark, 0, (size_t) n * sizeof(uint32_t));
		*stamp = 1;
	}
	return *stamp;
}

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
static int
graph_complete(MgGraph *g)
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

	for (i = 0; i < n; i++)
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
	for (e = 0; e < g->m; e++)
		g->in_off[g->out_adj[e] + 1]++;
	for (i = 0; i < n; i++)
		g->in_off[i + 1] += g->in_off[i];
	memcpy(g->work1, g->in_off, n1 * sizeof(uint32_t));
	for (i = 0; i < n; i++)
		for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
			g->in_adj[g->work1[g->out_adj[e]]++] = i;

	g->nroots = 0;
	for (i = 0; i < n; i++)
		if (g->in_off[i + 1] == g->in_off[i])
			g->nroots++;
	g->roots = mg_alloc(((size_t) g->nroots + 1) * sizeof(uint32_t));
	if (!g->roots)
		return MG_ENOMEM;
	g->nroots = 0;
	for (i = 0; i < n; i++)
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

int
mg_graph_decode(const unsigned char *buf, size_t len, MgGraph **out,
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
	for (i = 0; i < n; i++)
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
	for (i = 0; i < n; i++)
	{
		if (g->out_off[i + 1] < g->out_off[i] || g->out_off[i + 1] > m)
		{
			mg_graph_free(g);
			*why = "the adjacency offsets are malformed";
			return MG_ECORRUPT;
		}
	}
	for (i = 0; i < n; i++)
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
	rc = graph_complete(g);
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
	for (i = 0; i < b->nnodes; i++)
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
	for (i = 0; i < g->n && rc == MG_OK; i++)
		rc = mg_builder_node(b, mg_name(g, i), g->name_len[i], &map[i]);
	for (i = 0; i < g->n && rc == MG_OK; i++)
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
	for (i = 0; i < src->nnodes && rc == MG_OK; i++)
		rc = mg_builder_node(dst, src->arena + src->noff[2 * i], src->noff[2 * i + 1], &map[i]);
	for (e = 0; e < src->nedges && rc == MG_OK; e++)
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
	for (i = 0; i < n; i++)
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
		for (i = 0; i < n; i++)
			count[((src[i].key >> shift) & 0xFF) + 1]++;
		for (i = 0; i < 256; i++)
			if (count[i + 1] == n)
				break;
		if (i < 256)
			continue;			/* every key has the same byte here */
		for (i = 0; i < 256; i++)
			count[i + 1] += count[i];
		for (i = 0; i < n; i++)
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

	for (i = 0; i < n; i++)
	{
		refs[i].p = b->arena + b->noff[2 * i];
		refs[i].len = b->noff[2 * i + 1];
		refs[i].id = i;
	}
	if (sort_names(refs, n) != MG_OK)
		goto done;
	pos = 0;
	for (i = 0; i < n; i++)
	{
		rank[refs[i].id] = i;
		g->name_off[i] = (uint32_t) pos;
		memcpy(g->pool + pos, refs[i].p, (size_t) refs[i].len + 1);
		pos += (size_t) refs[i].len + 1;
	}
	g->pool[pos] = '\0';

	/* bucket edges by source, then sort and deduplicate each list */
	for (e = 0; e < b->nedges; e++)
		g->out_off[rank[b->edges[2 * e]] + 1]++;
	for (i = 0; i < n; i++)
		g->out_off[i + 1] += g->out_off[i];
	memcpy(fill, g->out_off, ((size_t) n + 1) * sizeof(uint32_t));
	for (e = 0; e < b->nedges; e++)
		g->out_adj[fill[rank[b->edges[2 * e]]]++] = rank[b->edges[2 * e + 1]];
	pos = 0;
	for (i = 0; i < n; i++)
	{
		uint32_t	s = g->out_off[i],
					t = g->out_off[i + 1],
					k;

		sort_u32(g->out_adj + s, t - s);
		g->out_off[i] = (uint32_t) pos;
		for (k = s; k < t; k++)
			if (k == s || g->out_adj[k] != g->out_adj[k - 1])
				g->out_adj[pos++] = g->out_adj[k];
	}
	g->out_off[n] = (uint32_t) pos;
	g->m = (uint32_t) pos;
	rc = complete ? graph_complete(g) : MG_OK;

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

/* ---- growable text buffer ----------------------------------------------- */

typedef struct
{
	char	   *d;
	size_t		len;
	size_t		cap;
	int			failed;
} Buf;

static void
buf_reserve(Buf *b, size_t more)
{
	size_t		nc;
	char	   *d;

	if (b->failed)
		return;
	if (b->len + more + 1 <= b->cap)
		return;
	nc = b->cap ? b->cap : 256;
	while (nc < b->len + more + 1)
		nc *= 2;
	if (nc > MG_MAX_ENCODED)
	{
		if (b->len + more + 1 > MG_MAX_ENCODED)
		{
			b->failed = 1;
			return;
		}
		nc = MG_MAX_ENCODED;
	}
	d = mg_realloc(b->d, nc);
	if (!d)
	{
		b->failed = 1;
		return;
	}
	b->d = d;
	b->cap = nc;
}

static void
buf_put(Buf *b, const char *s, size_t len)
{
	buf_reserve(b, len);
	if (b->failed)
		return;
	memcpy(b->d + b->len, s, len);
	b->len += len;
	b->d[b->len] = '\0';
}

static void
buf_puts(Buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static char *
buf_finish(Buf *b, size_t *len)
{
	buf_reserve(b, 0);
	if (b->failed)
	{
		mg_free(b->d);
		return NULL;
	}
	b->d[b->len] = '\0';
	if (len)
		*len = b->len;
	return b->d;
}

/* ---- text form ---------------------------------------------------------- */

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int
is_special(char c)
{
	return is_ws(c) || c == '{' || c == '}' || c == ',' || c == '"' || c == '\\';
}

static int
needs_quotes(const char *s, size_t len)
{
	size_t		i;

	if (len == 0)
		return 1;
	for (i = 0; i < len; i++)
	{
		if (is_special(s[i]))
			return 1;
		if (s[i] == '-' && i + 1 < len && s[i + 1] == '>')
			return 1;
	}
	return 0;
}

static void
put_name(Buf *b, const char *s, size_t len)
{
	size_t		i,
				start;

	if (!needs_quotes(s, len))
	{
		buf_put(b, s, len);
		return;
	}
	buf_put(b, "\"", 1);
	start = 0;
	for (i = 0; i < len; i++)
	{
		if (s[i] == '"' || s[i] == '\\')
		{
			buf_put(b, s + start, i - start);
			buf_put(b, "\\", 1);
			start = i;
		}
	}
	buf_put(b, s + start, len - start);
	buf_put(b, "\"", 1);
}

char *
mg_format(const MgGraph *g, size_t *len)
{
	Buf			b = {0};
	uint32_t	i,
				e;
	int			first = 1;

	buf_reserve(&b, g->poolsize + (size_t) g->m * 8 + 2);
	buf_put(&b, "{", 1);
	for (i = 0; i < g->n && !b.failed; i++)
	{
		if (g->out_off[i] == g->out_off[i + 1])
		{
			if (g->in_off[i] != g->in_off[i + 1])
				continue;
			if (!first)
				buf_put(&b, ", ", 2);
			first = 0;
			put_name(&b, mg_name(g, i), g->name_len[i]);
			continue;
		}
		for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
		{
			uint32_t	t = g->out_adj[e];

			if (!first)
				buf_put(&b, ", ", 2);
			first = 0;
			put_name(&b, mg_name(g, i), g->name_len[i]);
			buf_put(&b, "->", 2);
			put_name(&b, mg_name(g, t), g->name_len[t]);
		}
	}
	buf_put(&b, "}", 1);
	return buf_finish(&b, len);
}

typedef struct
{
	const char *s;
	size_t		len;
	size_t		i;
	char	   *tmp;			/* unescaped quoted names */
} Lexer;

static void
skip_ws(Lexer *lx)
{
	while (lx->i < lx->len && is_ws(lx->s[lx->i]))
		lx->i++;
}

/* Read a name at the current position; returns 0 ok, else sets err. */
static int
read_name(Lexer *lx, const char **name, size_t *nlen, MgParseError *err)
{
	size_t		start = lx->i;

	if (lx->i >= lx->len)
	{
		err->pos = lx->len + 1;
		err->msg = "Unexpected end of input";
		return MG_ESYNTAX;
	}
	if (lx->s[lx->i] == '"')
	{
		size_t		o = 0;

		lx->i++;
		for (;;)
		{
			char		c;

			if (lx->i >= lx->len)
			{
				err->pos = start + 1;
				err->msg = "Unterminated quoted name";
				return MG_ESYNTAX;
			}
			c = lx->s[lx->i++];
			if (c == '"')
				break;
			if (c == '\\')
			{
				if (lx->i >= lx->len)
				{
					err->pos = start + 1;
					err->msg = "Unterminated quoted name";
					return MG_ESYNTAX;
				}
				c = lx->s[lx->i++];
			}
			lx->tmp[o++] = c;
		}
		*name = lx->tmp;
		*nlen = o;
		return MG_OK;
	}
	while (lx->i < lx->len && !is_special(lx->s[lx->i]) &&
		   !(lx->s[lx->i] == '-' && lx->i + 1 < lx->len && lx->s[lx->i + 1] == '>'))
		lx->i++;
	if (lx->i == start)
	{
		err->pos = start + 1;
		err->msg = "Expected a name";
		return MG_ESYNTAX;
	}
	*name = lx->s + start;
	*nlen = lx->i - start;
	return MG_OK;
}

int
mg_parse(const char *s, size_t len, MgBuilder *b, MgParseError *err)
{
	Lexer		lx;
	int			rc = MG_OK;

	lx.s = s;
	lx.len = len;
	lx.i = 0;
	lx.tmp = mg_alloc(len + 1);
	if (!lx.tmp)
		return MG_ENOMEM;
	err->pos = 0;
	err->msg = NULL;

	skip_ws(&lx);
	if (lx.i >= len)
	{
		err->pos = len + 1;
		err->msg = "Unexpected end of input";
		rc = MG_ESYNTAX;
		goto done;
	}
	if (s[lx.i] != '{')
	{
		err->pos = lx.i + 1;
		err->msg = "Expected \"{\"";
		rc = MG_ESYNTAX;
		goto done;
	}
	lx.i++;
	skip_ws(&lx);
	if (lx.i < len && s[lx.i] == '}')
		lx.i++;
	else
	{
		for (;;)
		{
			const char *nm;
			size_t		nl;
			uint32_t	a,
						c;

			skip_ws(&lx);
			if ((rc = read_name(&lx, &nm, &nl, err)) != MG_OK)
				goto done;
			if ((rc = mg_builder_node(b, nm, nl, &a)) != MG_OK)
				goto done;
			skip_ws(&lx);
			if (lx.i + 1 < len && s[lx.i] == '-' && s[lx.i + 1] == '>')
			{
				lx.i += 2;
				skip_ws(&lx);
				if ((rc = read_name(&lx, &nm, &nl, err)) != MG_OK)
					goto done;
				if ((rc = mg_builder_node(b, nm, nl, &c)) != MG_OK)
					goto done;
				if ((rc = mg_builder_edge(b, a, c)) != MG_OK)
					goto done;
				skip_ws(&lx);
			}
			if (lx.i >= len)
			{
				err->pos = len + 1;
				err->msg = "Unexpected end of input";
				rc = MG_ESYNTAX;
				goto done;
			}
			if (s[lx.i] == ',')
			{
				lx.i++;
				continue;
			}
			if (s[lx.i] == '}')
			{
				lx.i++;
				break;
			}
			err->pos = lx.i + 1;
			err->msg = "Expected \",\" or \"}\"";
			rc = MG_ESYNTAX;
			goto done;
		}
	}
	skip_ws(&lx);
	if (lx.i < len)
	{
		err->pos = lx.i + 1;
		err->msg = "Unexpected text after \"}\"";
		rc = MG_ESYNTAX;
	}
done:
	mg_free(lx.tmp);
	return rc;
}

/* ---- traversals --------------------------------------------------------- */

/*
 * Sort distinct node ids ascending (= name order): through the graph's
 * bitmap when scanning it is cheaper than comparison sorting. With marked,
 * the ids' bits are already set in g->bits (a traversal's marks). g->bits is
 * left clear either way.
 */
static void
sort_ids_marked(MgGraph *g, uint32_t *ids, uint32_t cnt, bool marked)
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
				g->bits[ids[i] >> 6] = 0;
		if (cnt >= 2)
			sort_u32(ids, cnt);
		return;
	}
	if (!marked)
		for (i = 0; i < cnt; i++)
			g->bits[ids[i] >> 6] |= (uint64_t) 1 << (ids[i] & 63);
	(void) mc_bits_to_ids(g->bits, lo >> 6, hi >> 6, ids, true);
}

static void
sort_ids(MgGraph *g, uint32_t *ids, uint32_t cnt)
{
	sort_ids_marked(g, ids, cnt, false);
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
		sort_ids_marked(g, out, cnt, true);
		return cnt;
	}
	else
	{
		uint32_t   *mark = g->mark_b;
		uint32_t	s = next_stamp(g->mark_b, &g->stamp_b, g->n);
		uint32_t   *queue = g->work1;
		uint32_t   *depth = g->work2;
		uint32_t	tail = 0;

		queue[tail] = start;
		depth[tail++] = 0;
		while (head < tail)
		{
			uint32_t	v = queue[head];
			uint32_t	d = depth[head++];

			if ((int64_t) d >= max_depth)
				continue;
			for (e = off[v]; e < off[v + 1]; e++)
			{
				uint32_t	w = adj[e];

				if (mark[w] != s)
				{
					mark[w] = s;
					out[cnt++] = w;
					queue[tail] = w;
					depth[tail++] = d + 1;
				}
			}
		}
	}
	sort_ids(g, out, cnt);
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

static uint32_t
mark_mastered(MgGraph *g, const uint32_t *mastered, uint32_t k)
{
	uint32_t	sa = next_stamp(g->mark_a, &g->stamp_a, g->n);
	uint32_t	i;

	for (i = 0; i < k; i++)
		g->mark_a[mastered[i]] = sa;
	return sa;
}

uint32_t
mg_ready(MgGraph *g, const uint32_t *mastered, uint32_t k, uint32_t *out)
{
	uint32_t	sa = mark_mastered(g, mastered, k);
	uint32_t	sb = next_stamp(g->mark_b, &g->stamp_b, g->n);
	uint32_t	cnt = 0,
				i,
				e,
				f;

	for (i = 0; i < g->nroots; i++)
		if (g->mark_a[g->roots[i]] != sa)
			out[cnt++] = g->roots[i];
	for (i = 0; i < k; i++)
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
	sort_ids(g, out, cnt);
	return cnt;
}

uint32_t
mg_gaps(MgGraph *g, const uint32_t *mastered, uint32_t k, uint32_t *out)
{
	uint32_t	sa = mark_mastered(g, mastered, k);
	uint32_t	sb = next_stamp(g->mark_b, &g->stamp_b, g->n);
	uint32_t   *queue = g->work1;
	uint32_t	head = 0,
				tail = 0,
				cnt = 0,
				i,
				e;

	for (i = 0; i < k; i++)
		if (g->mark_b[mastered[i]] != sb)
		{
			g->mark_b[mastered[i]] = sb;
			queue[tail++] = mastered[i];
		}
	while (head < tail)
	{
		uint32_t	v = queue[head++];

		for (e = g->in_off[v]; e < g->in_off[v + 1]; e++)
		{
			uint32_t	w = g->in_adj[e];

			if (g->mark_b[w] != sb)
			{
				g->mark_b[w] = sb;
				queue[tail++] = w;
				if (g->mark_a[w] != sa)
					out[cnt++] = w;
			}
		}
	}
	sort_ids(g, out, cnt);
	return cnt;
}

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

	for (i = 0; i < cnt; i++)
	{
		uint32_t	v = members[i];
		uint32_t	d = 0;

		for (e = g->in_off[v]; e < g->in_off[v + 1]; e++)
			if (in_sub(g, mode, g->in_adj[e]))
				d++;
		indeg[v] = d;
	}
	for (i = 0; i < cnt; i++)
		if (indeg[members[i]] == 0)
			heap_push(heap, &hn, members[i]);
	while (hn > 0)
	{
		uint32_t	v = heap_pop(heap, &hn);

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

	for (i = 0; i < g->n; i++)
		g->work1[i] = i;
	return kahn(g, SUB_ALL, g->work1, g->n, out, cyc);
}

/* Mark node and all its prerequisites with a new stamp_b; list in work1. */
static uint32_t
collect_ancestors(MgGraph *g, uint32_t node)
{
	uint32_t   *queue = g->work1;
	uint32_t	s = next_stamp(g->mark_b, &g->stamp_b, g->n);
	uint32_t	head = 0,
				tail = 0,
				e;

	g->mark_b[node] = s;
	queue[tail++] = node;
	while (head < tail)
	{
		uint32_t	v = queue[head++];

		for (e = g->in_off[v]; e < g->in_off[v + 1]; e++)
		{
			uint32_t	w = g->in_adj[e];

			if (g->mark_b[w] != s)
			{
				g->mark_b[w] = s;
				queue[tail++] = w;
			}
		}
	}
	return tail;
}

int
mg_learning_path(MgGraph *g, const uint32_t *mastered, uint32_t k,
				 uint32_t target, uint32_t *out, uint32_t *nout, MgCycle *cyc)
{
	uint32_t	cnt,
				i,
				sel = 0;
	int			rc;

	mark_mastered(g, mastered, k);
	cnt = collect_ancestors(g, target);
	/* keep the unmastered members (compacted in place in work1) */
	for (i = 0; i < cnt; i++)
		if (in_sub(g, SUB_B_NOT_A, g->work1[i]))
			g->work1[sel++] = g->work1[i];
	rc = kahn(g, SUB_B_NOT_A, g->work1, sel, out, cyc);
	*nout = rc == MG_OK ? sel : 0;
	return rc;
}

int
mg_depth(MgGraph *g, uint32_t node, uint32_t *depth, MgCycle *cyc)
{
	uint32_t	cnt = collect_ancestors(g, node);
	uint32_t	i,
				e;
	uint32_t   *order = g->work4;
	uint32_t   *d = g->work2;
	int			rc;

	rc = kahn(g, SUB_B, g->work1, cnt, order, cyc);
	if (rc != MG_OK)
		return rc;
	for (i = 0; i < cnt; i++)
	{
		uint32_t	v = order[i],
					best = 0;

		for (e = g->in_off[v]; e < g->in_off[v + 1]; e++)
			if (d[g->in_adj[e]] + 1 > best)
				best = d[g->in_adj[e]] + 1;
		d[v] = best;
	}
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
	for (i = 0; i < g->n; i++)
	{
		uint32_t	v = out[i],
					b = 0;

		for (e = g->in_off[v]; e < g->in_off[v + 1]; e++)
			if (d[g->in_adj[e]] + 1 > b)
				b = d[g->in_adj[e]] + 1;
		d[v] = b;
	}
	for (i = 0; i < g->n; i++)
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
	for (s = 0; s < n; s++)
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
	for (i = 0; i < n; i++)
		info[comp[i]]++;
	/* it[c] = rank + 1 of component c, 0 = not cyclic / not yet seen */
	for (i = 0; i < ncomp; i++)
		it[i] = 0;
	for (i = 0; i < n; i++)
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
	for (i = 0; i < n; i++)
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

	for (i = 0; i < count; i++)
		g->mark_a[members[i]] = sa;
	queue[tail++] = node;
	g->mark_b[node] = sb;
	while (head < tail)
	{
		uint32_t	v = queue[head++];

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

/* ---- Graphviz DOT -------------------------------------------------------- */

static void
put_dot_id(Buf *b, const char *s, size_t len)
{
	size_t		i;

	buf_put(b, "\"", 1);
	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c == '"' || c == '\\')
		{
			buf_put(b, "\\", 1);
			buf_put(b, &c, 1);
		}
		else if (c == '\n')
			buf_put(b, "\\n", 2);
		else if (c == '\r')
			buf_put(b, "\\r", 2);
		else
			buf_put(b, &c, 1);
	}
	buf_put(b, "\"", 1);
}

char *
mg_dot(MgGraph *g, const uint32_t *mastered, uint32_t k, int styled,
	   int64_t around, size_t *len)
{
	Buf			b = {0};
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
	for (i = 0; i < g->n; i++)
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
		for (i = 0; i < g->n; i++)
			g->work3[i] = 0;
		for (i = 0; i < nready; i++)
			g->work3[ready[i]] = 1;
		for (i = 0; i < ngaps; i++)
			g->work3[gaps[i]] = 2;
		mg_free(ready);
		mg_free(gaps);
	}
	buf_puts(&b, "digraph competency_graph {\n"
			 "  rankdir=LR;\n"
			 "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n");
	if (styled)
		buf_puts(&b, "  // mastered: green; gap (unmastered prerequisite of a mastered competency): orange, red border;\n"
				 "  // ready to learn: yellow, bold border; not yet: grey\n");
	for (i = 0; i < g->n && !b.failed; i++)
	{
		if (dist[i] == NOT_DRAWN)
			continue;
		buf_puts(&b, "  ");
		put_dot_id(&b, mg_name(g, i), g->name_len[i]);
		if (styled)
		{
			if (g->mark_a[i] == sa)
				buf_puts(&b, " [class=\"mastered\", fillcolor=\"#a6d96a\"]");
			else if (g->work3[i] == 2)
				buf_puts(&b, " [class=\"gap\", fillcolor=\"#fdae61\", color=\"#d7191c\", penwidth=2.5]");
			else if (g->work3[i] == 1)
				buf_puts(&b, " [class=\"ready\", fillcolor=\"#fee08b\", penwidth=2.5]");
			else
				buf_puts(&b, " [class=\"not_yet\", fillcolor=\"#eeeeee\", fontcolor=\"#666666\", color=\"#999999\"]");
		}
		buf_puts(&b, ";\n");
	}
	for (i = 0; i < g->n && !b.failed; i++)
	{
		if (dist[i] == NOT_DRAWN)
			continue;
		for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
		{
			if (dist[g->out_adj[e]] == NOT_DRAWN)
				continue;
			buf_puts(&b, "  ");
			put_dot_id(&b, mg_name(g, i), g->name_len[i]);
			buf_puts(&b, " -> ");
			put_dot_id(&b, mg_name(g, g->out_adj[e]), g->name_len[g->out_adj[e]]);
			buf_puts(&b, ";\n");
		}
	}
	buf_puts(&b, "}\n");
	return buf_finish(&b, len);
}
