/*
 * mastery.c: the `mastery` type (a learner's evidence on one competency),
 * its I/O, accessors, mastery_add and the mastery_agg / mastery_merge
 * aggregates.
 */
#include "mastery_glue.h"
#include "jsonb_out.h"

#include "common/int.h"

#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

/*
 * The offending text for an error message: at most 80 bytes, else its first
 * 77 bytes (never splitting a multibyte character) and "...".
 */
char *
mas_clip_input(const char *input)
{
	size_t		len = input ? strlen(input) : 0;

	if (len <= 80)
		return pstrdup(input ? input : "");
	return psprintf("%.*s...", pg_mbcliplen(input, (int) Min(len, 1024), 77), input);
}

struct varlena *
mas_make_mastery(const MasItem *items, size_t n)
{
	MasPlan		plan;
	size_t		size = mas_plan(items, n, &plan);
	struct varlena *v = (struct varlena *) palloc(VARHDRSZ + size);

	SET_VARSIZE(v, VARHDRSZ + mas_encode_planned(items, n, &plan, (uint8_t *) VARDATA(v)));
	return v;
}

/* Decode a stored value into a palloc'd array (extra slots reserved). */
static MasItem *
decode_items(struct varlena *v, size_t extra, size_t *n)
{
	MasErr		err;
	size_t		count = mas_count(MAS_BYTES(v), MAS_LEN(v));
	MasItem    *items = (MasItem *) palloc(sizeof(MasItem) * (count + extra + 1));

	if (mas_decode_all(MAS_BYTES(v), MAS_LEN(v), items, &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	*n = count;
	return items;
}

#define PG_GETARG_MASTERY(n) ((struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n)))

static void
check_score(const char *fname, double score)
{
	if (!isfinite(score))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("invalid score for %s: %s", fname, float8out_internal(score)),
				 errdetail("Scores must be finite numbers."),
				 errhint("Leave a score NULL to skip it.")));
}

/* ---------------------------------------------------------------- I/O */

PG_FUNCTION_INFO_V1(mastery_in);
Datum
mastery_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	size_t		cap = mas_text_max_items(s);
	MasItem    *items;
	size_t		n;
	MasErr		err;

	if (cap > MAS_MAX_ITEMS)
	{
		mas_err(&err, MAS_ERR_LIMIT, "A mastery value holds at most %d evidence items.", MAS_MAX_ITEMS);
		mas_ereport("mastery", s, &err);
	}
	items = (MasItem *) palloc(sizeof(MasItem) * cap);
	if (mas_text_parse(s, items, cap, &n, &err) != MAS_OK)
		mas_ereport("mastery", s, &err);
	PG_RETURN_POINTER(mas_make_mastery(items, n));
}

PG_FUNCTION_INFO_V1(mastery_out);
Datum
mastery_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_MASTERY(0);
	size_t		n;
	MasItem    *items = decode_items(v, 0, &n);
	size_t		buflen = 3 + n * MAS_TEXT_ITEM_MAXLEN;
	char	   *buf = palloc(buflen);

	mas_text_format(items, n, buf, buflen);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary form: int32 count, then per item: int8 flags (1 = has time,
 * 2 = has sequence number), [int64 time], float8 score, [int64 seq].
 */
#define WIRE_HAS_AT		1
#define WIRE_HAS_SEQ	2

PG_FUNCTION_INFO_V1(mastery_recv);
Datum
mastery_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		n = pq_getmsgint(buf, 4);
	MasItem    *items;
	int32		i;
	MasErr		err;

	/* the same limit error as every other path that makes a value */
	if (n > MAS_MAX_ITEMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("binary input is too large for type mastery"),
				 errdetail("Item count %d exceeds the limit: a mastery value holds at most %d evidence items.", n, MAS_MAX_ITEMS)));
	/* every item takes at least 9 bytes: check before allocating */
	if (n < 0 || (int64) n * 9 > (int64) (buf->len - buf->cursor))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type mastery"),
				 errdetail("Item count %d is negative or larger than the message.", n)));
	items = (MasItem *) palloc(sizeof(MasItem) * (n + 1));
	for (i = 0; i < n; i++)
	{
		int			flags = pq_getmsgbyte(buf);

		CHECK_FOR_INTERRUPTS();
		if (flags & ~(WIRE_HAS_AT | WIRE_HAS_SEQ))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary data for type mastery"),
					 errdetail("Item %d has unknown flag bits 0x%x.", i + 1, flags)));
		items[i].at_null = !(flags & WIRE_HAS_AT);
		items[i].at = (flags & WIRE_HAS_AT) ? pq_getmsgint64(buf) : 0;
		items[i].score = pq_getmsgfloat8(buf);
		items[i].seq_null = !(flags & WIRE_HAS_SEQ);
		items[i].seq = (flags & WIRE_HAS_SEQ) ? pq_getmsgint64(buf) : 0;
		if (mas_check_item(&items[i], &err) != MAS_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary data for type mastery"),
					 errdetail("Item %d: %s", i + 1, err.detail)));
	}
	mas_sort(items, (size_t) n);
	PG_RETURN_POINTER(mas_make_mastery(items, (size_t) n));
}

PG_FUNCTION_INFO_V1(mastery_send);
Datum
mastery_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_MASTERY(0);
	size_t		n,
				i;
	MasItem    *items = decode_items(v, 0, &n);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, (uint32) n);
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendbyte(&buf, (items[i].at_null ? 0 : WIRE_HAS_AT) | (items[i].seq_null ? 0 : WIRE_HAS_SEQ));
		if (!items[i].at_null)
			pq_sendint64(&buf, items[i].at);
		pq_sendfloat8(&buf, items[i].score);
		if (!items[i].seq_null)
			pq_sendint64(&buf, items[i].seq);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------------------------------------------------------------- accessors */

PG_FUNCTION_INFO_V1(mastery_evidence_count);
Datum
mastery_evidence_count(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_MASTERY(0);

	PG_RETURN_INT32((int32) mas_count(MAS_BYTES(v), MAS_LEN(v)));
}

PG_FUNCTION_INFO_V1(mastery_first_evidence_at);
Datum
mastery_first_evidence_at(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_MASTERY(0);
	MasIter		it;
	MasItem		item;
	MasErr		err;
	int			r;

	if (mas_iter_init(&it, MAS_BYTES(v), MAS_LEN(v), &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	/* items without a time come first: skip them */
	while ((r = mas_iter_next(&it, &item)) > 0)
		if (!item.at_null)
			PG_RETURN_TIMESTAMPTZ(item.at);
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(mastery_last_evidence_at);
Datum
mastery_last_evidence_at(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_MASTERY(0);
	size_t		n;
	MasItem    *items = decode_items(v, 0, &n);

	if (n == 0 || items[n - 1].at_null)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(items[n - 1].at);
}

typedef struct EvidenceSRF
{
	MasItem    *items;
	size_t		n;
} EvidenceSRF;

PG_FUNCTION_INFO_V1(mastery_evidence);
Datum
mastery_evidence(PG_FUNCTION_ARGS)
{
	FuncCallContext *fc;
	EvidenceSRF *st;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;

		fc = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fc->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("mastery_evidence must be called in a context that accepts a record")));
		fc->tuple_desc = BlessTupleDesc(tupdesc);
		st = palloc(sizeof(EvidenceSRF));
		st->items = decode_items(PG_GETARG_MASTERY(0), 0, &st->n);
		fc->user_fctx = st;
		MemoryContextSwitchTo(old);
	}
	fc = SRF_PERCALL_SETUP();
	st = (EvidenceSRF *) fc->user_fctx;
	if (fc->call_cntr < st->n)
	{
		MasItem    *it = &st->items[fc->call_cntr];
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = TimestampTzGetDatum(it->at);
		nulls[0] = it->at_null;
		values[1] = Float8GetDatum(it->score);
		values[2] = Int64GetDatum(it->seq);
		nulls[2] = it->seq_null;
		values[3] = Int32GetDatum((int32) fc->call_cntr + 1);
		SRF_RETURN_NEXT(fc, HeapTupleGetDatum(heap_form_tuple(fc->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(fc);
}

/* ---------------------------------------------------------------- JSON */

void
mas_json_time(StringInfo buf, bool isnull, int64 at)
{
	char		tmp[MT_MAXLEN];

	if (isnull)
	{
		appendStringInfoString(buf, "null");
		return;
	}
	mt_format(at, tmp, sizeof(tmp));
	appendStringInfo(buf, "\"%s\"", tmp);
}

void
mas_json_number(StringInfo buf, double v)
{
	char		tmp[40];

	if (!isfinite(v))
	{
		appendStringInfoString(buf, "null");
		return;
	}
	nf_format(v, tmp, sizeof(tmp));
	appendStringInfoString(buf, tmp);
}

/* An item's time as jsonb: the ISO 8601 text, or null. */
void
mas_jb_put_time(JsonbParseState **ps, bool isnull, int64 at)
{
	char		tmp[MT_MAXLEN];

	if (isnull)
	{
		jb_put_null(ps);
		return;
	}
	mt_format(at, tmp, sizeof(tmp));
	/* the value keeps the pointer: copy the text (into the element's memory) */
	jb_put_string(ps, pstrdup(tmp), (int) strlen(tmp));
}

/*
 * mastery_to_jsonb: [{"at": ..., "score": ..., ["seq": ...]}, ...], written
 * item by item straight from the stored form (memory: the result).
 */
PG_FUNCTION_INFO_V1(mastery_to_jsonb);
Datum
mastery_to_jsonb(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_MASTERY(0);
	MasIter		it;
	MasItem		item;
	MasErr		err;
	JbArray		a;
	int			r;

	if (mas_iter_init(&it, MAS_BYTES(v), MAS_LEN(v), &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	/* about 70 bytes per item in jsonb's on-disk form */
	jb_array_begin(&a, it.n, (Size) it.n * 72 + 64);
	while ((r = mas_iter_next(&it, &item)) > 0)
	{
		JsonbParseState **ps = jb_elem_begin(&a);

		jb_put_key(ps, "at");
		mas_jb_put_time(ps, item.at_null, item.at);
		jb_put_key(ps, "score");
		jb_put_float8(ps, item.score);
		if (!item.seq_null)
		{
			jb_put_key(ps, "seq");
			jb_put_int64(ps, item.seq);
		}
		jb_elem_end(&a, ps);
	}
	if (r < 0)
	{
		mas_err(&err, MAS_ERR_CORRUPT, "The stored evidence stream is malformed.");
		mas_ereport("mastery", NULL, &err);
	}
	PG_RETURN_JSONB_P(jb_array_finish(&a));
}

/* ---------------------------------------------------------------- add */

static void
read_item_args(FunctionCallInfo fcinfo, int first, MasItem *item)
{
	item->score = PG_GETARG_FLOAT8(first);
	item->at_null = PG_ARGISNULL(first + 1);
	item->at = item->at_null ? 0 : PG_GETARG_TIMESTAMPTZ(first + 1);
	item->seq_null = (PG_NARGS() <= first + 2) || PG_ARGISNULL(first + 2);
	item->seq = item->seq_null ? 0 : PG_GETARG_INT64(first + 2);
}

PG_FUNCTION_INFO_V1(mastery_add);
Datum
mastery_add(PG_FUNCTION_ARGS)
{
	MasItem		item;
	MasItem    *items;
	size_t		n,
				pos;

	if (PG_ARGISNULL(1))
	{
		/* a NULL score adds nothing; a NULL state is empty */
		if (PG_ARGISNULL(0))
			PG_RETURN_POINTER(mas_make_mastery(NULL, 0));
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	read_item_args(fcinfo, 1, &item);
	check_score("mastery_add", item.score);
	if (PG_ARGISNULL(0))
	{
		items = palloc(sizeof(MasItem));
		n = 0;
	}
	else
		items = decode_items(PG_GETARG_MASTERY(0), 1, &n);
	if (n >= MAS_MAX_ITEMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("mastery value is full"),
				 errdetail("A mastery value holds at most %d evidence items.", MAS_MAX_ITEMS)));
	pos = mas_upper_bound(items, n, &item);
	memmove(items + pos + 1, items + pos, (n - pos) * sizeof(MasItem));
	items[pos] = item;
	PG_RETURN_POINTER(mas_make_mastery(items, n + 1));
}

/*
 * mastery_remove(m, score, at [, seq]): the value without one item equal to
 * the given one (same time, sequence number and score; NULL time or seq
 * match a missing one). No equal item: the value unchanged. The last item
 * removed: NULL, as mastery_agg gives over no rows. A NULL value is NULL; a
 * NULL score removes nothing (as mastery_add adds nothing).
 */
PG_FUNCTION_INFO_V1(mastery_remove);
Datum
mastery_remove(PG_FUNCTION_ARGS)
{
	MasItem		item;
	MasItem    *items;
	size_t		n,
				pos;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	read_item_args(fcinfo, 1, &item);
	check_score("mastery_remove", item.score);
	items = decode_items(PG_GETARG_MASTERY(0), 0, &n);
	pos = mas_find(items, n, &item);
	if (pos == n)
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (n == 1)
		PG_RETURN_NULL();
	memmove(items + pos, items + pos + 1, (n - pos - 1) * sizeof(MasItem));
	PG_RETURN_POINTER(mas_make_mastery(items, n - 1));
}

/*
 * mastery_remove(m, items mastery): the value without one equal item for
 * each item of `items` (multiset difference); items with no equal item left
 * are ignored. NULL rules as above: nothing left is NULL.
 */
PG_FUNCTION_INFO_V1(mastery_remove_items);
Datum
mastery_remove_items(PG_FUNCTION_ARGS)
{
	MasItem    *a,
			   *b;
	size_t		na,
				nb,
				n,
				unmatched;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	a = decode_items(PG_GETARG_MASTERY(0), 0, &na);
	b = decode_items(PG_GETARG_MASTERY(1), 0, &nb);
	n = mas_remove_sorted(a, na, b, nb, a, &unmatched);
	if (n == na)
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(mas_make_mastery(a, n));
}

/*
 * mastery_add(m, items mastery): the union of the evidence of two values
 * (a NULL on either side is empty; both NULL is NULL).
 */
PG_FUNCTION_INFO_V1(mastery_add_items);
Datum
mastery_add_items(PG_FUNCTION_ARGS)
{
	MasItem    *a,
			   *b,
			   *out;
	size_t		na,
				nb;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	a = decode_items(PG_GETARG_MASTERY(0), 0, &na);
	b = decode_items(PG_GETARG_MASTERY(1), 0, &nb);
	if (na + nb > MAS_MAX_ITEMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("mastery value is full"),
				 errdetail("Adding %zu items to a value of %zu would exceed the limit of %d evidence items.",
						   nb, na, MAS_MAX_ITEMS)));
	out = palloc(sizeof(MasItem) * (na + nb + 1));
	mas_merge_sorted(a, na, b, nb, out);
	PG_RETURN_POINTER(mas_make_mastery(out, na + nb));
}

/* ---------------------------------------------------------------- aggregates */

/*
 * The aggregate state and its forms (compact, narrow, wide) are in
 * core/aggstate.h; here: its memory (in the aggregate context) and limits.
 */
#define AGG_COMPACT MAS_AGG_COMPACT
#define AGG_NARROW MAS_AGG_NARROW
#define AGG_WIDE MAS_AGG_WIDE
#define WIDE_ITEMS(st) MAS_AGG_WIDE_ITEMS(st)

static MasAggState *
agg_state_new(MemoryContext ctx, uint32 need, int mode)
{
	uint32		cap = mas_agg_capacity(need, mode);
	MasAggState *st = MemoryContextAlloc(ctx, mas_agg_size(cap, mode));

	mas_agg_init(st, cap, mode);
	return st;
}

/* Room for `more` items; returns the (possibly moved) state. */
static MasAggState *
agg_state_reserve(MasAggState *st, size_t more)
{
	size_t		need = (size_t) st->n + more;

	if (need > MAS_MAX_ITEMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many evidence items for one mastery value"),
				 errdetail("A mastery value holds at most %d evidence items; this group has more.", MAS_MAX_ITEMS),
				 errhint("Group by a finer key (learner and competency).")));
	if (need > st->cap)
	{
		uint32		cap = mas_agg_capacity(need, st->mode);

		/* repalloc keeps the chunk in the aggregate context */
		st = repalloc(st, mas_agg_size(cap, st->mode));
		st->cap = cap;
	}
	return st;
}

/* Convert the items to a wider form (after growing the block). */
static MasAggState *
agg_state_convert(MasAggState *st, int mode)
{
	uint32		cap = mas_agg_capacity(Max(st->n, 1), mode);

	if (st->mode >= mode)
		return st;
	st = repalloc(st, mas_agg_size(cap, mode));
	mas_agg_convert(st, mode, cap);
	return st;
}

static MasAggState *
agg_state_widen(MasAggState *st)
{
	return agg_state_convert(st, AGG_WIDE);
}

/* The items as MasItem: the block itself when wide, else a widened copy. */
static MasItem *
agg_state_items(MasAggState *st)
{
	MasItem    *items;

	if (st->mode == AGG_WIDE)
		return WIDE_ITEMS(st);
	items = palloc(sizeof(MasItem) * (st->n + 1));
	mas_agg_to_items(st, items);
	return items;
}

MemoryContext
mas_agg_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext ctx;

	if (!AggCheckCallContext(fcinfo, &ctx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s() called in non-aggregate context", fname)));
	return ctx;
}

PG_FUNCTION_INFO_V1(mastery_agg_trans);
Datum
mastery_agg_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "mastery_agg_trans");
	MasAggState *st = PG_ARGISNULL(0) ? NULL : (MasAggState *) PG_GETARG_POINTER(0);
	MasItem		item;
	int32		dt = 0;

	if (PG_ARGISNULL(1))
	{
		/* NULL scores are skipped */
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	read_item_args(fcinfo, 1, &item);
	check_score("mastery_agg", item.score);
	if (st == NULL)
	{
		st = agg_state_new(ctx, 1, item.at_null || !item.seq_null ? AGG_WIDE :
						   mas_agg_compact_fits(item.at, &item, &dt) ? AGG_COMPACT : AGG_NARROW);
		st->base = item.at;
	}
	else
	{
		int			mode = mas_agg_mode_for(st, &item, &dt);

		if (mode != st->mode)
			st = agg_state_convert(st, mode);
		/* the limit is checked per item, not only when the block fills */
		if (st->n == st->cap || st->n >= MAS_MAX_ITEMS)
			st = agg_state_reserve(st, 1);
	}
	mas_agg_push(st, &item, dt);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(mastery_merge_trans);
Datum
mastery_merge_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "mastery_merge_trans");
	MasAggState *st = PG_ARGISNULL(0) ? NULL : (MasAggState *) PG_GETARG_POINTER(0);
	struct varlena *v;
	size_t		count;
	MasErr		err;
	bool		was_sorted;
	MasItem		last = {0};

	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	v = PG_GETARG_MASTERY(1);
	count = mas_count(MAS_BYTES(v), MAS_LEN(v));
	if (st == NULL)
		st = agg_state_new(ctx, (uint32) Min(count, MAS_MAX_ITEMS), AGG_WIDE);
	st = agg_state_reserve(st, count);
	if (count == 0)
		PG_RETURN_POINTER(st);
	/* a stored value is in order: decode it in place, then check the seam */
	was_sorted = st->sorted;
	if (st->n > 0)
		last = WIDE_ITEMS(st)[st->n - 1];
	if (mas_decode_all(MAS_BYTES(v), MAS_LEN(v), WIDE_ITEMS(st) + st->n, &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	st->sorted = was_sorted && (st->n == 0 || mas_item_cmp(&last, &WIDE_ITEMS(st)[st->n]) <= 0);
	st->n += (uint32) count;
	PG_RETURN_POINTER(st);
}

/* The items in assessment order (a widened copy when the state is narrow). */
static MasItem *
agg_state_sorted_items(MasAggState *st)
{
	MasItem    *items = agg_state_items(st);

	if (!st->sorted)
	{
		mas_sort(items, st->n);
		if (st->mode == AGG_WIDE)
			st->sorted = true;
	}
	return items;
}

PG_FUNCTION_INFO_V1(mastery_agg_final);
Datum
mastery_agg_final(PG_FUNCTION_ARGS)
{
	MasAggState *st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (MasAggState *) PG_GETARG_POINTER(0);
	/* sorting a wide state in place leaves the same multiset of evidence */
	PG_RETURN_POINTER(mas_make_mastery(agg_state_sorted_items(st), st->n));
}

PG_FUNCTION_INFO_V1(mastery_agg_combine);
Datum
mastery_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "mastery_agg_combine");
	MasAggState *a = PG_ARGISNULL(0) ? NULL : (MasAggState *) PG_GETARG_POINTER(0);
	MasAggState *b = PG_ARGISNULL(1) ? NULL : (MasAggState *) PG_GETARG_POINTER(1);
	MasAggState *out;
	MasItem    *bitems;

	if (b == NULL || b->n == 0)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	bitems = agg_state_items(b);
	if (a == NULL)
	{
		a = agg_state_new(ctx, b->n, AGG_WIDE);
		mas_agg_append(a, bitems, b->n, b->sorted);
		PG_RETURN_POINTER(a);
	}
	a = agg_state_widen(a);
	if (!a->sorted || !b->sorted)
	{
		a = agg_state_reserve(a, b->n);
		mas_agg_append(a, bitems, b->n, b->sorted);
		PG_RETURN_POINTER(a);
	}
	/* two sorted runs: merge them into a new block */
	if ((size_t) a->n + b->n > MAS_MAX_ITEMS)
		(void) agg_state_reserve(a, b->n);	/* raises the limit error */
	out = agg_state_new(ctx, a->n + b->n, AGG_WIDE);
	mas_agg_merge(a, bitems, b->n, out);
	pfree(a);
	PG_RETURN_POINTER(out);
}

/* serialized state: see mas_agg_serialize (states only travel between
 * processes of one server) */
PG_FUNCTION_INFO_V1(mastery_agg_serialize);
Datum
mastery_agg_serialize(PG_FUNCTION_ARGS)
{
	MasAggState *st = (MasAggState *) PG_GETARG_POINTER(0);
	size_t		size = mas_agg_serial_size(st->n);
	bytea	   *out;
	MasItem    *items;

	mas_agg_context(fcinfo, "mastery_agg_serialize");
	/* sort here, in the worker, so the leader only merges */
	items = agg_state_sorted_items(st);
	out = (bytea *) palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	mas_agg_serialize(items, st->n, (uint8_t *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(mastery_agg_deserialize);
Datum
mastery_agg_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	uint32		n;
	MasErr		err;
	MasAggState *st;

	mas_agg_context(fcinfo, "mastery_agg_deserialize");
	if (mas_agg_serial_count((const uint8_t *) VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &n, &err) != MAS_OK)
		elog(ERROR, "invalid mastery_agg state: %s", err.detail);
	st = agg_state_new(CurrentMemoryContext, n, AGG_WIDE);
	mas_agg_deserialize((const uint8_t *) VARDATA_ANY(in), st);
	PG_RETURN_POINTER(st);
}
