/*
 * jsonb_out.h: build large jsonb results in memory proportional to their size.
 *
 * jsonb_in on a JSON text, or pushJsonbValue over the whole document, holds a
 * tree of JsonbValue nodes (hundreds of bytes per element) besides the result.
 * Here an array of n elements is written straight into the jsonb on-disk
 * format, one element at a time: each element is built as a small jsonb in a
 * scratch context that is reset after it is copied, so the memory used is the
 * result itself (plus the caller's own data).
 */
#ifndef MASTERY_JSONB_OUT_H
#define MASTERY_JSONB_OUT_H

#include "postgres.h"
#include "lib/stringinfo.h"
#include "utils/jsonb.h"

typedef struct JbArray
{
	StringInfoData buf;			/* VARHDRSZ, then the array container */
	uint32		n;				/* elements announced */
	uint32		i;				/* elements written */
	int			jentries;		/* offset of the JEntry array in buf */
	int			children;		/* offset where element data starts */
	MemoryContext scratch;		/* one element's working memory */
	MemoryContext old;
} JbArray;

/* An array of exactly n elements; size_hint: expected bytes (0: unknown). */
void		jb_array_begin(JbArray *a, uint32 n, Size size_hint);

/*
 * Element building: jb_elem_begin switches to the scratch context and starts
 * an object; add pairs with jb_elem_*; jb_elem_end copies the element into
 * the array, resets the scratch memory and polls for cancellation.
 */
JsonbParseState **jb_elem_begin(JbArray *a);
void		jb_elem_end(JbArray *a, JsonbParseState **ps);

void		jb_put_key(JsonbParseState **ps, const char *key);
void		jb_put_null(JsonbParseState **ps);
void		jb_put_bool(JsonbParseState **ps, bool b);
void		jb_put_string(JsonbParseState **ps, const char *s, int len);
/* a number given as JSON number text (as jsonb_in would read it) */
void		jb_put_number(JsonbParseState **ps, const char *numtext);
/* a float8: its shortest exact decimal; non-finite values as null */
void		jb_put_float8(JsonbParseState **ps, double v);
void		jb_put_int64(JsonbParseState **ps, int64 v);

/* The array as a jsonb value of its own (a consumes its buffer). */
Jsonb	   *jb_array_finish(JbArray *a);

/*
 * An object whose fields are scalars, or the array a (at most one field,
 * the one with is_array set): the array's bytes are copied in once.
 */
typedef struct JbField
{
	const char *key;
	JsonbValue	v;				/* a scalar, unless is_array */
	bool		is_array;
} JbField;

Jsonb	   *jb_object_with_array(JbField *fields, int nfields, JbArray *a);

/* Scalar JsonbValues for JbField.v */
JsonbValue	jb_null(void);
JsonbValue	jb_bool(bool b);
JsonbValue	jb_string(const char *s);
JsonbValue	jb_float8(double v);
JsonbValue	jb_int64(int64 v);

#endif
