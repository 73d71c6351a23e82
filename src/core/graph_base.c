/*
 * graph_base.c - what the graph files share: allocator, id sort, text buffer
 *
 * Part of the competency graph core (pure C99, no PostgreSQL headers); see
 * graph.h for the data model and graph_int.h for what the graph files share.
 */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- allocator ---------------------------------------------------------- */

mg_alloc_fn mg_alloc_impl = malloc;
mg_realloc_fn mg_realloc_impl = realloc;
mg_free_fn mg_free_impl = free;

void
mg_set_allocator(mg_alloc_fn a, mg_realloc_fn r, mg_free_fn f)
{
	mg_alloc_impl = a ? a : malloc;
	mg_realloc_impl = r ? r : realloc;
	mg_free_impl = f ? f : free;
}

/* ---- id sort ------------------------------------------------------------ */

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
		for (i = 0; i < n; i++, mc_poll(i))
			count[((src[i] >> shift) & 0xFF) + 1]++;
		for (i = 0; i < 256; i++)
			count[i + 1] += count[i];
		for (i = 0; i < n; i++, mc_poll(i))
			dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	/* four passes: the result is back in v */
}

/* Shell sort (Ciura's gaps): no allocation, fast on the short lists here. */
void
mg_sort_u32(uint32_t *v, uint32_t n)
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
		for (i = gap; i < n; i++, mc_poll(i))
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


/* ---- growable text buffer ----------------------------------------------- */

void
mg_buf_grow(MgBuf *b, size_t more)
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

char *
mg_buf_finish(MgBuf *b, size_t *len)
{
	mg_buf_reserve(b, 0);
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
