/*
 * evidence.h: a learner's evidence on one competency, the core of the
 * `mastery` type. Items are kept in assessment order:
 *   time (a missing time sorts as the oldest), then sequence number (missing
 *   first), then score.
 *
 * Storage format, version 1 (all integers little-endian):
 *   byte 0      format version (1)
 *   byte 1      flags: bit 0 has sequence numbers, bit 1 sequence null bitmap
 *               present, bits 2-3 score coding, bits 4-5 time unit
 *   bytes 2-3   reserved, zero
 *   bytes 4-7   number of items n
 *   bytes 8-11  number of items without a time (they come first)
 *   bytes 12-15 length of the time stream in bytes
 *   time stream   first time zigzag-coded, then non-negative deltas, all as
 *                 LEB128 varints in units of the time unit
 *   score column  n scores, fixed width: uint8 integers, int16 hundredths,
 *                 float4 or float8 (the narrowest that is exact for all)
 *   sequence part (if flagged) null bitmap (bit set = NULL), then zigzag
 *                 varint deltas of the non-null sequence numbers
 */
#ifndef MASTERY_EVIDENCE_H
#define MASTERY_EVIDENCE_H

#include "mcommon.h"
#include "mtime.h"

#define MAS_FORMAT_VERSION	1
#define MAS_HEADER_SIZE		16
#define MAS_MAX_ITEMS		1000000	/* per mastery value */

typedef struct MasItem
{
	int64_t		at;				/* timestamptz microseconds, valid if !at_null */
	double		score;			/* finite */
	int64_t		seq;			/* valid if !seq_null */
	uint8_t		at_null;
	uint8_t		seq_null;
} MasItem;

/* Total order of evidence: negative, 0 or positive. */
static inline int
mas_item_cmp(const MasItem *a, const MasItem *b)
{
	if (a->at_null != b->at_null)
		return a->at_null ? -1 : 1;
	if (!a->at_null && a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->seq_null != b->seq_null)
		return a->seq_null ? -1 : 1;
	if (!a->seq_null && a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return 0;
}

/* Sort items into assessment order (stable for equal keys is not needed). */
void		mas_sort(MasItem *items, size_t n);
bool		mas_is_sorted(const MasItem *items, size_t n);
/* Merge two sorted runs a[0..na) and b[0..nb) into out (n = na + nb). */
void		mas_merge_sorted(const MasItem *a, size_t na, const MasItem *b, size_t nb, MasItem *out);
/* Index where item would be inserted to keep order (after equal items). */
size_t		mas_upper_bound(const MasItem *items, size_t n, const MasItem *item);
/* Index of the first item equal to item (mas_item_cmp == 0), or n if none. */
size_t		mas_find(const MasItem *items, size_t n, const MasItem *item);
/*
 * Multiset difference of two sorted runs: out receives a[0..na) without one
 * equal item for each item of b[0..nb) (out may be a itself). Returns the
 * number of items written; *unmatched (if not NULL) counts the items of b
 * that had no equal item left in a.
 */
size_t		mas_remove_sorted(const MasItem *a, size_t na, const MasItem *b, size_t nb,
							  MasItem *out, size_t *unmatched);

/* Checks one item: finite score, valid time. */
int			mas_check_item(const MasItem *item, MasErr *err);

/* Encoding: size first, then write (items must be sorted and checked). */
size_t		mas_encoded_size(const MasItem *items, size_t n);
size_t		mas_encode(const MasItem *items, size_t n, uint8_t *buf);

/* The same with the layout decided once: mas_plan returns the size. */
typedef struct MasPlan
{
	int			unit_code;
	int			score_mode;
	bool		has_seq;
	bool		seq_nulls;
	uint32_t	nnull_at;
	size_t		time_len;
	size_t		seq_len;
} MasPlan;
size_t		mas_plan(const MasItem *items, size_t n, MasPlan *plan);
size_t		mas_encode_planned(const MasItem *items, size_t n, const MasPlan *plan, uint8_t *buf);

/* Decoding: an iterator over a stored value. */
typedef struct MasIter
{
	const uint8_t *tp,
			   *tend;			/* time stream */
	const uint8_t *sc;			/* score column */
	const uint8_t *bitmap;		/* seq null bitmap or NULL */
	const uint8_t *sp,
			   *send;			/* seq stream */
	uint32_t	n,
				nnull_at,
				i;
	int			score_mode;
	bool		has_seq;
	int64_t		unit;
	uint64_t	max_delta;		/* largest time delta that does not overflow */
	int64_t		prev_at;
	int64_t		prev_seq;
} MasIter;

/* Reads the header; MAS_OK or MAS_ERR_CORRUPT. Cheap (no full scan). */
int			mas_iter_init(MasIter *it, const uint8_t *data, size_t len, MasErr *err);
/* 1 = an item was read, 0 = end, negative = corrupt stream. */
int			mas_iter_next(MasIter *it, MasItem *item);
static inline uint32_t
mas_count(const uint8_t *data, size_t len)
{
	return len >= MAS_HEADER_SIZE ? mc_get_u32(data + 4) : 0;
}

/* Full validation of a stored value: structure, order and item ranges. */
int			mas_validate(const uint8_t *data, size_t len, MasErr *err);
/* Decode every item into out (room for mas_count items). */
int			mas_decode_all(const uint8_t *data, size_t len, MasItem *out, MasErr *err);

/*
 * Text form: {score@time#seq, ...}; "@time" and "#seq" are optional, e.g.
 * {3@2024-09-01T10:00:00Z, 2.5@2024-09-05T10:00:00Z#17, 1}.
 */
size_t		mas_text_max_items(const char *s);	/* upper bound of items in s */
int			mas_text_parse(const char *s, MasItem *items, size_t cap, size_t *n, MasErr *err);
#define MAS_TEXT_ITEM_MAXLEN 96
size_t		mas_text_format(const MasItem *items, size_t n, char *buf, size_t buflen);

#endif
