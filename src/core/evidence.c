/*
 * evidence.c: ordering, compact encoding and text form of evidence series.
 */
#include "evidence.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAG_HAS_SEQ	0x01
#define FLAG_SEQ_NULLS	0x02
#define SCORE_SHIFT		2
#define UNIT_SHIFT		4
#define FLAG_KNOWN		0x3f

enum
{
	SCORE_U8 = 0,				/* integers 0..255 */
	SCORE_I16C = 1,				/* hundredths in int16 */
	SCORE_F4 = 2,
	SCORE_F8 = 3
};

static const int64_t unit_of_code[4] = {1, 1000, 1000000, 60000000};

/* a time delta / unit_of_code[code] with constant divisors (a variable 64-bit
 * division per item was a tenth of the aggregate's final step); the first
 * time of a value, divided once, uses unit_of_code */
static inline uint64_t
udiv_unit(uint64_t v, int code)
{
	switch (code)
	{
		case 0:
			return v;
		case 1:
			return v / 1000;
		case 2:
			return v / 1000000;
		default:
			return v / 60000000;
	}
}

static const size_t score_width[4] = {1, 2, 4, 8};

static int
item_qsort_cmp(const void *a, const void *b)
{
	return mas_item_cmp((const MasItem *) a, (const MasItem *) b);
}

void
mas_sort(MasItem *items, size_t n)
{
	if (n > 1 && !mas_is_sorted(items, n))
		qsort(items, n, sizeof(MasItem), item_qsort_cmp);
}

bool
mas_is_sorted(const MasItem *items, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++, mc_poll(i))
		if (mas_item_cmp(&items[i - 1], &items[i]) > 0)
			return false;
	return true;
}

void
mas_merge_sorted(const MasItem *a, size_t na, const MasItem *b, size_t nb, MasItem *out)
{
	size_t		i = 0,
				j = 0,
				k = 0;

	while (i < na && j < nb)
		out[k++] = mas_item_cmp(&b[j], &a[i]) < 0 ? b[j++] : a[i++];
	while (i < na)
		out[k++] = a[i++];
	while (j < nb)
		out[k++] = b[j++];
}

size_t
mas_upper_bound(const MasItem *items, size_t n, const MasItem *item)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (mas_item_cmp(&items[mid], item) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
mas_find(const MasItem *items, size_t n, const MasItem *item)
{
	size_t		lo = 0,
				hi = n;

	/* lower bound: the first item not before item */
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (mas_item_cmp(&items[mid], item) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < n && mas_item_cmp(&items[lo], item) == 0) ? lo : n;
}

size_t
mas_remove_sorted(const MasItem *a, size_t na, const MasItem *b, size_t nb,
				  MasItem *out, size_t *unmatched)
{
	size_t		i = 0,
				j = 0,
				k = 0,
				miss = 0;

	/* one walk over both runs; out trails i, so out == a is safe */
	while (i < na && j < nb)
	{
		int			c = mas_item_cmp(&a[i], &b[j]);

		if (c < 0)
		{
			if (out + k != a + i)
				out[k] = a[i];
			k++;
			i++;
		}
		else if (c > 0)
		{
			miss++;
			j++;
		}
		else
		{
			i++;				/* dropped: matched by b[j] */
			j++;
		}
	}
	for (; i < na; i++, k++)
		if (out + k != a + i)
			out[k] = a[i];
	miss += nb - j;
	if (unmatched)
		*unmatched = miss;
	return k;
}

int
mas_check_item(const MasItem *item, MasErr *err)
{
	if (!isfinite(item->score))
		return mas_err(err, MAS_ERR_RANGE, "Scores must be finite numbers (not NaN or infinity).");
	if (!item->at_null && !mt_is_valid(item->at))
		return mas_err(err, MAS_ERR_RANGE, "Evidence time is outside the range of timestamp with time zone.");
	return MAS_OK;
}

/* ---------------------------------------------------------------- encoding */


/* Bit set of the score codings that hold s exactly (bit i = coding i). The
 * codings are not nested (0.85 fits hundredths but not float4), so a value's
 * coding is the narrowest one that every score fits. */
static unsigned
score_modes_of(double s)
{
	unsigned	m = 1u << SCORE_F8;

	if (s >= 0 && s <= 255 && s == (double) (int) s && !(s == 0.0 && signbit(s)))
		return ~0u;				/* a small integer fits every coding */
	if (s == 0.0 && signbit(s))
		return m | (1u << SCORE_F4);	/* keep -0 exact */
	if (fabs(s) <= 327.67)
	{
		double		k = nearbyint(s * 100.0);

		if (k / 100.0 == s)
			m |= 1u << SCORE_I16C;
	}
	if (fabs(s) <= 3.4e38 && (double) (float) s == s)
		m |= 1u << SCORE_F4;
	return m;
}

static void
make_plan(const MasItem *items, size_t n, MasPlan *p)
{
	size_t		i;
	bool		any_inf = false;
	int			code;
	unsigned	modes = ~0u;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < n; i++, mc_poll(i))
	{
		modes &= score_modes_of(items[i].score);
		if (items[i].at_null)
			p->nnull_at++;
		else if (items[i].at == MT_NOBEGIN || items[i].at == MT_NOEND)
			any_inf = true;
		if (items[i].seq_null)
			p->seq_nulls = true;
		else
			p->has_seq = true;
	}
	if (!p->has_seq)
		p->seq_nulls = false;
	for (p->score_mode = SCORE_U8; !(modes & (1u << p->score_mode)); p->score_mode++)
		;

	/* the coarsest unit that divides every time (constant divisors are cheap) */
	code = 0;
	if (!any_inf)
	{
		bool		min_ok = true,
					sec_ok = true,
					ms_ok = true;

		for (i = p->nnull_at; i < n && ms_ok; i++)
		{
			int64_t		t = items[i].at;

			if (min_ok && t % INT64_C(60000000) != 0)
				min_ok = false;
			if (!min_ok && sec_ok && t % INT64_C(1000000) != 0)
				sec_ok = false;
			if (!sec_ok && t % INT64_C(1000) != 0)
				ms_ok = false;
		}
		code = min_ok ? 3 : sec_ok ? 2 : ms_ok ? 1 : 0;
	}
	p->unit_code = code;

	/* time stream */
	{
		for (i = p->nnull_at; i < n; i++)
		{
			uint64_t	v;

			if (i == p->nnull_at)
				v = mc_zigzag(items[i].at / unit_of_code[code]);
			else
				v = udiv_unit((uint64_t) items[i].at - (uint64_t) items[i - 1].at, code);
			p->time_len += mc_varint_size(v);
		}
	}
	/* sequence part */
	if (p->has_seq)
	{
		int64_t		prev = 0;

		if (p->seq_nulls)
			p->seq_len += (n + 7) / 8;
		for (i = 0; i < n; i++, mc_poll(i))
		{
			if (items[i].seq_null)
				continue;
			p->seq_len += mc_varint_size(mc_zigzag((int64_t) ((uint64_t) items[i].seq - (uint64_t) prev)));
			prev = items[i].seq;
		}
	}
}

size_t
mas_plan(const MasItem *items, size_t n, MasPlan *plan)
{
	make_plan(items, n, plan);
	return MAS_HEADER_SIZE + plan->time_len + n * score_width[plan->score_mode] + plan->seq_len;
}

size_t
mas_encoded_size(const MasItem *items, size_t n)
{
	MasPlan		p;

	return mas_plan(items, n, &p);
}

size_t
mas_encode(const MasItem *items, size_t n, uint8_t *buf)
{
	MasPlan		p;

	make_plan(items, n, &p);
	return mas_encode_planned(items, n, &p, buf);
}

size_t
mas_encode_planned(const MasItem *items, size_t n, const MasPlan *plan, uint8_t *buf)
{
	MasPlan		p = *plan;
	uint8_t    *w = buf;
	size_t		i;

	w[0] = MAS_FORMAT_VERSION;
	w[1] = (uint8_t) ((p.has_seq ? FLAG_HAS_SEQ : 0) | (p.seq_nulls ? FLAG_SEQ_NULLS : 0) |
					  (p.score_mode << SCORE_SHIFT) | (p.unit_code << UNIT_SHIFT));
	w[2] = w[3] = 0;
	mc_put_u32(w + 4, (uint32_t) n);
	mc_put_u32(w + 8, p.nnull_at);
	mc_put_u32(w + 12, (uint32_t) p.time_len);
	w += MAS_HEADER_SIZE;

	for (i = p.nnull_at; i < n; i++, mc_poll(i))
	{
		if (i == p.nnull_at)
			w = mc_put_varint(w, mc_zigzag(items[i].at / unit_of_code[p.unit_code]));
		else
			w = mc_put_varint(w, udiv_unit((uint64_t) items[i].at - (uint64_t) items[i - 1].at, p.unit_code));
	}
	for (i = 0; i < n; i++, mc_poll(i))
	{
		double		s = items[i].score;

		switch (p.score_mode)
		{
			case SCORE_U8:
				*w++ = (uint8_t) s;
				break;
			case SCORE_I16C:
				{
					int16_t		k = (int16_t) nearbyint(s * 100.0);
					uint16_t	uk = (uint16_t) k;

					w[0] = (uint8_t) uk;
					w[1] = (uint8_t) (uk >> 8);
					w += 2;
					break;
				}
			case SCORE_F4:
				{
					float		f = (float) s;
					uint32_t	bits;

					memcpy(&bits, &f, 4);
					mc_put_u32(w, bits);
					w += 4;
					break;
				}
			default:
				{
					uint64_t	bits;

					memcpy(&bits, &s, 8);
					mc_put_u64(w, bits);
					w += 8;
					break;
				}
		}
	}
	if (p.has_seq)
	{
		int64_t		prev = 0;

		if (p.seq_nulls)
		{
			memset(w, 0, (n + 7) / 8);
			for (i = 0; i < n; i++, mc_poll(i))
				if (items[i].seq_null)
					w[i / 8] |= (uint8_t) (1u << (i % 8));
			w += (n + 7) / 8;
		}
		for (i = 0; i < n; i++, mc_poll(i))
		{
			if (items[i].seq_null)
				continue;
			w = mc_put_varint(w, mc_zigzag((int64_t) ((uint64_t) items[i].seq - (uint64_t) prev)));
			prev = items[i].seq;
		}
	}
	return (size_t) (w - buf);
}

/* ---------------------------------------------------------------- decoding */

int
mas_iter_init(MasIter *it, const uint8_t *data, size_t len, MasErr *err)
{
	uint8_t		flags;
	size_t		time_len,
				score_len,
				rest;

	memset(it, 0, sizeof(*it));
	if (len < MAS_HEADER_SIZE)
		return mas_err(err, MAS_ERR_CORRUPT, "The value is %zu bytes long, shorter than its %d-byte header.", len, MAS_HEADER_SIZE);
	if (data[0] != MAS_FORMAT_VERSION)
		return mas_err(err, MAS_ERR_CORRUPT, "Unknown format version %u (expected %d).", data[0], MAS_FORMAT_VERSION);
	flags = data[1];
	if ((flags & ~FLAG_KNOWN) || data[2] || data[3])
		return mas_err(err, MAS_ERR_CORRUPT, "Reserved header bits are set.");
	it->n = mc_get_u32(data + 4);
	it->nnull_at = mc_get_u32(data + 8);
	time_len = mc_get_u32(data + 12);
	if (it->n > MAS_MAX_ITEMS)
		return mas_err(err, MAS_ERR_CORRUPT, "Item count %u exceeds the limit of %d.", it->n, MAS_MAX_ITEMS);
	if (it->nnull_at > it->n)
		return mas_err(err, MAS_ERR_CORRUPT, "%u items without a time, but only %u items.", it->nnull_at, it->n);
	it->has_seq = (flags & FLAG_HAS_SEQ) != 0;
	if ((flags & FLAG_SEQ_NULLS) && !it->has_seq)
		return mas_err(err, MAS_ERR_CORRUPT, "Sequence null bitmap flagged without sequence numbers.");
	it->score_mode = (flags >> SCORE_SHIFT) & 3;
	it->unit = unit_of_code[(flags >> UNIT_SHIFT) & 3];
	it->max_delta = UINT64_MAX / (uint64_t) it->unit;
	score_len = (size_t) it->n * score_width[it->score_mode];
	rest = len - MAS_HEADER_SIZE;
	if (time_len > rest || score_len > rest - time_len)
		return mas_err(err, MAS_ERR_CORRUPT, "The value is truncated: %zu bytes cannot hold %u items.", len, it->n);
	it->tp = data + MAS_HEADER_SIZE;
	it->tend = it->tp + time_len;
	it->sc = it->tend;
	it->sp = it->sc + score_len;
	it->send = data + len;
	if (it->has_seq && (flags & FLAG_SEQ_NULLS))
	{
		size_t		blen = ((size_t) it->n + 7) / 8;

		if ((size_t) (it->send - it->sp) < blen)
			return mas_err(err, MAS_ERR_CORRUPT, "The value is truncated: no room for the sequence null bitmap.");
		it->bitmap = it->sp;
		it->sp += blen;
	}
	if (!it->has_seq && it->sp != it->send)
		return mas_err(err, MAS_ERR_CORRUPT, "%zu unexpected bytes after the scores.", (size_t) (it->send - it->sp));
	return MAS_OK;
}

int
mas_iter_next(MasIter *it, MasItem *item)
{
	uint32_t	i = it->i;
	uint64_t	v;

	if (i >= it->n)
		return 0;
	/* time */
	if (i < it->nnull_at)
	{
		item->at_null = 1;
		item->at = 0;
	}
	else
	{
		uint64_t	u = (uint64_t) it->unit;

		it->tp = mc_get_varint(it->tp, it->tend, &v);
		if (it->tp == NULL)
			return -1;
		if (i == it->nnull_at)
		{
			int64_t		x = mc_unzigzag(v);

			if (x > INT64_MAX / it->unit || x < INT64_MIN / it->unit)
				return -1;
			it->prev_at = x * it->unit;
		}
		else
		{
			if (v > it->max_delta)
				return -1;
			it->prev_at = (int64_t) ((uint64_t) it->prev_at + v * u);
		}
		item->at_null = 0;
		item->at = it->prev_at;
	}
	/* score */
	switch (it->score_mode)
	{
		case SCORE_U8:
			item->score = (double) it->sc[i];
			break;
		case SCORE_I16C:
			{
				uint16_t	uk = (uint16_t) (it->sc[2 * i] | (it->sc[2 * i + 1] << 8));

				item->score = (double) (int16_t) uk / 100.0;
				break;
			}
		case SCORE_F4:
			{
				uint32_t	bits = mc_get_u32(it->sc + 4 * (size_t) i);
				float		f;

				memcpy(&f, &bits, 4);
				item->score = (double) f;
				break;
			}
		default:
			{
				uint64_t	bits = mc_get_u64(it->sc + 8 * (size_t) i);

				memcpy(&item->score, &bits, 8);
				break;
			}
	}
	/* sequence number */
	if (it->has_seq && !(it->bitmap && (it->bitmap[i / 8] >> (i % 8)) & 1))
	{
		it->sp = mc_get_varint(it->sp, it->send, &v);
		if (it->sp == NULL)
			return -1;
		it->prev_seq = (int64_t) ((uint64_t) it->prev_seq + (uint64_t) mc_unzigzag(v));
		item->seq_null = 0;
		item->seq = it->prev_seq;
	}
	else
	{
		item->seq_null = 1;
		item->seq = 0;
	}
	it->i++;
	return 1;
}

static int
decode(const uint8_t *data, size_t len, MasItem *out, MasErr *err)
{
	MasIter		it;
	MasItem		prev = {0},
				cur = {0};
	int			r;
	uint32_t	k = 0;

	if (mas_iter_init(&it, data, len, err) != MAS_OK)
		return MAS_ERR_CORRUPT;
	while ((r = mas_iter_next(&it, &cur)) > 0)
	{
		mc_poll(k);
		if (mas_check_item(&cur, NULL) != MAS_OK)
			return mas_err(err, MAS_ERR_CORRUPT, "Item %u has a score that is not finite or a time out of range.", k + 1);
		if (k > 0 && mas_item_cmp(&prev, &cur) > 0)
			return mas_err(err, MAS_ERR_CORRUPT, "Items %u and %u are out of order.", k, k + 1);
		if (out)
			out[k] = cur;
		prev = cur;
		k++;
	}
	if (r < 0)
		return mas_err(err, MAS_ERR_CORRUPT, "The time or sequence stream of item %u is malformed.", k + 1);
	if (it.tp != it.tend || it.sp != it.send)
		return mas_err(err, MAS_ERR_CORRUPT, "The value has trailing bytes after its %u items.", k);
	return MAS_OK;
}

int
mas_validate(const uint8_t *data, size_t len, MasErr *err)
{
	return decode(data, len, NULL, err);
}

int
mas_decode_all(const uint8_t *data, size_t len, MasItem *out, MasErr *err)
{
	return decode(data, len, out, err);
}

/* ---------------------------------------------------------------- text */

size_t
mas_text_max_items(const char *s)
{
	size_t		n = 1;

	for (; *s; s++)
		if (*s == ',')
			n++;
	return n;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* token [start, end) ending at one of the stop characters; trims spaces */
static const char *
scan_token(const char *p, const char *stops, const char **tstart, size_t *tlen)
{
	const char *e;

	while (is_space(*p))
		p++;
	*tstart = p;
	while (*p && !strchr(stops, *p))
		p++;
	e = p;
	while (e > *tstart && is_space(e[-1]))
		e--;
	*tlen = (size_t) (e - *tstart);
	return p;
}

static int
parse_int64(const char *s, size_t len, int64_t *out)
{
	size_t		i = 0;
	bool		neg = false;
	uint64_t	v = 0,
				lim;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i == len)
		return -1;
	lim = neg ? (uint64_t) INT64_MAX + 1 : (uint64_t) INT64_MAX;
	for (; i < len; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (lim - (uint64_t) (s[i] - '0')) / 10)
			return -2;
		v = v * 10 + (uint64_t) (s[i] - '0');
	}
	*out = neg ? (int64_t) (0 - v) : (int64_t) v;
	return 0;
}

int
mas_text_parse(const char *s, MasItem *items, size_t cap, size_t *n, MasErr *err)
{
	const char *p = s;
	size_t		k = 0;

	while (is_space(*p))
		p++;
	if (*p != '{')
		return mas_err(err, MAS_ERR_SYNTAX, "A mastery value starts with \"{\", e.g. {3@2024-09-01T10:00:00Z, 4@2024-09-08T10:00:00Z}.");
	p++;
	while (is_space(*p))
		p++;
	if (*p == '}')
		p++;
	else
	{
		for (;;)
		{
			const char *t;
			size_t		tlen;
			MasItem		it;

			if (k >= cap || k >= MAS_MAX_ITEMS)
				return mas_err(err, MAS_ERR_LIMIT, "A mastery value holds at most %d evidence items.", MAS_MAX_ITEMS);
			memset(&it, 0, sizeof(it));
			it.at_null = 1;
			it.seq_null = 1;
			p = scan_token(p, "@#,}", &t, &tlen);
			if (tlen == 0)
				return mas_err(err, MAS_ERR_SYNTAX, "Item %zu has no score.", k + 1);
			if (nf_parse(t, tlen, &it.score, err) != MAS_OK)
				return mas_err_prefix(err, "Item %zu: ", k + 1);
			if (*p == '@')
			{
				p = scan_token(p + 1, "#,}", &t, &tlen);
				if (mt_parse(t, tlen, &it.at, err) != MAS_OK)
					return mas_err_prefix(err, "Item %zu: ", k + 1);
				it.at_null = 0;
			}
			if (*p == '#')
			{
				int			r;

				p = scan_token(p + 1, ",}", &t, &tlen);
				r = parse_int64(t, tlen, &it.seq);
				if (r == -2)
					return mas_err(err, MAS_ERR_RANGE, "Item %zu: sequence number \"%.*s\" is out of range for bigint.", k + 1, (int) (tlen > 30 ? 30 : tlen), t);
				if (r < 0)
					return mas_err(err, MAS_ERR_SYNTAX, "Item %zu: sequence number \"%.*s\" is not an integer.", k + 1, (int) (tlen > 30 ? 30 : tlen), t);
				it.seq_null = 0;
			}
			items[k++] = it;
			if (*p == ',')
			{
				p++;
				continue;
			}
			if (*p == '}')
			{
				p++;
				break;
			}
			if (*p == '\0')
				return mas_err(err, MAS_ERR_SYNTAX, "Missing \"}\" at the end.");
			return mas_err(err, MAS_ERR_SYNTAX, "Unexpected \"%c\" in item %zu.", *p, k);
		}
	}
	while (is_space(*p))
		p++;
	if (*p)
		return mas_err(err, MAS_ERR_SYNTAX, "Junk after the closing \"}\".");
	*n = k;
	mas_sort(items, k);
	return MAS_OK;
}

size_t
mas_text_format(const MasItem *items, size_t n, char *buf, size_t buflen)
{
	size_t		len = 0,
				i;

	len += (size_t) snprintf(buf + len, buflen - len, "{");
	for (i = 0; i < n; i++, mc_poll(i))
	{
		if (i > 0)
			len += (size_t) snprintf(buf + len, buflen - len, ", ");
		len += nf_format(items[i].score, buf + len, buflen - len);
		if (!items[i].at_null)
		{
			buf[len++] = '@';
			len += mt_format(items[i].at, buf + len, buflen - len);
		}
		if (!items[i].seq_null)
			len += (size_t) snprintf(buf + len, buflen - len, "#%lld", (long long) items[i].seq);
	}
	len += (size_t) snprintf(buf + len, buflen - len, "}");
	return len;
}
