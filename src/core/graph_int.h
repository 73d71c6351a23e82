/*
 * graph_int.h - what the files of the competency graph core share (private)
 *
 * Not for the glue: the public interface is graph.h.  Here: the allocator
 * wrappers, the name hash and order, the stamp marks, the id sorts and the
 * growable text buffer used by the graph_*.c files.
 */
#ifndef MG_GRAPH_INT_H
#define MG_GRAPH_INT_H

#include "graph.h"
#include "mcommon.h"

#include <string.h>

/* ---- allocator (graph_base.c) ------------------------------------------- */

extern mg_alloc_fn mg_alloc_impl;
extern mg_realloc_fn mg_realloc_impl;
extern mg_free_fn mg_free_impl;

static inline void *
mg_alloc(size_t size)
{
	return mg_alloc_impl(size ? size : 1);
}

static inline void *
mg_zalloc(size_t size)
{
	void	   *p = mg_alloc(size);

	if (p)
		memset(p, 0, size ? size : 1);
	return p;
}

static inline void *
mg_realloc(void *p, size_t size)
{
	if (p == NULL)
		return mg_alloc(size);
	return mg_realloc_impl(p, size ? size : 1);
}

static inline void
mg_free(void *p)
{
	if (p)
		mg_free_impl(p);
}

/* ---- names --------------------------------------------------------------- */

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

/* Byte order of names (memcmp, shorter first on a common prefix). */
static inline int
name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t		l = alen < blen ? alen : blen;
	int			c = l ? memcmp(a, b, l) : 0;

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* ---- marks --------------------------------------------------------------- */

/* A fresh stamp for a mark array (cleared when the counter wraps). */
static inline uint32_t
next_stamp(uint32_t *mark, uint32_t *stamp, uint32_t n)
{
	if (++(*stamp) == 0)
	{
		memset(mark, 0, (size_t) n * sizeof(uint32_t));
		*stamp = 1;
	}
	return *stamp;
}

/* Mark the mastered ids with a new stamp_a; returns the stamp. */
static inline uint32_t
mg_mark_mastered(MgGraph *g, const uint32_t *mastered, uint32_t k)
{
	uint32_t	sa = next_stamp(g->mark_a, &g->stamp_a, g->n);
	uint32_t	i;

	for (i = 0; i < k; i++)
		g->mark_a[mastered[i]] = sa;
	return sa;
}

/* ---- sorting (graph_base.c, graph_walk.c) ------------------------------- */

/* Ascending sort of n ids (radix for long lists, else Shell sort). */
void		mg_sort_u32(uint32_t *v, uint32_t n);

/* mg_sort_distinct() over the graph's bitmap g->bits. */
static inline void
mg_sort_ids_marked(MgGraph *g, uint32_t *ids, uint32_t cnt, bool marked)
{
	mg_sort_distinct(ids, cnt, g->bits, marked);
}

static inline void
mg_sort_ids(MgGraph *g, uint32_t *ids, uint32_t cnt)
{
	mg_sort_distinct(ids, cnt, g->bits, false);
}

/* ---- decoded graph (graph_codec.c) -------------------------------------- */

/*
 * Given n, m, pool, name_off and out_off/out_adj, derive everything else:
 * name lengths, reverse adjacency, roots, the name hash and scratch arrays.
 */
int			mg_graph_complete(MgGraph *g);

/* ---- growable text buffer (graph_base.c) -------------------------------- */

typedef struct
{
	char	   *d;
	size_t		len;
	size_t		cap;
	int			failed;
} MgBuf;

/* Room for more bytes and a NUL (sets failed past MG_MAX_ENCODED or on ENOMEM). */
void		mg_buf_grow(MgBuf *b, size_t more);

static inline void
mg_buf_reserve(MgBuf *b, size_t more)
{
	if (b->failed || b->len + more + 1 <= b->cap)
		return;
	mg_buf_grow(b, more);
}

static inline void
mg_buf_put(MgBuf *b, const char *s, size_t len)
{
	mg_buf_reserve(b, len);
	if (b->failed)
		return;
	memcpy(b->d + b->len, s, len);
	b->len += len;
	b->d[b->len] = '\0';
}

static inline void
mg_buf_puts(MgBuf *b, const char *s)
{
	mg_buf_put(b, s, strlen(s));
}

/* The NUL-terminated text (length in *len), or NULL after a failure. */
char	   *mg_buf_finish(MgBuf *b, size_t *len);

#endif							/* MG_GRAPH_INT_H */
