/*
 * compare.c: equality, order and hashes of stored values (see compare.h).
 */
#include "compare.h"
#include "evidence.h"

#include <math.h>
#include <string.h>

uint64_t
mc_hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const uint8_t *p = data;
	uint64_t	h = mc_mix64(seed ^ UINT64_C(0x6a09e667f3bcc908));
	size_t		i;

	for (i = 0; i + 8 <= len; i += 8)
		h = mc_hash_add(h, mc_get_u64(p + i));
	if (i < len)
	{
		uint8_t		tail[8] = {0};

		memcpy(tail, p + i, len - i);
		h = mc_hash_add(h, mc_get_u64(tail));
	}
	return mc_hash_add(h, (uint64_t) len);
}

/* ---------------------------------------------------------------- mastery */

static uint64_t
double_bits(double v)
{
	uint64_t	b;

	memcpy(&b, &v, 8);
	return b;
}

/* order of two doubles with -0 before 0 (no NaN here) */
static int
double_cmp(double a, double b)
{
	if (a != b)
		return a < b ? -1 : 1;
	if (a == 0.0 && signbit(a) != signbit(b))
		return signbit(a) ? -1 : 1;
	return 0;
}

/* mas_item_cmp, with -0 and 0 told apart (their text forms differ) */
static int
item_cmp(const MasItem *a, const MasItem *b)
{
	int			c = mas_item_cmp(a, b);

	return c != 0 ? c : double_cmp(a->score, b->score);
}

static int
corrupt(MasErr *err)
{
	return mas_err(err, MAS_ERR_CORRUPT, "The stored evidence stream is malformed.");
}

int
mas_value_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
			  int *result, MasErr *err)
{
	MasIter		ia,
				ib;
	MasItem		xa,
				xb;

	*result = 0;
	if (mas_iter_init(&ia, a, alen, err) != MAS_OK || mas_iter_init(&ib, b, blen, err) != MAS_OK)
		return MAS_ERR_CORRUPT;
	for (;;)
	{
		int			ra = mas_iter_next(&ia, &xa);
		int			rb = mas_iter_next(&ib, &xb);
		int			c;

		mc_tick();
		if (ra < 0 || rb < 0)
			return corrupt(err);
		if (ra == 0 || rb == 0)
		{
			*result = ra - rb;	/* the shorter (a prefix) first */
			return MAS_OK;
		}
		c = item_cmp(&xa, &xb);
		if (c != 0)
		{
			*result = c;
			return MAS_OK;
		}
	}
}

int
mas_value_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
			 bool *result, MasErr *err)
{
	int			c;

	if (alen >= MAS_HEADER_SIZE && blen >= MAS_HEADER_SIZE && mas_count(a, alen) != mas_count(b, blen))
	{
		*result = false;
		return MAS_OK;
	}
	if (alen == blen && memcmp(a, b, alen) == 0)
	{
		/* the same bytes decode to the same evidence (if they decode at all) */
		MasIter		it;

		if (mas_iter_init(&it, a, alen, err) != MAS_OK)
			return MAS_ERR_CORRUPT;
		*result = true;
		return MAS_OK;
	}
	if (mas_value_cmp(a, alen, b, blen, &c, err) != MAS_OK)
		return MAS_ERR_CORRUPT;
	*result = c == 0;
	return MAS_OK;
}

int
mas_value_hash(const uint8_t *data, size_t len, uint64_t seed, uint64_t *out, MasErr *err)
{
	MasIter		it;
	MasItem		x;
	uint64_t	h = mc_mix64(seed ^ UINT64_C(0xbb67ae8584caa73b));
	uint64_t	n = 0;
	int			r;

	*out = 0;
	if (mas_iter_init(&it, data, len, err) != MAS_OK)
		return MAS_ERR_CORRUPT;
	while ((r = mas_iter_next(&it, &x)) > 0)
	{
		mc_tick();
		h = mc_hash_add(h, (uint64_t) x.at_null | ((uint64_t) x.seq_null << 1));
		h = mc_hash_add(h, x.at_null ? 0 : (uint64_t) x.at);
		h = mc_hash_add(h, x.seq_null ? 0 : (uint64_t) x.seq);
		h = mc_hash_add(h, double_bits(x.score));
		n++;
	}
	if (r < 0)
		return corrupt(err);
	*out = mc_hash_add(h, n);
	return MAS_OK;
}

/* ---------------------------------------------------------------- scales */

static int
label_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t		l = alen < blen ? alen : blen;
	int			c = l ? memcmp(a, b, l) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	return (alen > blen) - (alen < blen);
}

int
ms_def_cmp(const MasScaleDef *a, const MasScaleDef *b)
{
	int			i,
				c;

	for (i = 0; i < a->nlevels && i < b->nlevels; i++)
	{
		if ((c = double_cmp(a->levels[i].min, b->levels[i].min)) != 0)
			return c;
		if ((c = label_cmp(a->levels[i].label, a->levels[i].label_len,
						   b->levels[i].label, b->levels[i].label_len)) != 0)
			return c;
	}
	if (a->nlevels != b->nlevels)
		return a->nlevels < b->nlevels ? -1 : 1;
	return (a->mastery > b->mastery) - (a->mastery < b->mastery);
}

uint64_t
ms_def_hash(const MasScaleDef *def, uint64_t seed)
{
	uint64_t	h = mc_mix64(seed ^ UINT64_C(0x3c6ef372fe94f82b));
	int			i;

	for (i = 0; i < def->nlevels; i++)
	{
		h = mc_hash_add(h, double_bits(def->levels[i].min));
		h = mc_hash_add(h, mc_hash_bytes(def->levels[i].label, def->levels[i].label_len, 0));
	}
	h = mc_hash_add(h, (uint64_t) def->nlevels);
	return mc_hash_add(h, (uint64_t) def->mastery);
}

/* ---------------------------------------------------------------- graphs */

#define MG_HDR 16
#define MG_CORRUPT (-3)

static uint32_t
rd32n(const unsigned char *p)
{
	uint32_t	v;

	memcpy(&v, p, 4);			/* native byte order, as graph.h stores it */
	return v;
}

/* A bounds-checked view of a stored graph. */
typedef struct GView
{
	const unsigned char *name_off,
			   *out_off,
			   *out_adj,
			   *pool;
	uint32_t	n,
				m,
				poolsize;
} GView;

static int
gview(const unsigned char *buf, size_t len, GView *v, const char **why)
{
	size_t		need;

	if (len < MG_HDR)
	{
		*why = "the value is shorter than its header";
		return MG_CORRUPT;
	}
	v->n = rd32n(buf + 4);
	v->m = rd32n(buf + 8);
	v->poolsize = rd32n(buf + 12);
	need = MG_HDR + 4 * ((size_t) v->n * 2 + 1 + (size_t) v->m) + v->poolsize;
	if (v->n > 0x0FFFFFFF || v->m > 0x0FFFFFFF || need != len)
	{
		*why = "the size does not match the node and edge counts";
		return MG_CORRUPT;
	}
	v->name_off = buf + MG_HDR;
	v->out_off = v->name_off + 4 * (size_t) v->n;
	v->out_adj = v->out_off + 4 * ((size_t) v->n + 1);
	v->pool = v->out_adj + 4 * (size_t) v->m;
	return 0;
}

/* name i as [*s, *s + *l); checked against the pool */
static int
gname(const GView *v, uint32_t i, const char **s, size_t *l, const char **why)
{
	uint32_t	start = rd32n(v->name_off + 4 * (size_t) i);
	uint32_t	end = i + 1 < v->n ? rd32n(v->name_off + 4 * (size_t) (i + 1)) : v->poolsize;

	if (start >= end || end > v->poolsize)
	{
		*why = "the name pool is malformed";
		return MG_CORRUPT;
	}
	*s = (const char *) v->pool + start;
	*l = end - 1 - start;		/* without the terminating NUL */
	return 0;
}

/* source node of edge k, advancing *node (edges are grouped by source) */
static int
gedge(const GView *v, uint32_t k, uint32_t *node, uint32_t *from, uint32_t *to, const char **why)
{
	while (*node < v->n && rd32n(v->out_off + 4 * ((size_t) *node + 1)) <= k)
		(*node)++;
	if (*node >= v->n)
	{
		*why = "the adjacency offsets are malformed";
		return MG_CORRUPT;
	}
	*from = *node;
	*to = rd32n(v->out_adj + 4 * (size_t) k);
	return 0;
}

static int
stored_cmp(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen,
		   int *result, const char **why)
{
	GView		va,
				vb;
	uint32_t	i,
				na = 0,
				nb = 0;

	*result = 0;
	*why = NULL;
	if (gview(a, alen, &va, why) != 0 || gview(b, blen, &vb, why) != 0)
		return MG_CORRUPT;
	if (alen == blen && memcmp(a, b, alen) == 0)
		return 0;
	for (i = 0; i < va.n && i < vb.n; i++, mc_poll(i))
	{
		const char *sa,
				   *sb;
		size_t		la,
					lb;
		int			c;

		if (gname(&va, i, &sa, &la, why) != 0 || gname(&vb, i, &sb, &lb, why) != 0)
			return MG_CORRUPT;
		if ((c = label_cmp(sa, la, sb, lb)) != 0)
		{
			*result = c;
			return 0;
		}
	}
	if (va.n != vb.n)
	{
		*result = va.n < vb.n ? -1 : 1;
		return 0;
	}
	for (i = 0; i < va.m && i < vb.m; i++, mc_poll(i))
	{
		uint32_t	fa,
					ta,
					fb,
					tb;

		if (gedge(&va, i, &na, &fa, &ta, why) != 0 || gedge(&vb, i, &nb, &fb, &tb, why) != 0)
			return MG_CORRUPT;
		if (fa != fb || ta != tb)
		{
			*result = fa != fb ? (fa < fb ? -1 : 1) : (ta < tb ? -1 : 1);
			return 0;
		}
	}
	*result = (va.m > vb.m) - (va.m < vb.m);
	return 0;
}

uint64_t
mg_stored_hash(const unsigned char *data, size_t len, uint64_t seed)
{
	return mc_hash_bytes(data, len, seed ^ UINT64_C(0xa54ff53a5f1d36f1));
}

int
mg_stored_cmp(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen,
			  int *result, MasErr *err)
{
	const char *why = NULL;
	int			rc = stored_cmp(a, alen, b, blen, result, &why);

	if (rc != 0)
	{
		mas_err(err, MAS_ERR_CORRUPT, "Stored graph is corrupt: %s.",
				why ? why : "unreadable");
		if (err)
			err->msg = why;
	}
	else
		mas_err(err, MAS_OK, "%s", "");
	return rc;
}
