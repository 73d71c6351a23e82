/*
 * graph_query.c - SQL functions that query a competency_graph: closures, sets, orders, listings, cycles, DOT
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

/* ---- traversals --------------------------------------------------------- */

/*
 * From this many full closures at one call site on, they are memoized, when
 * the memo (n * n bits) takes at most MEMO_MAX_BYTES.
 */
#define MEMO_AFTER_CALLS 32
#define MEMO_MAX_BYTES ((size_t) 16 * 1024 * 1024)

/* Full closures of many nodes at one call site: memoized (see closure_srf). */
typedef struct ClosureMemo
{
	uint32		calls;
	bool		off;
	MgMemo		memo;
} ClosureMemo;

/* Abandoned value-per-call iteration (rescan or shutdown of the caller). */
static void
closure_srf_shutdown(Datum arg)
{
	GraphCache *cache = (GraphCache *) DatumGetPointer(arg);

	cache->srf_active = false;
	cache->srf_callback = false;	/* the executor drops it once called */
}

/*
 * prerequisites() / dependents().  In a select list, the sorted result stays
 * in the graph's scratch space and is handed out one value per call, which
 * spares building a tuplestore per call; the iteration state lives in the
 * call site's cache next to the decoded graph.  A FROM item gets a
 * tuplestore filled in one go.
 */
static pg_attribute_always_inline Datum
closure_srf(FunctionCallInfo fcinfo, int dir, const char *fname)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bool		per_call;
	GraphCache *cache;
	MgGraph    *g;
	uint32		node;
	int64		max_depth = -1;
	uint32		cnt;
	Tuplestorestate *ts;

	/* the next row of an iteration under way (only value-per-call starts one) */
	if (fcinfo->flinfo != NULL &&
		(cache = (GraphCache *) fcinfo->flinfo->fn_extra) != NULL && cache->srf_active &&
		cache->aborts == mas_abort_count)
		goto next;
	/* a FROM item is the caller that prefers a materialized result */
	per_call = rsinfo != NULL && IsA(rsinfo, ReturnSetInfo) &&
		(rsinfo->allowedModes & SFRM_ValuePerCall) != 0 &&
		!((rsinfo->allowedModes & SFRM_Materialize_Preferred) &&
		  (rsinfo->allowedModes & SFRM_Materialize)) &&
		fcinfo->flinfo != NULL;
	g = mas_graph_arg(fcinfo, 0);
	node = mas_graph_node(g, PG_GETARG_TEXT_PP(1), fname);
	if (PG_NARGS() > 2)
	{
		int32		d = PG_GETARG_INT32(2);

		if (d < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("max_depth given to %s() must not be negative: %d", fname, d),
					 errdetail("max_depth counts edges; 1 means direct neighbours only."),
					 errhint("Omit max_depth for the full transitive closure.")));
		max_depth = d;
	}
	/*
	 * work3 is scratch the traversal leaves alone. A call site that asks for
	 * the full closures of many nodes of one acyclic graph (the prerequisites
	 * of every standard, say) gets them from a memo of closure bitmaps, each
	 * computed once from its neighbours' (a cycle turns the memo off).
	 */
	cnt = PG_UINT32_MAX;
	if (max_depth < 0 && g->user != NULL)
	{
		MemoryContext mcxt;
		void	  **slot = mas_graph_extra(g, MAS_GRAPH_SLOT_CLOSURE, &mcxt);
		ClosureMemo *c = *slot;

		if (c == NULL)
			*slot = c = MemoryContextAllocZero(mcxt, sizeof(ClosureMemo));
		if (!c->off && ++c->calls > MEMO_AFTER_CALLS)
		{
			if (c->memo.bits == NULL)
			{
				Size		bytes = mg_memo_bytes(g->n);

				if (bytes > MEMO_MAX_BYTES)
					c->off = true;
				else
					mg_memo_init(&c->memo, g, dir,
								 MemoryContextAllocExtended(mcxt, bytes, MCXT_ALLOC_HUGE));
			}
			if (!c->off && mg_closure_memo(g, &c->memo, node, g->work3, &cnt) != MG_OK)
			{
				c->off = true;
				cnt = PG_UINT32_MAX;
			}
		}
	}
	if (cnt == PG_UINT32_MAX)
		cnt = mg_closure(g, node, dir, max_depth, g->work3);
	if (!per_call || g->user == NULL)
	{
		ts = mas_srf_begin(fcinfo, TEXTOID);
		mas_graph_srf_put_names(fcinfo, ts, g, g->work3, cnt);
		return (Datum) 0;
	}
	cache = (GraphCache *) g->user;
	{
		const uint32 *off;
		const char *img = mas_graph_names_image(g, &off);
		uint32		i;

		if (cache->srf_vals == NULL)
			cache->srf_vals = MemoryContextAllocExtended(cache->mcxt, sizeof(Datum) * ((Size) g->n + 1),
														 MCXT_ALLOC_HUGE);
		/* the text values of the result, in order, ready to hand out */
		for (i = 0; i < cnt; i++)
			cache->srf_vals[i] = img ? PointerGetDatum(img + off[g->work3[i]])
				: PointerGetDatum(mas_graph_node_text(g, g->work3[i]));
	}
	cache->srf_n = cnt;
	cache->srf_pos = 0;
	cache->srf_active = true;
	/*
	 * Registered once and kept across calls (the cache lives as long as the
	 * call site); it only matters when an iteration is abandoned.
	 */
	if (!cache->srf_callback)
	{
		RegisterExprContextCallback(rsinfo->econtext, closure_srf_shutdown,
									PointerGetDatum(cache));
		cache->srf_callback = true;
	}

next:
	if (cache->srf_pos < cache->srf_n)
	{
		rsinfo->isDone = ExprMultipleResult;
		return cache->srf_vals[cache->srf_pos++];
	}
	cache->srf_active = false;
	rsinfo->isDone = ExprEndResult;
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(competency_graph_prerequisites);
Datum
competency_graph_prerequisites(PG_FUNCTION_ARGS)
{
	return closure_srf(fcinfo, MG_DIR_PREREQ, "prerequisites");
}

PG_FUNCTION_INFO_V1(competency_graph_dependents);
Datum
competency_graph_dependents(PG_FUNCTION_ARGS)
{
	return closure_srf(fcinfo, MG_DIR_DEPENDENT, "dependents");
}

PG_FUNCTION_INFO_V1(competency_graph_is_prerequisite);
Datum
competency_graph_is_prerequisite(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	uint32		a = mas_graph_node(g, PG_GETARG_TEXT_PP(1), "is_prerequisite");
	uint32		b = mas_graph_node(g, PG_GETARG_TEXT_PP(2), "is_prerequisite");

	PG_RETURN_BOOL(mg_reachable(g, a, b));
}

/* ready_to_learn and gaps: a set computed from the mastered ids, as text[] */
static Datum
mastered_set_op(FunctionCallInfo fcinfo,
				uint32_t (*op) (MgGraph *, const uint32_t *, uint32_t, uint32_t *))
{
	MgGraph    *g;
	uint32	   *m;
	uint32		k,
				cnt;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	g = mas_graph_arg(fcinfo, 0);
	m = mas_graph_ids_arg(fcinfo, 1, g, &k);
	/* work3 is scratch that mg_ready and mg_gaps leave alone */
	cnt = op(g, m, k, g->work3);
	PG_RETURN_ARRAYTYPE_P(mas_graph_ids_array(g, g->work3, cnt));
}

PG_FUNCTION_INFO_V1(competency_graph_ready_to_learn);
Datum
competency_graph_ready_to_learn(PG_FUNCTION_ARGS)
{
	return mastered_set_op(fcinfo, mg_ready);
}

PG_FUNCTION_INFO_V1(competency_graph_gaps);
Datum
competency_graph_gaps(PG_FUNCTION_ARGS)
{
	return mastered_set_op(fcinfo, mg_gaps);
}

PG_FUNCTION_INFO_V1(competency_graph_learning_path);
Datum
competency_graph_learning_path(PG_FUNCTION_ARGS)
{
	MgGraph    *g;
	uint32	   *m,
			   *out;
	uint32		k,
				cnt,
				target;
	MgCycle		cyc;
	int			rc;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	g = mas_graph_arg(fcinfo, 0);
	target = mas_graph_node(g, PG_GETARG_TEXT_PP(2), "learning_path");
	m = mas_graph_ids_arg(fcinfo, 1, g, &k);
	out = mas_graph_node_buffer(g);
	cyc.ids = mas_graph_node_buffer(g);
	rc = mg_learning_path(g, m, k, target, out, &cnt, &cyc);
	if (rc == MG_ECYCLE)
		mas_graph_report_cycle(g, &cyc, "learning_path");
	mas_graph_check_rc(rc, "learning_path");
	PG_RETURN_ARRAYTYPE_P(mas_graph_ids_array(g, out, cnt));
}

PG_FUNCTION_INFO_V1(competency_graph_topological_order);
Datum
competency_graph_topological_order(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	uint32	   *out = mas_graph_node_buffer(g);
	MgCycle		cyc;
	int			rc;

	cyc.ids = mas_graph_node_buffer(g);
	rc = mg_topological(g, out, &cyc);
	if (rc == MG_ECYCLE)
		mas_graph_report_cycle(g, &cyc, "topological_order");
	mas_graph_check_rc(rc, "topological_order");
	PG_RETURN_ARRAYTYPE_P(mas_graph_ids_array(g, out, g->n));
}

PG_FUNCTION_INFO_V1(competency_graph_depth);
Datum
competency_graph_depth(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	uint32		node = mas_graph_node(g, PG_GETARG_TEXT_PP(1), "graph_depth");
	uint32		depth = 0;
	MgCycle		cyc;
	int			rc;

	cyc.ids = mas_graph_node_buffer(g);
	rc = mg_depth(g, node, &depth, &cyc);
	if (rc == MG_ECYCLE)
		mas_graph_report_cycle(g, &cyc, "graph_depth");
	mas_graph_check_rc(rc, "graph_depth");
	PG_RETURN_INT32((int32) depth);
}

PG_FUNCTION_INFO_V1(competency_graph_longest_path);
Datum
competency_graph_longest_path(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	uint32	   *out = mas_graph_node_buffer(g);
	uint32		cnt;
	MgCycle		cyc;
	int			rc;

	cyc.ids = mas_graph_node_buffer(g);
	rc = mg_longest_path(g, out, &cnt, &cyc);
	if (rc == MG_ECYCLE)
		mas_graph_report_cycle(g, &cyc, "longest_path");
	mas_graph_check_rc(rc, "longest_path");
	PG_RETURN_ARRAYTYPE_P(mas_graph_ids_array(g, out, cnt));
}

/* ---- listing ------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(competency_graph_nodes);
Datum
competency_graph_nodes(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	Tuplestorestate *ts = mas_srf_begin(fcinfo, TEXTOID);
	uint32		i;

	for (i = 0; i < g->n; i++)
		mas_graph_srf_put_names(fcinfo, ts, g, &i, 1);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(competency_graph_edges);
Datum
competency_graph_edges(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Tuplestorestate *ts = mas_srf_begin(fcinfo, InvalidOid);
	uint32		i,
				e;
	bool		nulls[2] = {false, false};

	for (i = 0; i < g->n; i++)
	{
		Datum		vals[2];

		if (g->out_off[i] == g->out_off[i + 1])
			continue;
		vals[0] = PointerGetDatum(cstring_to_text_with_len(mg_name(g, i), g->name_len[i]));
		for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
		{
			uint32		t = g->out_adj[e];

			vals[1] = PointerGetDatum(cstring_to_text_with_len(mg_name(g, t), g->name_len[t]));
			tuplestore_putvalues(ts, rsinfo->setDesc, vals, nulls);
		}
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(competency_graph_node_count);
Datum
competency_graph_node_count(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_P_SLICE(0, 0, MG_HEADER_SIZE);
	uint32		n;

	if (VARSIZE(v) - VARHDRSZ < MG_HEADER_SIZE)
		(void) mas_graph_arg(fcinfo, 0);	/* reports the corruption */
	memcpy(&n, VARDATA(v) + 4, 4);
	PG_RETURN_INT32((int32) n);
}

PG_FUNCTION_INFO_V1(competency_graph_edge_count);
Datum
competency_graph_edge_count(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_P_SLICE(0, 0, MG_HEADER_SIZE);
	uint32		m;

	if (VARSIZE(v) - VARHDRSZ < MG_HEADER_SIZE)
		(void) mas_graph_arg(fcinfo, 0);
	memcpy(&m, VARDATA(v) + 8, 4);
	PG_RETURN_INT32((int32) m);
}

PG_FUNCTION_INFO_V1(competency_graph_has_node);
Datum
competency_graph_has_node(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	text	   *t = PG_GETARG_TEXT_PP(1);

	PG_RETURN_BOOL(mg_graph_find(g, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)) >= 0);
}

PG_FUNCTION_INFO_V1(competency_graph_in_degree);
Datum
competency_graph_in_degree(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	uint32		v = mas_graph_node(g, PG_GETARG_TEXT_PP(1), "in_degree");

	PG_RETURN_INT32((int32) (g->in_off[v + 1] - g->in_off[v]));
}

PG_FUNCTION_INFO_V1(competency_graph_out_degree);
Datum
competency_graph_out_degree(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	uint32		v = mas_graph_node(g, PG_GETARG_TEXT_PP(1), "out_degree");

	PG_RETURN_INT32((int32) (g->out_off[v + 1] - g->out_off[v]));
}

/* ---- cycles ------------------------------------------------------------- */

static Datum
cycles_srf(FunctionCallInfo fcinfo, bool as_cycle)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint32	   *members = mas_graph_node_buffer(g);
	uint32	   *start = mas_graph_node_buffer(g);
	Tuplestorestate *ts;
	int64		nc,
				c;
	MgCycle		cyc;
	bool		isnull = false;

	nc = mg_cyclic_components(g, members, start);
	if (nc < 0)
		mas_graph_check_rc((int) nc, as_cycle ? "graph_cycles" : "graph_cyclic_components");
	cyc.ids = mas_graph_node_buffer(g);
	ts = mas_srf_begin(fcinfo, TEXTARRAYOID);
	for (c = 0; c < nc; c++)
	{
		const uint32 *mem = members + start[c];
		uint32		cnt = start[c + 1] - start[c];
		ArrayType  *arr;
		Datum		v;

		if (as_cycle)
		{
			mas_graph_check_rc(mg_cycle_through(g, mem[0], mem, cnt, &cyc), "graph_cycles");
			/* close the cycle: first node again at the end */
			cyc.ids[cyc.len] = cyc.ids[0];
			arr = mas_graph_ids_array(g, cyc.ids, cyc.len + 1);
		}
		else
			arr = mas_graph_ids_array(g, mem, cnt);
		v = PointerGetDatum(arr);
		tuplestore_putvalues(ts, rsinfo->setDesc, &v, &isnull);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(competency_graph_cycles);
Datum
competency_graph_cycles(PG_FUNCTION_ARGS)
{
	return cycles_srf(fcinfo, true);
}

PG_FUNCTION_INFO_V1(competency_graph_cyclic_components);
Datum
competency_graph_cyclic_components(PG_FUNCTION_ARGS)
{
	return cycles_srf(fcinfo, false);
}

/* ---- DOT ---------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(competency_graph_to_dot);
Datum
competency_graph_to_dot(PG_FUNCTION_ARGS)
{
	MgGraph    *g;
	uint32	   *m = NULL;
	uint32		k = 0;
	bool		styled = PG_NARGS() > 1;
	int64		around = -1;
	char	   *s;
	size_t		len;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_NARGS() > 2 && !PG_ARGISNULL(2))
	{
		int32		a = PG_GETARG_INT32(2);

		if (a < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("around given to to_dot() must not be negative: %d", a),
					 errdetail("around counts edges from the competencies ready to learn and the gaps."),
					 errhint("Pass NULL or omit it to draw the whole graph.")));
		around = a;
	}
	g = mas_graph_arg(fcinfo, 0);
	if (styled)
		m = mas_graph_ids_arg(fcinfo, 1, g, &k);
	s = mg_dot(g, m, k, styled ? 1 : 0, around, &len);
	if (s == NULL)
		mas_graph_check_rc(MG_ETOOBIG, "to_dot");
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s, (int) len));
}
