/*
 * text_args.c: methods and scales kept in text and varchar columns.
 *
 * Implicit casts text -> mastery_method and text -> mastery_scale (and the
 * same from varchar) let every function that takes a method or a scale take
 * a text column as it is. The cast function keeps, per call site (fn_extra),
 * the values it has parsed, so a query parses each distinct text once, not
 * once per row. A quoted literal still resolves at parse time to the typed
 * argument (no second overload to choose from).
 *
 * Why casts and not text overloads: one cast serves every function taking a
 * method or a scale, present and future (mastery_score with and without
 * as_of, mastery_level, is_mastered, mastery_explain, mastered_at, ...),
 * where overloads would multiply (method text or typed x scale text or typed
 * x as_of timestamptz or date). And with a text overload a quoted literal
 * would pick it (an unknown literal prefers the string category), so literals
 * would be parsed while the query runs instead of once when it is planned.
 * The price of an implicit cast: a function overloaded on mastery_method and
 * on mastery_scale at the same argument position (with the same other
 * arguments) would be ambiguous for a text argument; none is.
 */
#include "mastery_glue.h"

#include "common/hashfn.h"
#include "utils/builtins.h"

/* at most this many distinct texts are kept per call site */
#define CACHE_MAX 4096

typedef struct TextEntry
{
	uint32		hash;
	text	   *key;			/* NULL = empty slot */
	Datum		value;
} TextEntry;

typedef struct TextCache
{
	MemoryContext cxt;
	uint32		mask;			/* slots - 1 (a power of two) */
	uint32		used;
	TextEntry  *slots;
	TextEntry  *last;			/* the entry found or added last */
} TextCache;

static bool
key_equal(const TextEntry *e, uint32 h, const char *s, int len)
{
	return e->hash == h && (int) VARSIZE_ANY_EXHDR(e->key) == len &&
		memcmp(VARDATA_ANY(e->key), s, len) == 0;
}

static TextEntry *
cache_slot(TextEntry *slots, uint32 mask, uint32 h, const char *s, int len)
{
	uint32		i = h & mask;

	while (slots[i].key != NULL && !key_equal(&slots[i], h, s, len))
		i = (i + 1) & mask;
	return &slots[i];
}

static void
cache_grow(TextCache *c)
{
	uint32		nmask = c->mask * 2 + 1;
	TextEntry  *ns = MemoryContextAllocZero(c->cxt, sizeof(TextEntry) * (nmask + 1));
	uint32		i;

	for (i = 0; i <= c->mask; i++)
		if (c->slots[i].key != NULL)
		{
			TextEntry  *e = &c->slots[i];

			*cache_slot(ns, nmask, e->hash, VARDATA_ANY(e->key), VARSIZE_ANY_EXHDR(e->key)) = *e;
		}
	pfree(c->slots);
	c->slots = ns;
	c->mask = nmask;
	c->last = NULL;
}

/*
 * The value of the text argument parsed by the type's input function, from
 * the call site's cache when this text was seen before.
 */
static Datum
parse_cached(FunctionCallInfo fcinfo, PGFunction input)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	TextCache  *c = (TextCache *) fcinfo->flinfo->fn_extra;
	uint32		h;
	TextEntry  *e;
	Datum		value;
	MemoryContext old;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(TextCache));
		c->cxt = fcinfo->flinfo->fn_mcxt;
		c->mask = 15;
		c->slots = MemoryContextAllocZero(c->cxt, sizeof(TextEntry) * 16);
		fcinfo->flinfo->fn_extra = c;
	}
	if (c->last != NULL && (int) VARSIZE_ANY_EXHDR(c->last->key) == len &&
		memcmp(VARDATA_ANY(c->last->key), s, len) == 0)
		return c->last->value;
	h = hash_bytes((const unsigned char *) s, len);
	e = cache_slot(c->slots, c->mask, h, s, len);
	if (e->key != NULL)
	{
		c->last = e;
		return e->value;
	}

	/* errors from the input function quote the text */
	value = DirectFunctionCall1(input, CStringGetDatum(text_to_cstring(t)));
	if (c->used >= CACHE_MAX)
		return value;
	old = MemoryContextSwitchTo(c->cxt);
	e->hash = h;
	e->value = PointerGetDatum(PG_DETOAST_DATUM_COPY(value));
	e->key = (text *) PG_DETOAST_DATUM_COPY(PointerGetDatum(t));
	MemoryContextSwitchTo(old);
	c->used++;
	c->last = e;
	value = e->value;
	if (c->used * 2 > c->mask)
		cache_grow(c);
	return value;
}

extern Datum mastery_method_in(PG_FUNCTION_ARGS);
extern Datum mastery_scale_in(PG_FUNCTION_ARGS);

PG_FUNCTION_INFO_V1(mastery_method_from_text);
Datum
mastery_method_from_text(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(parse_cached(fcinfo, mastery_method_in));
}

PG_FUNCTION_INFO_V1(mastery_scale_from_text);
Datum
mastery_scale_from_text(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(parse_cached(fcinfo, mastery_scale_in));
}
