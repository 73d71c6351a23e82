/*
 * mastery_op.c: comparison operators and hashes of the `mastery` type
 * (btree and hash operator classes). Values compare by their decoded
 * evidence (src/core/compare.c), not by their stored bytes.
 */
#include "mastery_glue.h"

#include "compare.h"

#include "common/hashfn.h"

/* the value of argument n, detoasted (short headers allowed) */
#define ARG_VAL(n) ((struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n)))

static int
mastery_cmp_args(FunctionCallInfo fcinfo)
{
	struct varlena *a = ARG_VAL(0);
	struct varlena *b = ARG_VAL(1);
	MasErr		err;
	int			c;

	if (mas_value_cmp(MAS_BYTES(a), MAS_LEN(a), MAS_BYTES(b), MAS_LEN(b), &c, &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return c;
}

static bool
mastery_eq_args(FunctionCallInfo fcinfo)
{
	struct varlena *a = ARG_VAL(0);
	struct varlena *b = ARG_VAL(1);
	MasErr		err;
	bool		eq;

	if (mas_value_eq(MAS_BYTES(a), MAS_LEN(a), MAS_BYTES(b), MAS_LEN(b), &eq, &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return eq;
}

PG_FUNCTION_INFO_V1(mastery_cmp);
Datum
mastery_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(mastery_cmp_args(fcinfo));
}

PG_FUNCTION_INFO_V1(mastery_eq);
Datum
mastery_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(mastery_eq_args(fcinfo));
}

PG_FUNCTION_INFO_V1(mastery_ne);
Datum
mastery_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!mastery_eq_args(fcinfo));
}

#define MASTERY_CMP_FN(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(mastery_cmp_args(fcinfo) op 0); }

MASTERY_CMP_FN(mastery_lt, <)
MASTERY_CMP_FN(mastery_le, <=)
MASTERY_CMP_FN(mastery_gt, >)
MASTERY_CMP_FN(mastery_ge, >=)

static uint64
mastery_hash_arg(FunctionCallInfo fcinfo, uint64 seed)
{
	struct varlena *v = ARG_VAL(0);
	MasErr		err;
	uint64_t	h;

	if (mas_value_hash(MAS_BYTES(v), MAS_LEN(v), seed, &h, &err) != MAS_OK)
		mas_ereport("mastery", NULL, &err);
	PG_FREE_IF_COPY(v, 0);
	return h;
}

/* the low 32 bits of the extended hash with seed 0, as the hash AM expects */
PG_FUNCTION_INFO_V1(mastery_hash);
Datum
mastery_hash(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT32((uint32) mastery_hash_arg(fcinfo, 0));
}

PG_FUNCTION_INFO_V1(mastery_hash_extended);
Datum
mastery_hash_extended(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT64(mastery_hash_arg(fcinfo, (uint64) PG_GETARG_INT64(1)));
}

/*
 * mastery_method: the 64-bit hash with a seed that completes its hash operator
 * class. Equal methods have identical stored bytes (parameters normalised),
 * as mastery_method_hash relies on; with seed 0 the low 32 bits equal it.
 */
PG_FUNCTION_INFO_V1(mastery_method_hash_extended);
Datum
mastery_method_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *v = ARG_VAL(0);
	Datum		h = hash_any_extended(MAS_BYTES(v), (int) MAS_LEN(v), (uint64) PG_GETARG_INT64(1));

	PG_FREE_IF_COPY(v, 0);
	return h;
}
