/*
 * jsonb_out.c: large jsonb results written in the jsonb on-disk format one
 * element at a time (see jsonb_out.h). The layout follows the comments of
 * PostgreSQL's utils/jsonb.h: a container is a uint32 header (count and
 * kind), one JEntry per child (every JB_OFFSET_STRIDE-th holds the end offset
 * of the child instead of its length), then the children's data; numerics
 * and containers are padded to a 4-byte boundary, counted from the start of
 * the varlena; an object's keys are sorted by length, then bytewise, and its
 * JEntries and data list all keys, then all values.
 */
#include "jsonb_out.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "mcommon.h"

static void
pad_to_int(StringInfo buf)
{
	while ((Size) buf->len != INTALIGN(buf->len))
		appendStringInfoCharMacro(buf, '\0');
}

static void
check_total(Size total)
{
	if (total > JENTRY_OFFLENMASK)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("result is too large for jsonb"),
				 errdetail("The elements of a jsonb container take at most %d bytes.", JENTRY_OFFLENMASK)));
}

void
jb_array_begin(JbArray *a, uint32 n, Size size_hint)
{
	uint32		header = n | JB_FARRAY;

	if (n > JB_CMASK)
		check_total((Size) n * sizeof(JEntry) + JENTRY_OFFLENMASK);
	initStringInfo(&a->buf);
	if (size_hint > 0 && size_hint < MaxAllocSize / 2)
		enlargeStringInfo(&a->buf, (int) size_hint);
	a->buf.len = VARHDRSZ;
	appendBinaryStringInfo(&a->buf, (const char *) &header, sizeof(uint32));
	a->jentries = a->buf.len;
	enlargeStringInfo(&a->buf, (int) (sizeof(JEntry) * n));
	memset(a->buf.data + a->buf.len, 0, sizeof(JEntry) * n);
	a->buf.len += (int) (sizeof(JEntry) * n);
	a->children = a->buf.len;
	a->n = n;
	a->i = 0;
	a->scratch = AllocSetContextCreate(CurrentMemoryContext, "mastery jsonb element",
									   ALLOCSET_SMALL_SIZES);
	a->old = NULL;
}

JsonbParseState **
jb_elem_begin(JbArray *a)
{
	JsonbParseState **ps;

	a->old = MemoryContextSwitchTo(a->scratch);
	ps = palloc0(sizeof(JsonbParseState *));
	(void) pushJsonbValue(ps, WJB_BEGIN_OBJECT, NULL);
	return ps;
}

void
jb_elem_end(JbArray *a, JsonbParseState **ps)
{
	Jsonb	   *elem = JsonbValueToJsonb(pushJsonbValue(ps, WJB_END_OBJECT, NULL));
	int			base;
	Size		total;
	JEntry		meta;

	MemoryContextSwitchTo(a->old);
	if (a->i >= a->n)
		elog(ERROR, "jsonb array given more elements than announced");
	base = a->buf.len;
	pad_to_int(&a->buf);
	appendBinaryStringInfo(&a->buf, (const char *) &elem->root, VARSIZE(elem) - VARHDRSZ);
	total = (Size) (a->buf.len - a->children);
	check_total(total);
	if (a->i % JB_OFFSET_STRIDE == 0)
		meta = JENTRY_ISCONTAINER | JENTRY_HAS_OFF | (JEntry) total;
	else
		meta = JENTRY_ISCONTAINER | (JEntry) (a->buf.len - base);
	memcpy(a->buf.data + a->jentries + sizeof(JEntry) * a->i, &meta, sizeof(JEntry));
	a->i++;
	MemoryContextReset(a->scratch);
	CHECK_FOR_INTERRUPTS();
}

Jsonb *
jb_array_finish(JbArray *a)
{
	if (a->i != a->n)
		elog(ERROR, "jsonb array given %u elements, %u announced", a->i, a->n);
	MemoryContextDelete(a->scratch);
	SET_VARSIZE(a->buf.data, a->buf.len);
	return (Jsonb *) a->buf.data;
}

/* ---------------------------------------------------------------- scalars */

void
jb_put_key(JsonbParseState **ps, const char *key)
{
	JsonbValue	v = jb_string(key);

	(void) pushJsonbValue(ps, WJB_KEY, &v);
}

static void
put_value(JsonbParseState **ps, JsonbValue v)
{
	(void) pushJsonbValue(ps, WJB_VALUE, &v);
}

void
jb_put_null(JsonbParseState **ps)
{
	put_value(ps, jb_null());
}

void
jb_put_bool(JsonbParseState **ps, bool b)
{
	put_value(ps, jb_bool(b));
}

void
jb_put_string(JsonbParseState **ps, const char *s, int len)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = len;
	put_value(ps, v);
}

void
jb_put_number(JsonbParseState **ps, const char *numtext)
{
	JsonbValue	v;

	v.type = jbvNumeric;
	v.val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(numtext),
														ObjectIdGetDatum(InvalidOid),
														Int32GetDatum(-1)));
	put_value(ps, v);
}

void
jb_put_float8(JsonbParseState **ps, double v)
{
	put_value(ps, jb_float8(v));
}

void
jb_put_int64(JsonbParseState **ps, int64 v)
{
	put_value(ps, jb_int64(v));
}

JsonbValue
jb_null(void)
{
	JsonbValue	v;

	v.type = jbvNull;
	return v;
}

JsonbValue
jb_bool(bool b)
{
	JsonbValue	v;

	v.type = jbvBool;
	v.val.boolean = b;
	return v;
}

JsonbValue
jb_string(const char *s)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = (int) strlen(s);
	return v;
}

JsonbValue
jb_float8(double d)
{
	JsonbValue	v;
	char		tmp[40];

	if (!isfinite(d))
		return jb_null();
	/* the shortest exact decimal, read as jsonb_in reads JSON numbers */
	nf_format(d, tmp, sizeof(tmp));
	v.type = jbvNumeric;
	v.val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(tmp),
														ObjectIdGetDatum(InvalidOid),
														Int32GetDatum(-1)));
	return v;
}

JsonbValue
jb_int64(int64 i)
{
	JsonbValue	v;

	v.type = jbvNumeric;
	v.val.numeric = int64_to_numeric(i);
	return v;
}

/* ---------------------------------------------------------------- objects */

static int
field_cmp(const void *x, const void *y)
{
	const JbField *a = (const JbField *) x;
	const JbField *b = (const JbField *) y;
	size_t		la = strlen(a->key),
				lb = strlen(b->key);

	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(a->key, b->key, la);
}

static void
set_jentry(StringInfo buf, int jentries, int idx, JEntry type, Size len, Size total)
{
	JEntry		meta;

	check_total(total);
	if (idx % JB_OFFSET_STRIDE == 0)
		meta = type | JENTRY_HAS_OFF | (JEntry) total;
	else
		meta = type | (JEntry) len;
	memcpy(buf->data + jentries + sizeof(JEntry) * idx, &meta, sizeof(JEntry));
}

Jsonb *
jb_object_with_array(JbField *fields, int nfields, JbArray *a)
{
	StringInfoData buf;
	uint32		header = (uint32) nfields | JB_FOBJECT;
	int			jentries,
				children,
				i;
	Size		extra = a ? (Size) a->buf.len : 0;

	qsort(fields, nfields, sizeof(JbField), field_cmp);
	for (i = 1; i < nfields; i++)
		if (field_cmp(&fields[i - 1], &fields[i]) == 0)
			elog(ERROR, "duplicate key \"%s\" in a jsonb object", fields[i].key);
	initStringInfo(&buf);
	enlargeStringInfo(&buf, (int) Min(extra + 1024, MaxAllocSize - 1));
	buf.len = VARHDRSZ;
	appendBinaryStringInfo(&buf, (const char *) &header, sizeof(uint32));
	jentries = buf.len;
	for (i = 0; i < 2 * nfields; i++)
	{
		JEntry		zero = 0;

		appendBinaryStringInfo(&buf, (const char *) &zero, sizeof(JEntry));
	}
	children = buf.len;
	for (i = 0; i < nfields; i++)
	{
		size_t		len = strlen(fields[i].key);

		appendBinaryStringInfo(&buf, fields[i].key, (int) len);
		set_jentry(&buf, jentries, i, JENTRY_ISSTRING, len, (Size) (buf.len - children));
	}
	for (i = 0; i < nfields; i++)
	{
		JsonbValue *v = &fields[i].v;
		int			base = buf.len;
		JEntry		type;

		if (fields[i].is_array)
		{
			if (a == NULL)
				elog(ERROR, "no jsonb array for key \"%s\"", fields[i].key);
			pad_to_int(&buf);
			appendBinaryStringInfo(&buf, a->buf.data + VARHDRSZ, a->buf.len - VARHDRSZ);
			type = JENTRY_ISCONTAINER;
		}
		else
			switch (v->type)
			{
				case jbvNull:
					type = JENTRY_ISNULL;
					break;
				case jbvBool:
					type = v->val.boolean ? JENTRY_ISBOOL_TRUE : JENTRY_ISBOOL_FALSE;
					break;
				case jbvString:
					appendBinaryStringInfo(&buf, v->val.string.val, v->val.string.len);
					type = JENTRY_ISSTRING;
					break;
				case jbvNumeric:
					pad_to_int(&buf);
					appendBinaryStringInfo(&buf, (const char *) v->val.numeric, VARSIZE_ANY(v->val.numeric));
					type = JENTRY_ISNUMERIC;
					break;
				default:
					elog(ERROR, "unexpected jsonb value type %d", (int) v->type);
			}
		set_jentry(&buf, jentries, nfields + i, type, (Size) (buf.len - base),
				   (Size) (buf.len - children));
	}
	SET_VARSIZE(buf.data, buf.len);
	return (Jsonb *) buf.data;
}
