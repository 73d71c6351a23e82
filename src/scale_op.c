/*
 * scale_op.c: comparison operators and hashes of the `mastery_scale` type
 * (btree and hash operator classes), over the decoded levels.
 */
#include "mastery_glue.h"

#include "compare.h"

#define ARG_VAL(n) ((struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n)))

static void
decode_scale(struct varlena *v, MasScaleDef *def)
{
	MasErr		err;

	if (ms_decode(MAS_BYTES(v), MAS_LEN(v), def, &err) != MAS_OK)
		mas_ereport("mastery_scale", NULL, &err);
}

static int
scale_cmp_args(FunctionCallInfo fcinfo)
{
	struct varlena *a = ARG_VAL(0);
	struct varlena *b = ARG_VAL(1);
	MasScaleDef *da = palloc(sizeof(MasScaleDef));
	MasScaleDef *db = palloc(sizeof(MasScaleDef));
	int			c;

	decode_scale(a, da);
	decode_scale(b, db);
	c = ms_def_cmp(da, db);
	pfree(da);
	pfree(db);
	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return c;
}

PG_FUNCTION_INFO_V1(mastery_scale_cmp);
Datum
mastery_scale_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(scale_cmp_args(fcinfo));
}

#define SCALE_CMP_FN(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(scale_cmp_args(fcinfo) op 0); }

SCALE_CMP_FN(mastery_scale_eq, ==)
SCALE_CMP_FN(mastery_scale_ne, !=)
SCALE_CMP_FN(mastery_scale_lt, <)
SCALE_CMP_FN(mastery_scale_le, <=)
SCALE_CMP_FN(mastery_scale_gt, >)
SCALE_CMP_FN(mastery_scale_ge, >=)

static uint64
scale_hash_arg(FunctionCallInfo fcinfo, uint64 seed)
{
	struct varlena *v = ARG_VAL(0);
	MasScaleDef *def = palloc(sizeof(MasScaleDef));
	uint64		h;

	decode_scale(v, def);
	h = ms_def_hash(def, seed);
	pfree(def);
	PG_FREE_IF_COPY(v, 0);
	return h;
}

PG_FUNCTION_INFO_V1(mastery_scale_hash);
Datum
mastery_scale_hash(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT32((uint32) scale_hash_arg(fcinfo, 0));
}

PG_FUNCTION_INFO_V1(mastery_scale_hash_extended);
Datum
mastery_scale_hash_extended(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT64(scale_hash_arg(fcinfo, (uint64) PG_GETARG_INT64(1)));
}
