/*
 * graph_agg.c - competency_graph_agg(): building a graph from edge rows
 *
 * The algorithms live in core/graph_*.c; graph_glue.c decodes arguments
 * (with a per-call-site cache) and reports errors.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "graph.h"
#include "graph_glue.h"
#include "mastery_glue.h"

/* ---- aggregate ---------------------------------------------------------- */

PG_FUNCTION_INFO_V1(competency_graph_agg_trans);
Datum
competency_graph_agg_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "competency_graph_agg_trans");
	MemoryContext old;
	MgBuilder  *b = PG_ARGISNULL(0) ? NULL : (MgBuilder *) PG_GETARG_POINTER(0);
	uint32		a = 0,
				c = 0;

	old = MemoryContextSwitchTo(ctx);
	if (b == NULL)
		b = mg_builder_new();
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		text	   *t1 = PG_GETARG_TEXT_PP(1);
		text	   *t2 = PG_GETARG_TEXT_PP(2);

		mas_graph_check_rc(mg_builder_node_pair(b, VARDATA_ANY(t1), VARSIZE_ANY_EXHDR(t1),
									  VARDATA_ANY(t2), VARSIZE_ANY_EXHDR(t2), &a, &c),
				 "competency_graph_agg");
		mas_graph_check_rc(mg_builder_edge(b, a, c), "competency_graph_agg");
	}
	else if (!PG_ARGISNULL(1) || !PG_ARGISNULL(2))
	{
		text	   *t = PG_GETARG_TEXT_PP(PG_ARGISNULL(1) ? 2 : 1);

		mas_graph_check_rc(mg_builder_node(b, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &a),
				 "competency_graph_agg");
	}
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(b);
}

PG_FUNCTION_INFO_V1(competency_graph_agg_combine);
Datum
competency_graph_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "competency_graph_agg_combine");
	MemoryContext old;
	MgBuilder  *a = PG_ARGISNULL(0) ? NULL : (MgBuilder *) PG_GETARG_POINTER(0);
	MgBuilder  *b = PG_ARGISNULL(1) ? NULL : (MgBuilder *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	old = MemoryContextSwitchTo(ctx);
	if (a == NULL)
		a = mg_builder_new();
	mas_graph_check_rc(mg_builder_merge(a, b), "competency_graph_agg");
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(competency_graph_agg_serialize);
Datum
competency_graph_agg_serialize(PG_FUNCTION_ARGS)
{
	MgBuilder  *b = (MgBuilder *) PG_GETARG_POINTER(0);
	MgGraph    *g;

	(void) mas_agg_context(fcinfo, "competency_graph_agg_serialize");
	mas_graph_check_rc(mg_builder_finish_for_encoding(b, &g), "competency_graph_agg");
	PG_RETURN_BYTEA_P(mas_graph_to_varlena(g, "competency_graph_agg"));
}

PG_FUNCTION_INFO_V1(competency_graph_agg_deserialize);
Datum
competency_graph_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "competency_graph_agg_deserialize");
	MemoryContext old;
	MgGraph    *g;
	MgBuilder  *b;

	g = mas_graph_decode(PG_GETARG_BYTEA_P(0));
	old = MemoryContextSwitchTo(ctx);
	b = mg_builder_new();
	mas_graph_check_rc(mg_builder_add_graph(b, g), "competency_graph_agg");
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(b);
}

PG_FUNCTION_INFO_V1(competency_graph_agg_final);
Datum
competency_graph_agg_final(PG_FUNCTION_ARGS)
{
	MgBuilder  *b;
	MgGraph    *g;

	(void) mas_agg_context(fcinfo, "competency_graph_agg_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	b = (MgBuilder *) PG_GETARG_POINTER(0);
	mas_graph_check_rc(mg_builder_finish_for_encoding(b, &g), "competency_graph_agg");
	PG_RETURN_POINTER(mas_graph_to_varlena(g, "competency_graph_agg"));
}
