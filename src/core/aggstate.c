/*
 * aggstate.c - the state of mastery_agg / mastery_merge (see aggstate.h)
 */
#include "aggstate.h"

#include <string.h>

uint32_t
mas_agg_capacity(size_t need, int mode)
{
	size_t		size = 128;

	while (size < mas_agg_size(need, mode))
		size *= 2;
	return (uint32_t) ((size - offsetof(MasAggState, data)) / MAS_AGG_WIDTH(mode));
}

void
mas_agg_init(MasAggState *st, uint32_t cap, int mode)
{
	st->n = 0;
	st->cap = cap;
	st->sorted = true;
	st->mode = (uint8_t) mode;
	st->base = 0;
}

void
mas_agg_convert(MasAggState *st, int mode, uint32_t cap)
{
	int64_t		i;

	if (st->mode >= mode)
		return;
	for (i = (int64_t) st->n - 1; i >= 0; i--)
	{
		MasItem		item;

		mc_poll((uint64_t) i);
		mas_agg_item(st, (uint32_t) i, &item);
		if (mode == MAS_AGG_WIDE)
			MAS_AGG_WIDE_ITEMS(st)[i] = item;
		else
		{
			MAS_AGG_NARROW_ITEMS(st)[i].at = item.at;
			MAS_AGG_NARROW_ITEMS(st)[i].score = item.score;
		}
	}
	st->cap = cap;
	st->mode = (uint8_t) mode;
}

void
mas_agg_append(MasAggState *st, const MasItem *items, uint32_t n, bool items_sorted)
{
	if (n == 0)
		return;
	if (st->sorted && (!items_sorted || (st->n > 0 && mas_item_cmp(&MAS_AGG_WIDE_ITEMS(st)[st->n - 1], &items[0]) > 0)))
		st->sorted = false;
	memcpy(MAS_AGG_WIDE_ITEMS(st) + st->n, items, sizeof(MasItem) * n);
	st->n += n;
}

void
mas_agg_to_items(const MasAggState *st, MasItem *out)
{
	uint32_t	i;

	if (st->mode == MAS_AGG_WIDE)
	{
		memcpy(out, MAS_AGG_WIDE_ITEMS(st), sizeof(MasItem) * st->n);
		return;
	}
	for (i = 0; i < st->n; i++, mc_poll(i))
		mas_agg_item(st, i, &out[i]);
}

void
mas_agg_merge(const MasAggState *a, const MasItem *b, uint32_t nb, MasAggState *out)
{
	mas_merge_sorted(MAS_AGG_WIDE_ITEMS(a), a->n, b, nb, MAS_AGG_WIDE_ITEMS(out));
	out->n = a->n + nb;
	out->sorted = true;
}

void
mas_agg_serialize(const MasItem *sorted_items, uint32_t n, uint8_t *buf)
{
	memcpy(buf, &n, sizeof(uint32_t));
	if (n > 0)
		memcpy(buf + sizeof(uint32_t), sorted_items, sizeof(MasItem) * (size_t) n);
}

int
mas_agg_serial_count(const uint8_t *buf, size_t len, uint32_t *n, MasErr *err)
{
	uint32_t	count;

	if (len < sizeof(uint32_t))
		return mas_err(err, MAS_ERR_CORRUPT, "The mastery_agg state is truncated.");
	memcpy(&count, buf, sizeof(uint32_t));
	if (count > MAS_MAX_ITEMS || len != mas_agg_serial_size(count))
		return mas_err(err, MAS_ERR_CORRUPT, "The mastery_agg state has a wrong length.");
	*n = count;
	return MAS_OK;
}

void
mas_agg_deserialize(const uint8_t *buf, MasAggState *st)
{
	uint32_t	n;

	memcpy(&n, buf, sizeof(uint32_t));
	if (n > 0)
		memcpy(MAS_AGG_WIDE_ITEMS(st), buf + sizeof(uint32_t), sizeof(MasItem) * (size_t) n);
	st->n = n;
	st->mode = MAS_AGG_WIDE;
	st->sorted = true;			/* serialize sorted it */
}
