/*
 * graph_op.c: comparison operators and hashes of the `competency_graph` type
 * (btree and hash operator classes). The stored form of a graph is canonical
 * (sorted names, sorted duplicate-free adjacency, checked on every decode),
 * so equal graphs have equal bytes; the order walks names, then edges.
 */
#include "mastery_glue.h"

#include "compare.h"

#define ARG_VAL(n) ((struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n)))

static int
graph_cmp_args(FunctionCallInfo fcinfo)
{
	struct varlena *a = ARG_VAL(0);
	struct varlena *b = ARG_VAL(1);
	MasErr		err;
	int			c;

	if (mg_stored_cmp((const unsigned char *) VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a),
					  (const unsigned char *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b),
					  &c, &err) != 0)
		mas_ereport("competency_graph", NULL, &err);
	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return c;
}

static bool
graph_eq_args(FunctionCallInfo fcinfo)
{
	struct varlena *a = ARG_VAL(0);
	struct varlena *b = ARG_VAL(1);
	bool		eq;

	/* canonical stored form: equal exactly when the bytes are */
	eq = VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return eq;
}

PG_FUNCTION_INFO_V1(competency_graph_cmp);
Datum
competency_graph_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(graph_cmp_args(fcinfo));
}

PG_FUNCTION_INFO_V1(competency_graph_op_eq);
Datum
competency_graph_op_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(graph_eq_args(fcinfo));
}

PG_FUNCTION_INFO_V1(competency_graph_op_ne);
Datum
competency_graph_op_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!graph_eq_args(fcinfo));
}

#define GRAPH_CMP_FN(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(graph_cmp_args(fcinfo) op 0); }

GRAPH_CMP_FN(competency_graph_lt, <)
GRAPH_CMP_FN(competency_graph_le, <=)
GRAPH_CMP_FN(competency_graph_gt, >)
GRAPH_CMP_FN(competency_graph_ge, >=)

static uint64
graph_hash_arg(FunctionCallInfo fcinfo, uint64 seed)
{
	struct varlena *v = ARG_VAL(0);
	uint64		h = mg_stored_hash((const unsigned char *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), seed);

	PG_FREE_IF_COPY(v, 0);
	return h;
}

PG_FUNCTION_INFO_V1(competency_graph_hash);
Datum
competency_graph_hash(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT32((uint32) graph_hash_arg(fcinfo, 0));
}

PG_FUNCTION_INFO_V1(competency_graph_hash_extended);
Datum
competency_graph_hash_extended(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT64(graph_hash_arg(fcinfo, (uint64) PG_GETARG_INT64(1)));
}
