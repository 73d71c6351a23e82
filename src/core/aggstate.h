/*
 * aggstate.h - the state of mastery_agg / mastery_merge (pure C99)
 *
 * One block holding the items, appended as they come. `sorted` records
 * whether they are still in assessment order, so the final function sorts
 * only when needed. Items are kept in the narrowest of three forms that
 * holds the group's evidence exactly:
 *   compact  8 bytes: whole seconds after the group's first time (int32)
 *            and a score exact as float (the common case: graded work
 *            timed to the second, scores such as 0-4 or 0-100);
 *   narrow  16 bytes: time in microseconds and a double score;
 *   wide    MasItem: also a sequence number and a NULL time.
 * The first item that needs a wider form converts the block. Smaller items
 * keep the hash table of a large GROUP BY small, which is most of its cost.
 * Parallel workers sort their part before handing it over (serialize), and
 * combining two sorted states merges them, so the leader's work stays linear.
 *
 * The caller owns the memory: it allocates mas_agg_size(cap, mode) bytes
 * for a capacity of cap items (mas_agg_capacity rounds a need up), grows the
 * block before mas_agg_convert, and checks MAS_MAX_ITEMS.
 */
#ifndef MASTERY_AGGSTATE_H
#define MASTERY_AGGSTATE_H

#include "evidence.h"

#include <stddef.h>

#define MAS_AGG_COMPACT 0
#define MAS_AGG_NARROW 1
#define MAS_AGG_WIDE 2

#define MAS_USECS_PER_SEC INT64_C(1000000)

typedef struct MasCompact
{
	int32_t		dt;				/* seconds after the state's base time */
	float		score;
} MasCompact;

typedef struct MasNarrow
{
	int64_t		at;
	double		score;
} MasNarrow;

typedef struct MasAggState
{
	uint32_t	n;
	uint32_t	cap;
	bool		sorted;
	uint8_t		mode;			/* MAS_AGG_COMPACT, _NARROW or _WIDE */
	int64_t		base;			/* compact: the time of dt = 0 */
	int64_t		data[];			/* MasCompact, MasNarrow or MasItem */
} MasAggState;

#define MAS_AGG_WIDTH(mode) ((mode) == MAS_AGG_WIDE ? sizeof(MasItem) : \
							 (mode) == MAS_AGG_NARROW ? sizeof(MasNarrow) : sizeof(MasCompact))
#define MAS_AGG_WIDE_ITEMS(st) ((MasItem *) (st)->data)
#define MAS_AGG_NARROW_ITEMS(st) ((MasNarrow *) (st)->data)
#define MAS_AGG_COMPACT_ITEMS(st) ((MasCompact *) (st)->data)

/* Bytes of a state with room for cap items in a form. */
static inline size_t
mas_agg_size(size_t cap, int mode)
{
	return offsetof(MasAggState, data) + MAS_AGG_WIDTH(mode) * cap;
}

/*
 * The capacity that fills a power-of-two allocation holding at least `need`
 * items (allocators round small chunks up to a power of two anyway).
 */
uint32_t	mas_agg_capacity(size_t need, int mode);

/* An empty state in a block of mas_agg_size(cap, mode) bytes. */
void		mas_agg_init(MasAggState *st, uint32_t cap, int mode);

/* Item i of the state as a MasItem. */
static inline void
mas_agg_item(const MasAggState *st, uint32_t i, MasItem *item)
{
	switch (st->mode)
	{
		case MAS_AGG_WIDE:
			*item = MAS_AGG_WIDE_ITEMS(st)[i];
			return;
		case MAS_AGG_NARROW:
			item->at = MAS_AGG_NARROW_ITEMS(st)[i].at;
			item->score = MAS_AGG_NARROW_ITEMS(st)[i].score;
			break;
		default:
			item->at = st->base + (int64_t) MAS_AGG_COMPACT_ITEMS(st)[i].dt * MAS_USECS_PER_SEC;
			item->score = (double) MAS_AGG_COMPACT_ITEMS(st)[i].score;
			break;
	}
	item->seq = 0;
	item->at_null = 0;
	item->seq_null = 1;
}

/*
 * Whether an item fits the compact form of a state whose base time is base:
 * a time in whole seconds within int32 seconds of it, no sequence number, a
 * score exact as float. *dt receives the offset.
 */
static inline bool
mas_agg_compact_fits(int64_t base, const MasItem *item, int32_t *dt)
{
	int64_t		diff;

	if (item->at_null || !item->seq_null || item->at % MAS_USECS_PER_SEC != 0 ||
		(double) (float) item->score != item->score)
		return false;
	/* item->at - base without overflow */
	if ((base < 0 && item->at > INT64_MAX + base) ||
		(base > 0 && item->at < INT64_MIN + base))
		return false;
	diff = (item->at - base) / MAS_USECS_PER_SEC;
	if (diff < INT32_MIN || diff > INT32_MAX)
		return false;
	*dt = (int32_t) diff;
	return true;
}

/* The form the next item needs: the state's, or a wider one. */
static inline int
mas_agg_mode_for(const MasAggState *st, const MasItem *item, int32_t *dt)
{
	if (item->at_null || !item->seq_null)
		return MAS_AGG_WIDE;
	if (st->mode == MAS_AGG_COMPACT && !mas_agg_compact_fits(st->base, item, dt))
		return MAS_AGG_NARROW;
	return st->mode;
}

/*
 * Convert the items to a wider form in place: the block must already hold
 * mas_agg_size(cap, mode) bytes. From the last item down, so that a wider
 * item never overwrites a narrower one not yet moved.
 */
void		mas_agg_convert(MasAggState *st, int mode, uint32_t cap);

/*
 * Append one item in the state's form (n < cap; a compact state takes the
 * dt that mas_agg_compact_fits gave).
 */
static inline void
mas_agg_push(MasAggState *st, const MasItem *item, int32_t dt)
{
	switch (st->mode)
	{
		case MAS_AGG_COMPACT:
			{
				MasCompact *x = &MAS_AGG_COMPACT_ITEMS(st)[st->n];
				float		score = (float) item->score;

				if (st->sorted && st->n > 0 &&
					(x[-1].dt > dt || (x[-1].dt == dt && x[-1].score > score)))
					st->sorted = false;
				x->dt = dt;
				x->score = score;
				break;
			}
		case MAS_AGG_NARROW:
			{
				MasNarrow  *x = &MAS_AGG_NARROW_ITEMS(st)[st->n];

				if (st->sorted && st->n > 0 &&
					(x[-1].at > item->at || (x[-1].at == item->at && x[-1].score > item->score)))
					st->sorted = false;
				x->at = item->at;
				x->score = item->score;
				break;
			}
		default:
			if (st->sorted && st->n > 0 && mas_item_cmp(&MAS_AGG_WIDE_ITEMS(st)[st->n - 1], item) > 0)
				st->sorted = false;
			MAS_AGG_WIDE_ITEMS(st)[st->n] = *item;
			break;
	}
	st->n++;
}

/* Append wide items that are in order among themselves when items_sorted
 * (st must be wide, with room for n more). */
void		mas_agg_append(MasAggState *st, const MasItem *items, uint32_t n, bool items_sorted);

/* The items as MasItem in out (room for st->n). */
void		mas_agg_to_items(const MasAggState *st, MasItem *out);

/*
 * Combine: the sorted wide state a and the sorted items b[0..nb) merged
 * into out, an empty wide state with room for a->n + nb.
 */
void		mas_agg_merge(const MasAggState *a, const MasItem *b, uint32_t nb, MasAggState *out);

/*
 * Serialized state (between the processes of one server, so in memory
 * order): uint32 count, then the items in assessment order as MasItem.
 */
static inline size_t
mas_agg_serial_size(uint32_t n)
{
	return sizeof(uint32_t) + sizeof(MasItem) * (size_t) n;
}

void		mas_agg_serialize(const MasItem *sorted_items, uint32_t n, uint8_t *buf);

/* The item count of a serialized state, or an error when its length is wrong. */
int			mas_agg_serial_count(const uint8_t *buf, size_t len, uint32_t *n, MasErr *err);

/* Read a serialized state into an empty wide state with room for its count. */
void		mas_agg_deserialize(const uint8_t *buf, MasAggState *st);

#endif
