/*
 * progress.c: learning progressions over competency graphs: hierarchy
 * rollups (course credit), progress toward a target, pace against a due
 * date, and since when a competency has been ready.
 */
#include "mastery_glue.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "graph_glue.h"

#include <math.h>
#include "pace.h"
#include "rollup.h"

/* ---------------------------------------------------------------- rollups */

/*
 * Rules, parsed once per distinct (hierarchy, rules) pair and kept with the
 * cached hierarchy. Children of p are the in-neighbours of p (edges go from
 * child to parent, as CASE isChildOf does); their edge slots are
 * in_off[p] .. in_off[p + 1].
 */
typedef struct RollupRules
{
	MemoryContext cxt;			/* holds this structure */
	char	   *key;			/* the rules jsonb bytes */
	Size		keylen;
	MrRule	   *rules;
	double	   *points;
	uint8	   *required;
	MrHierarchy h;				/* the hierarchy with these rules */
	uint32	   *order;			/* evaluation order, children first */
	uint8	   *mastered;		/* scratch: n flags */
	uint32	   *out;			/* scratch: n ids */
} RollupRules;

static void
rule_error(const MgGraph *g, uint32 p, const char *fmt, const char *detail) pg_attribute_noreturn();

static void
rule_error(const MgGraph *g, uint32 p, const char *what, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid rollup rule for \"%s\": %s", mg_name(g, p), what),
			 errdetail("%s", detail),
			 errhint("A rule is \"all\", \"any\", {\"at_least\": k}, or {\"threshold\": t, \"points\": {\"child\": p, ...}}, each optionally with \"required\": [\"child\", ...].")));
}

static int64
child_slot(const MgGraph *g, uint32 p, const char *name, int len)
{
	int64		c = mg_graph_find(g, name, (size_t) len);
	uint32		e;

	if (c < 0)
		return -1;
	for (e = g->in_off[p]; e < g->in_off[p + 1]; e++)
		if (g->in_adj[e] == (uint32) c)
			return e;
	return -1;
}

static double
jsonb_number(JsonbValue *v, const MgGraph *g, uint32 p, const char *field)
{
	if (v->type != jbvNumeric)
		rule_error(g, p, psprintf("\"%s\" must be a number", field), "A rule's counts, thresholds and points are JSON numbers.");
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(v->val.numeric)));
}

/* Parse the rule value v for parent p (p = UINT32_MAX for the default "*"). */
static void
parse_rule(const MgGraph *g, uint32 p, JsonbValue *v, RollupRules *rr, MrRule *out)
{
	uint32		nchild = p == PG_UINT32_MAX ? 0 : g->in_off[p + 1] - g->in_off[p];
	uint32		shown = p == PG_UINT32_MAX ? 0 : p;

	out->kind = MR_ALL;
	out->threshold = 0;
	if (p != PG_UINT32_MAX && nchild == 0)
		rule_error(g, p, "it has no children", "Rules belong to parents: nodes that other nodes are children of (edges go from child to parent).");
	if (v->type == jbvString)
	{
		if (v->val.string.len == 3 && memcmp(v->val.string.val, "all", 3) == 0)
			out->kind = MR_ALL;
		else if (v->val.string.len == 3 && memcmp(v->val.string.val, "any", 3) == 0)
			out->kind = MR_ANY;
		else
			rule_error(g, shown, psprintf("unknown rule \"%.*s\"", v->val.string.len, v->val.string.val),
					   "Rules written as a string are \"all\" or \"any\".");
		return;
	}
	if (v->type != jbvBinary || !JsonContainerIsObject(v->val.binary.data))
		rule_error(g, shown, "a rule must be a string or an object", "Use \"all\", \"any\" or an object such as {\"at_least\": 7}.");
	{
		JsonbIterator *it = JsonbIteratorInit(v->val.binary.data);
		JsonbValue	k,
					val;
		JsonbIteratorToken tok;
		bool		have_kind = false;

		while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
		{
			char	   *key;

			if (tok != WJB_KEY)
				continue;
			JsonbIteratorNext(&it, &val, true);
			key = pnstrdup(k.val.string.val, k.val.string.len);
			if (strcmp(key, "at_least") == 0 || strcmp(key, "threshold") == 0)
			{
				if (have_kind)
					rule_error(g, shown, "\"at_least\" and \"threshold\" cannot be combined", "Give one kind of rule per parent.");
				have_kind = true;
				out->kind = key[0] == 'a' ? MR_AT_LEAST : MR_POINTS;
				out->threshold = jsonb_number(&val, g, shown, key);
				if (out->kind == MR_AT_LEAST && out->threshold != floor(out->threshold))
					rule_error(g, shown, "\"at_least\" must be a whole number", psprintf("Got %g.", out->threshold));
			}
			else if (strcmp(key, "any") == 0 || strcmp(key, "all") == 0)
			{
				if (have_kind)
					rule_error(g, shown, "only one kind of rule per parent", "Give one of all, any, at_least or threshold.");
				have_kind = true;
				out->kind = key[1] == 'n' ? MR_ANY : MR_ALL;
			}
			else if (strcmp(key, "points") == 0 || strcmp(key, "required") == 0)
			{
				bool		is_points = key[0] == 'p';
				JsonbIterator *it2;
				JsonbValue	x,
							y;
				JsonbIteratorToken t2;

				if (p == PG_UINT32_MAX)
					rule_error(g, shown, psprintf("the default rule \"*\" cannot name children in \"%s\"", key),
							   "Children differ from parent to parent: give points and required children per parent.");
				if (val.type != jbvBinary ||
					(is_points ? !JsonContainerIsObject(val.val.binary.data) : !JsonContainerIsArray(val.val.binary.data)))
					rule_error(g, p, is_points ? "\"points\" must be an object of child: points" : "\"required\" must be an array of children",
							   "For example {\"threshold\": 5, \"points\": {\"4.NF.A.1\": 3}, \"required\": [\"4.NF.A.1\"]}.");
				it2 = JsonbIteratorInit(val.val.binary.data);
				while ((t2 = JsonbIteratorNext(&it2, &x, true)) != WJB_DONE)
				{
					int64		slot;

					if (is_points ? t2 != WJB_KEY : t2 != WJB_ELEM)
						continue;
					if (x.type != jbvString)
						rule_error(g, p, "children are named by strings", "Give node names as JSON strings.");
					slot = child_slot(g, p, x.val.string.val, x.val.string.len);
					if (slot < 0)
						rule_error(g, p, psprintf("\"%.*s\" is not one of its children", x.val.string.len, x.val.string.val),
								   psprintf("\"%s\" has %u children in the hierarchy.", mg_name(g, p), nchild));
					if (is_points)
					{
						JsonbIteratorNext(&it2, &y, true);
						rr->points[slot] = jsonb_number(&y, g, p, "points");
						if (rr->points[slot] < 0 || !isfinite(rr->points[slot]))
							rule_error(g, p, "points cannot be negative", psprintf("Child \"%.*s\" has %g points.", x.val.string.len, x.val.string.val, rr->points[slot]));
					}
					else
						rr->required[slot] = 1;
				}
			}
			else
				rule_error(g, shown, psprintf("unknown key \"%s\"", key), "Known keys: all, any, at_least, threshold, points, required.");
		}
	}
}

static RollupRules *
get_rules(FunctionCallInfo fcinfo, MgGraph *g, Jsonb *rules)
{
	MemoryContext mcxt = CurrentMemoryContext;
	void	  **slot = mas_graph_extra(g, &mcxt);
	Size		keylen = VARSIZE(rules);
	RollupRules *rr;
	MemoryContext old;
	MrRule		deflt = {MR_ALL, 0};
	uint32		p,
				bad = 0;
	MasErr		err;
	MrHierarchy h;

	if (slot && *slot)
	{
		rr = (RollupRules *) *slot;
		if (rr->keylen == keylen && memcmp(rr->key, rules, keylen) == 0)
			return rr;
		/* other rules on this row: forget the old ones */
		*slot = NULL;
		MemoryContextDelete(rr->cxt);
	}
	if (slot)
		mcxt = AllocSetContextCreate(mcxt, "rollup rules", ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(mcxt);
	rr = palloc0(sizeof(RollupRules));
	rr->cxt = mcxt;
	rr->key = palloc(keylen);
	memcpy(rr->key, rules, keylen);
	rr->keylen = keylen;
	rr->rules = palloc(sizeof(MrRule) * (g->n + 1));
	rr->points = palloc(sizeof(double) * (g->m + 1));
	rr->required = palloc0(g->m + 1);
	for (p = 0; p < g->m; p++)
		rr->points[p] = 1.0;
	MemoryContextSwitchTo(old);

	if (!JB_ROOT_IS_OBJECT(rules) || JB_ROOT_IS_SCALAR(rules))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rollup rules must be a JSON object keyed by parent"),
				 errhint("For example {\"Grade 4\": {\"at_least\": 7}, \"*\": \"all\"}.")));
	/* the default rule first, then each parent's */
	{
		JsonbValue *dv = getKeyJsonValueFromContainer(&rules->root, "*", 1, NULL);

		if (dv)
			parse_rule(g, PG_UINT32_MAX, dv, rr, &deflt);
	}
	for (p = 0; p < g->n; p++)
		rr->rules[p] = deflt;
	{
		JsonbIterator *it = JsonbIteratorInit(&rules->root);
		JsonbValue	k,
					v;
		JsonbIteratorToken tok;

		while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
		{
			int64		id;

			if (tok != WJB_KEY)
				continue;
			JsonbIteratorNext(&it, &v, true);
			if (k.val.string.len == 1 && k.val.string.val[0] == '*')
				continue;
			id = mg_graph_find(g, k.val.string.val, (size_t) k.val.string.len);
			if (id < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("rollup rule for \"%.*s\", which is not a node of the hierarchy", k.val.string.len, k.val.string.val),
						 errdetail("Node names are compared byte for byte.")));
			parse_rule(g, (uint32) id, &v, rr, &rr->rules[id]);
		}
	}
	/* every rule must be satisfiable */
	h.n = g->n;
	h.child_start = g->in_off;
	h.children = g->in_adj;
	h.parent_start = g->out_off;
	h.parents = g->out_adj;
	h.points = rr->points;
	h.required = rr->required;
	h.rules = rr->rules;
	if (mr_check(&h, &bad, &err) != MAS_OK)
		rule_error(g, bad, "it can never be met", err.detail);
	/* the evaluation order does not depend on the mastered set: once */
	old = MemoryContextSwitchTo(mcxt);
	rr->h = h;
	rr->order = palloc(sizeof(uint32) * (g->n + 1));
	rr->mastered = palloc(g->n + 1);
	rr->out = palloc(sizeof(uint32) * (g->n + 1));
	MemoryContextSwitchTo(old);
	{
		uint32	   *pending = palloc(sizeof(uint32) * (g->n + 1));

		if (mr_order(&h, rr->order, pending, &bad, &err) != MAS_OK)
			mas_graph_cycle_error(g, "rollup_mastered");
		pfree(pending);
	}
	if (slot)
		*slot = rr;
	return rr;
}

PG_FUNCTION_INFO_V1(mastery_rollup_mastered);
Datum
mastery_rollup_mastered(PG_FUNCTION_ARGS)
{
	MgGraph    *g;
	Jsonb	   *rules;
	RollupRules *rr;
	uint32	   *ids;
	uint32		k,
				i,
				cnt = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	g = mas_graph_arg(fcinfo, 0);
	rules = PG_ARGISNULL(2) ? DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum("{}"))) : PG_GETARG_JSONB_P(2);
	rr = get_rules(fcinfo, g, rules);
	ids = mas_graph_ids_arg(fcinfo, 1, g, &k);
	memset(rr->mastered, 0, g->n);
	for (i = 0; i < k; i++)
		rr->mastered[ids[i]] = 1;
	mr_apply(&rr->h, rr->order, rr->mastered);
	for (i = 0; i < g->n; i++)
		if (rr->mastered[rr->order[i]])
			rr->out[cnt++] = rr->order[i];
	PG_RETURN_ARRAYTYPE_P(mas_graph_ids_array(g, rr->out, cnt));
}

/* hierarchy_leaves(hierarchy, node): the descendants of node without children, by name */
PG_FUNCTION_INFO_V1(mastery_hierarchy_leaves);
Datum
mastery_hierarchy_leaves(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	uint32		root = mas_graph_node(g, PG_GETARG_TEXT_PP(1), "hierarchy_leaves");
	uint8	   *seen = palloc0(g->n + 1);
	uint32	   *stack = palloc(sizeof(uint32) * (g->n + 1));
	uint32	   *out = palloc(sizeof(uint32) * (g->n + 1));
	uint32		top = 0,
				cnt = 0,
				i,
				e;

	stack[top++] = root;
	seen[root] = 1;
	while (top > 0)
	{
		uint32		p = stack[--top];

		if (g->in_off[p + 1] == g->in_off[p])
		{
			if (p != root)
				out[cnt++] = p;
			continue;
		}
		for (e = g->in_off[p]; e < g->in_off[p + 1]; e++)
			if (!seen[g->in_adj[e]])
			{
				seen[g->in_adj[e]] = 1;
				stack[top++] = g->in_adj[e];
			}
	}
	/* ids are in name order: emit ascending */
	cnt = 0;
	for (i = 0; i < g->n; i++)
		if (seen[i] && i != root && g->in_off[i + 1] == g->in_off[i])
			out[cnt++] = i;
	PG_RETURN_ARRAYTYPE_P(mas_graph_ids_array(g, out, cnt));
}

/* ---------------------------------------------------------------- progress */

/*
 * learning_progress keeps, with the cached graph, the topological rank of
 * every node (once per graph) and the last target list resolved to node ids
 * in learnable order (once per distinct list: a course's targets are usually
 * the same for every learner of a query).
 */
typedef struct ProgressCache
{
	uint32	   *rank;			/* topological rank of each node */
	MemoryContext tcxt;			/* holds the resolved targets */
	char	   *tkey;			/* bytes of the targets array */
	Size		tkeylen;
	uint32	   *targets;		/* distinct target ids by rank */
	uint32		ntargets;
	uint8	   *mastered;		/* scratch: n flags */
} ProgressCache;

static int
rank_cmp(const void *a, const void *b, void *arg)
{
	const uint32 *rank = (const uint32 *) arg;
	uint32		x = rank[*(const uint32 *) a],
				y = rank[*(const uint32 *) b];

	return x < y ? -1 : x > y ? 1 : 0;
}

static ProgressCache *
progress_cache(FunctionCallInfo fcinfo, MgGraph *g, ArrayType *targets, const char *fname)
{
	MemoryContext mcxt = CurrentMemoryContext;
	void	  **slot = mas_graph_extra(g, &mcxt);
	ProgressCache *pc = slot ? (ProgressCache *) *slot : NULL;
	Size		keylen = VARSIZE(targets);
	MemoryContext old;
	Datum	   *el;
	bool	   *nl;
	int			n,
				j;
	uint8	   *seen;

	if (pc == NULL)
	{
		uint32	   *order = palloc(sizeof(uint32) * (g->n + 1));
		MgCycle		cyc;
		uint32		i;

		cyc.ids = palloc(sizeof(uint32) * (g->n + 1));
		cyc.len = 0;
		if (mg_topological(g, order, &cyc) != MG_OK)
			mas_graph_cycle_error(g, fname);
		pc = MemoryContextAllocZero(mcxt, sizeof(ProgressCache));
		pc->rank = MemoryContextAlloc(mcxt, sizeof(uint32) * (g->n + 1));
		pc->mastered = MemoryContextAlloc(mcxt, g->n + 1);
		for (i = 0; i < g->n; i++)
			pc->rank[order[i]] = i;
		pc->tcxt = slot ? AllocSetContextCreate(mcxt, "learning_progress targets", ALLOCSET_SMALL_SIZES) : mcxt;
		if (slot)
			*slot = pc;
	}
	if (pc->tkey && pc->tkeylen == keylen && memcmp(pc->tkey, targets, keylen) == 0)
		return pc;

	/* resolve the targets: every one must be a node (it needs a place in the order) */
	if (slot)
		MemoryContextReset(pc->tcxt);
	pc->tkey = NULL;
	deconstruct_array(targets, TEXTOID, -1, false, TYPALIGN_INT, &el, &nl, &n);
	old = MemoryContextSwitchTo(pc->tcxt);
	pc->targets = palloc(sizeof(uint32) * ((Size) n + 1));
	MemoryContextSwitchTo(old);
	seen = palloc0(g->n + 1);
	pc->ntargets = 0;
	for (j = 0; j < n; j++)
	{
		uint32		id;

		if (nl[j])
			continue;
		id = mas_graph_node(g, DatumGetTextPP(el[j]), fname);
		if (!seen[id])
		{
			seen[id] = 1;
			pc->targets[pc->ntargets++] = id;
		}
	}
	qsort_arg(pc->targets, pc->ntargets, sizeof(uint32), rank_cmp, pc->rank);
	old = MemoryContextSwitchTo(pc->tcxt);
	pc->tkey = palloc(keylen);
	memcpy(pc->tkey, targets, keylen);
	pc->tkeylen = keylen;
	MemoryContextSwitchTo(old);
	return pc;
}

/*
 * learning_progress(prerequisites, targets, mastered) ->
 *   (total, done, fraction, remaining text[], ready text[])
 * remaining: the unmastered targets in a learnable (topological) order;
 * ready: those of them whose direct prerequisites are all mastered.
 */
PG_FUNCTION_INFO_V1(mastery_learning_progress);
Datum
mastery_learning_progress(PG_FUNCTION_ARGS)
{
	MgGraph    *g;
	ProgressCache *pc;
	uint32	   *mids,
			   *rem,
			   *ready;
	uint32		nm,
				i,
				e,
				done = 0,
				nrem = 0,
				nready = 0;
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	g = mas_graph_arg(fcinfo, 0);
	pc = progress_cache(fcinfo, g, PG_GETARG_ARRAYTYPE_P(1), "learning_progress");
	mids = mas_graph_ids_arg(fcinfo, 2, g, &nm);
	memset(pc->mastered, 0, g->n);
	for (i = 0; i < nm; i++)
		pc->mastered[mids[i]] = 1;
	rem = palloc(sizeof(uint32) * (pc->ntargets + 1));
	ready = palloc(sizeof(uint32) * (pc->ntargets + 1));
	for (i = 0; i < pc->ntargets; i++)
	{
		uint32		t = pc->targets[i];
		bool		ok = true;

		if (pc->mastered[t])
		{
			done++;
			continue;
		}
		rem[nrem++] = t;
		for (e = g->in_off[t]; e < g->in_off[t + 1] && ok; e++)
			ok = pc->mastered[g->in_adj[e]];
		if (ok)
			ready[nready++] = t;
	}
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "learning_progress must be called in a context that accepts a record");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int32GetDatum((int32) pc->ntargets);
	values[1] = Int32GetDatum((int32) done);
	values[2] = Float8GetDatum(pc->ntargets > 0 ? (double) done / pc->ntargets : 1.0);
	values[3] = PointerGetDatum(mas_graph_ids_array(g, rem, nrem));
	values[4] = PointerGetDatum(mas_graph_ids_array(g, ready, nready));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * ready_since(prerequisites, node, mastered text[], mastered_at timestamptz[]):
 * when node became ready: the latest mastery time of its direct
 * prerequisites (-infinity with none; NULL while one is not mastered or has
 * no time).
 */
PG_FUNCTION_INFO_V1(mastery_ready_since);
Datum
mastery_ready_since(PG_FUNCTION_ARGS)
{
	MgGraph    *g;
	uint32		node,
				e;
	TimestampTz *when;
	bool	   *known;
	TimestampTz result = DT_NOBEGIN;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	g = mas_graph_arg(fcinfo, 0);
	node = mas_graph_node(g, PG_GETARG_TEXT_PP(1), "ready_since");
	if (g->in_off[node + 1] == g->in_off[node])
		PG_RETURN_TIMESTAMPTZ(DT_NOBEGIN);
	if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	when = palloc(sizeof(TimestampTz) * (g->n + 1));
	known = palloc0(sizeof(bool) * (g->n + 1));
	{
		ArrayType  *names = PG_GETARG_ARRAYTYPE_P(2);
		ArrayType  *times = PG_GETARG_ARRAYTYPE_P(3);
		Datum	   *nd,
				   *td;
		bool	   *nn,
				   *tn;
		int			n1,
					n2,
					i;

		deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &nd, &nn, &n1);
		deconstruct_array(times, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &td, &tn, &n2);
		if (n1 != n2)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("ready_since needs one mastery time per mastered competency"),
					 errdetail("Got %d competencies and %d times.", n1, n2)));
		for (i = 0; i < n1; i++)
		{
			int64		id;

			if (nn[i] || tn[i])
				continue;
			id = mg_graph_find(g, VARDATA_ANY(DatumGetTextPP(nd[i])), VARSIZE_ANY_EXHDR(DatumGetTextPP(nd[i])));
			if (id < 0)
				continue;
			/* listed twice: the first mastery counts */
			if (!known[id] || DatumGetTimestampTz(td[i]) < when[id])
				when[id] = DatumGetTimestampTz(td[i]);
			known[id] = true;
		}
	}
	for (e = g->in_off[node]; e < g->in_off[node + 1]; e++)
	{
		uint32		p = g->in_adj[e];

		if (!known[p])
			PG_RETURN_NULL();
		if (when[p] > result)
			result = when[p];
	}
	PG_RETURN_TIMESTAMPTZ(result);
}

/* ---------------------------------------------------------------- pace */

/*
 * learning_pace(total, mastered_at timestamptz[], started, due, as_of) ->
 *   (done, fraction, per_week, projected_completion, status)
 */
PG_FUNCTION_INFO_V1(mastery_learning_pace);
Datum
mastery_learning_pace(PG_FUNCTION_ARGS)
{
	int32		total;
	int64	   *times;
	uint32		done = 0;
	MpPace		pace;
	MasErr		err;
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	total = PG_GETARG_INT32(0);
	if (total < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learning_pace: total cannot be negative, got %d", total)));
	if (!PG_ARGISNULL(1))
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(1);
		Datum	   *td;
		bool	   *tn;
		int			n,
					i;

		deconstruct_array(arr, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &td, &tn, &n);
		times = palloc(sizeof(int64) * (n + 1));
		for (i = 0; i < n; i++)
			if (!tn[i])
			{
				TimestampTz t = DatumGetTimestampTz(td[i]);

				if (TIMESTAMP_NOT_FINITE(t))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("learning_pace: mastery times must be finite")));
				times[done++] = t;
			}
	}
	else
		times = palloc(sizeof(int64));
	if (TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(3)) || TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(4)) ||
		(!PG_ARGISNULL(2) && TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(2))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learning_pace: the start, due and as-of dates must be finite")));
	if (mp_pace((uint32) total, times, done, !PG_ARGISNULL(2), PG_ARGISNULL(2) ? 0 : PG_GETARG_TIMESTAMPTZ(2),
				PG_GETARG_TIMESTAMPTZ(3), PG_GETARG_TIMESTAMPTZ(4), &pace, &err) != MAS_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learning_pace: inconsistent arguments"),
				 errdetail("%s", err.detail)));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "learning_pace must be called in a context that accepts a record");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int32GetDatum((int32) pace.done);
	values[1] = Float8GetDatum(pace.fraction);
	values[2] = Float8GetDatum(pace.per_week);
	values[3] = TimestampTzGetDatum(pace.projected);
	nulls[3] = !pace.has_projection;
	values[4] = PointerGetDatum(cstring_to_text(mp_status_name(pace.status)));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
