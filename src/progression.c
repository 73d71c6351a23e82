/*
 * progression.c - learning progressions: over competency graphs (the SQL
 * functions of 35_progression.sql: hierarchy rollups (course credit),
 * hierarchy leaves, progress toward a target, pace against a due date, since
 * when a competency has been ready) and over one value's evidence (those of
 * 20_progress.sql: mastered_at, mastery_lost_at, mastery_steps).  The
 * algorithms are in core/rollup.c, core/pace.c and core/graph_walk.c.
 */
#include "mastery_glue.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
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
	MrPlan		plan;			/* the same, for one mastered set at a time */
	uint8	   *mastered;		/* scratch: n flags, zero between calls */
	uint32	   *out;			/* scratch: n ids */
	uint64	   *bits;			/* scratch: n bits, zero between calls */
} RollupRules;

static void
rule_error(const MgGraph *g, uint32 p, const char *fmt, const char *detail) pg_attribute_noreturn();

/* p is the parent whose rule is wrong, or PG_UINT32_MAX for the default rule "*" */
#define RULE_HINT "A rule is \"all\", \"any\", {\"at_least\": k}, or {\"threshold\": t, \"points\": {\"child\": p, ...}}, each optionally with \"required\": [\"child\", ...]."
#define RULE_MESSAGE(g, p, what) \
	psprintf("invalid rollup rule for \"%s\": %s", (p) == PG_UINT32_MAX ? "*" : mg_name(g, p), what)

static void
rule_error(const MgGraph *g, uint32 p, const char *what, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", RULE_MESSAGE(g, p, what)),
			 errdetail("%s", detail),
			 errhint(RULE_HINT)));
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
	uint32		shown = p;		/* rule_error names the default rule "*" */

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
					rule_error(g, shown, psprintf("the default rule cannot name children in \"%s\"", key),
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
	void	  **slot = mas_graph_extra(g, MAS_GRAPH_SLOT_PROGRESS, &mcxt);
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
	{
		const char *name = mg_name(g, bad);
		MasErrSite	site = {"rollup", NULL, false, RULE_HINT, NULL};

		/* a parent without a rule of its own has the default rule's: say so */
		if (getKeyJsonValueFromContainer(&rules->root, name, strlen(name), NULL) == NULL &&
			getKeyJsonValueFromContainer(&rules->root, "*", 1, NULL) != NULL)
			site.message = RULE_MESSAGE(g, bad, "the default rule \"*\" can never be met there");
		else
			site.message = RULE_MESSAGE(g, bad, "it can never be met");
		err.code = MAS_ERR_INVALID;
		mas_report(&err, &site);
	}
	/* the evaluation order does not depend on the mastered set: once */
	old = MemoryContextSwitchTo(mcxt);
	rr->h = h;
	rr->order = palloc(sizeof(uint32) * (g->n + 1));
	rr->mastered = palloc0((Size) g->n + 1);
	rr->out = palloc(sizeof(uint32) * (g->n + 1));
	rr->bits = palloc0(sizeof(uint64) * (g->n / 64 + 1));
	MemoryContextSwitchTo(old);
	{
		uint32	   *pending = palloc(sizeof(uint32) * (g->n + 1));

		if (mr_order(&rr->h, rr->order, pending, &bad, &err) != MAS_OK)
			mas_graph_cycle_error(g, "rollup_mastered");
		pfree(pending);
	}
	mr_plan_init(&rr->plan, &rr->h,	rr->order,
				 MemoryContextAllocExtended(mcxt, sizeof(uint32) * mr_plan_words(&rr->h), MCXT_ALLOC_HUGE));
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
				np,
				nleaves = 0,
				cnt = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	g = mas_graph_arg(fcinfo, 0);
	rules = PG_ARGISNULL(2) ? DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum("{}"))) : PG_GETARG_JSONB_P(2);
	rr = get_rules(fcinfo, g, rules);
	ids = mas_graph_ids_arg(fcinfo, 1, g, &k);
	/*
	 * The distinct mastered nodes are the seeds (rr->mastered is all zero).
	 * The result is in evaluation order: the mastered nodes without children
	 * (in id order, as mr_order places them first), then the parents, which
	 * mr_apply_seeds lists in that order.
	 */
	for (i = 0; i < k; i++)
		if (!rr->mastered[ids[i]])
		{
			rr->mastered[ids[i]] = 1;
			ids[cnt++] = ids[i];
			if (g->in_off[ids[i] + 1] == g->in_off[ids[i]])
				rr->out[nleaves++] = ids[i];
		}
	mg_sort_distinct(rr->out, nleaves, rr->bits, false);
	np = mr_apply_seeds(&rr->plan, rr->mastered, ids, cnt, rr->out + nleaves);
	/* clear the flags for the next call */
	for (i = 0; i < cnt; i++)
		rr->mastered[ids[i]] = 0;
	for (i = 0; i < np; i++)
		rr->mastered[rr->out[nleaves + i]] = 0;
	cnt = nleaves + np;
	PG_RETURN_ARRAYTYPE_P(mas_graph_ids_array(g, rr->out, cnt));
}

/* hierarchy_leaves(hierarchy, node): the descendants of node without children, by name */
PG_FUNCTION_INFO_V1(mastery_hierarchy_leaves);
Datum
mastery_hierarchy_leaves(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	uint32		root = mas_graph_node(g, PG_GETARG_TEXT_PP(1), "hierarchy_leaves");
	uint32		cnt = mg_hierarchy_leaves(g, root, g->work3);

	PG_RETURN_ARRAYTYPE_P(mas_graph_ids_array(g, g->work3, cnt));
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
	char	   *tkey;			/* bytes of the targets argument as passed (for
								 * a compressed or out-of-line array, those of
								 * its compressed form or TOAST pointer) */
	Size		tkeylen;
	uint32	   *targets;		/* distinct target ids by rank */
	uint32		ntargets;
	char	   *timage;			/* the targets' names laid out as text[]
								 * elements, in that order (NULL: not cached) */
	uint32	   *toff;			/* target i's bytes: toff[i] .. toff[i + 1] */
	uint32	   *tpos;			/* per node: its index among the targets, or
								 * PG_UINT32_MAX */
	uint32	   *roots;			/* indexes of the targets without
								 * prerequisites, ascending */
	uint32		nroots;
	/* scratch */
	uint8	   *mastered;		/* n flags */
	uint32	   *sat;			/* per target: mastered direct prerequisites */
	uint32	   *buf;			/* 3 * ntargets + 3 indexes */
	uint64	   *bits;			/* ntargets bits, zero between calls */
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
progress_cache(FunctionCallInfo fcinfo, MgGraph *g, int argno, const char *fname)
{
	MemoryContext mcxt = CurrentMemoryContext;
	void	  **slot = mas_graph_extra(g, MAS_GRAPH_SLOT_PROGRESS, &mcxt);
	ProgressCache *pc = slot ? (ProgressCache *) *slot : NULL;
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	ArrayType  *targets;
	Size		keylen;
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
	/* the key: the argument's bytes as passed, so that a hit detoasts nothing */
	if (VARATT_IS_EXTERNAL_EXPANDED(raw) || VARATT_IS_EXTERNAL_INDIRECT(raw))
		raw = (struct varlena *) PG_GETARG_ARRAYTYPE_P(argno);
	keylen = VARSIZE_ANY(raw);
	if (pc->tkey && pc->tkeylen == keylen && memcmp(pc->tkey, raw, keylen) == 0)
		return pc;
	targets = PG_GETARG_ARRAYTYPE_P(argno);

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
	{
		uint32		i;

		old = MemoryContextSwitchTo(pc->tcxt);
		pc->tpos = palloc(sizeof(uint32) * ((Size) g->n + 1));
		pc->roots = palloc(sizeof(uint32) * ((Size) pc->ntargets + 1));
		pc->sat = palloc0(sizeof(uint32) * ((Size) pc->ntargets + 1));
		pc->buf = palloc(sizeof(uint32) * (3 * (Size) pc->ntargets + 3));
		pc->bits = palloc0(sizeof(uint64) * ((Size) pc->ntargets / 64 + 1));
		MemoryContextSwitchTo(old);
		for (i = 0; i < g->n; i++)
			pc->tpos[i] = PG_UINT32_MAX;
		pc->nroots = 0;
		for (i = 0; i < pc->ntargets; i++)
		{
			pc->tpos[pc->targets[i]] = i;
			if (g->in_off[pc->targets[i] + 1] == g->in_off[pc->targets[i]])
				pc->roots[pc->nroots++] = i;
		}
	}
	/* the targets' names laid out in that order, for the remaining list */
	pc->timage = NULL;
	{
		const uint32 *off;
		const char *img = mas_graph_names_image(g, &off);

		if (img != NULL)
		{
			Size		total = 0;
			uint32		i;

			for (i = 0; i < pc->ntargets; i++)
				total += off[pc->targets[i] + 1] - off[pc->targets[i]];
			if (total < PG_UINT32_MAX && AllocSizeIsValid(total + 1))
			{
				pc->toff = MemoryContextAllocExtended(pc->tcxt, sizeof(uint32) * ((Size) pc->ntargets + 1), MCXT_ALLOC_HUGE);
				pc->timage = MemoryContextAllocExtended(pc->tcxt, total + 1, MCXT_ALLOC_HUGE);
				total = 0;
				for (i = 0; i < pc->ntargets; i++)
				{
					uint32		len = off[pc->targets[i] + 1] - off[pc->targets[i]];

					pc->toff[i] = (uint32) total;
					memcpy(pc->timage + total, img + off[pc->targets[i]], len);
					total += len;
				}
				pc->toff[pc->ntargets] = (uint32) total;
			}
		}
	}
	old = MemoryContextSwitchTo(pc->tcxt);
	pc->tkey = palloc(keylen);
	memcpy(pc->tkey, raw, keylen);
	pc->tkeylen = keylen;
	MemoryContextSwitchTo(old);
	return pc;
}

/* The targets at the given (ascending) indexes, as a text[] of names. */
static ArrayType *
targets_array(const MgGraph *g, const ProgressCache *pc, const uint32 *idx, uint32 cnt)
{
	uint32		i;

	if (cnt == 0)
		return construct_empty_array(TEXTOID);
	if (pc->timage == NULL)
	{
		uint32	   *ids = palloc(sizeof(uint32) * cnt);

		for (i = 0; i < cnt; i++)
			ids[i] = pc->targets[idx[i]];
		return mas_graph_ids_array(g, ids, cnt);
	}
	return mas_text_array_gather(pc->timage, pc->toff, idx, cnt);
}

/*
 * Every target except those at the ascending indexes skip[0 .. nskip), as a
 * text[]: the laid-out names are copied in runs between the skipped ones.
 */
static ArrayType *
targets_except(const MgGraph *g, const ProgressCache *pc, const uint32 *skip, uint32 nskip)
{
	uint32		cnt = pc->ntargets - nskip,
				i,
				run = 0;
	Size		size;
	ArrayType  *a;
	char	   *p;

	if (cnt == 0)
		return construct_empty_array(TEXTOID);
	if (pc->timage == NULL)
	{
		uint32	   *ids = palloc(sizeof(uint32) * cnt),
					k = 0,
					j = 0;

		for (i = 0; i < pc->ntargets; i++)
		{
			if (j < nskip && skip[j] == i)
				j++;
			else
				ids[k++] = pc->targets[i];
		}
		return mas_graph_ids_array(g, ids, cnt);
	}
	size = pc->toff[pc->ntargets];
	for (i = 0; i < nskip; i++)
		size -= pc->toff[skip[i] + 1] - pc->toff[skip[i]];
	a = mas_text_array_alloc(cnt, size, &p);
	for (i = 0; i <= nskip; i++)
	{
		uint32		end = i < nskip ? skip[i] : pc->ntargets;

		if (end > run)
		{
			memcpy(p, pc->timage + pc->toff[run], pc->toff[end] - pc->toff[run]);
			p += pc->toff[end] - pc->toff[run];
		}
		run = end + 1;
	}
	return a;
}

/*
 * learning_progress(prerequisites, targets, mastered) ->
 *   (total, done, fraction, remaining text[], ready text[])
 * remaining: the unmastered targets in a learnable (topological) order;
 * ready: those of them whose direct prerequisites are all mastered.
 *
 * The work per call is proportional to the mastered set, not to the
 * targets: the ready targets are the unmastered roots and the unmastered
 * dependents of mastered nodes whose prerequisites are all mastered.
 */
PG_FUNCTION_INFO_V1(mastery_learning_progress);
Datum
mastery_learning_progress(PG_FUNCTION_ARGS)
{
	MgGraph    *g;
	ProgressCache *pc;
	uint32	   *mids,
			   *done_idx,
			   *touched,
			   *cand,
			   *ready;
	uint32		nm,
				ns = 0,
				i,
				j,
				e,
				done = 0,
				ntouched = 0,
				ncand = 0,
				nready = 0;
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	g = mas_graph_arg(fcinfo, 0);
	pc = progress_cache(fcinfo, g, 1, "learning_progress");
	mids = mas_graph_ids_arg(fcinfo, 2, g, &nm);
	done_idx = pc->buf;
	touched = pc->buf + pc->ntargets + 1;
	cand = touched;				/* filled behind the reading position */
	ready = pc->buf + 2 * (Size) pc->ntargets + 2;

	/* the distinct mastered nodes, and the mastered targets by index */
	memset(pc->mastered, 0, g->n);
	for (i = 0; i < nm; i++)
		if (!pc->mastered[mids[i]])
		{
			pc->mastered[mids[i]] = 1;
			mids[ns++] = mids[i];
			if (pc->tpos[mids[i]] != PG_UINT32_MAX)
				done_idx[done++] = pc->tpos[mids[i]];
		}
	mg_sort_distinct(done_idx, done, pc->bits, false);

	/* unmastered targets with a mastered prerequisite: count those */
	for (i = 0; i < ns; i++)
		for (e = g->out_off[mids[i]]; e < g->out_off[mids[i] + 1]; e++)
		{
			uint32		t = g->out_adj[e];
			uint32		k = pc->tpos[t];

			if (k == PG_UINT32_MAX || pc->mastered[t])
				continue;
			if (pc->sat[k]++ == 0)
				touched[ntouched++] = k;
		}
	for (i = 0; i < ntouched; i++)
	{
		uint32		k = touched[i];

		if (pc->sat[k] == g->in_off[pc->targets[k] + 1] - g->in_off[pc->targets[k]])
			cand[ncand++] = k;
		pc->sat[k] = 0;
	}
	mg_sort_distinct(cand, ncand, pc->bits, false);
	/* ready: those and the unmastered roots, merged in target order */
	for (i = 0, j = 0; i < pc->nroots || j < ncand;)
	{
		CHECK_FOR_INTERRUPTS();
		if (j >= ncand || (i < pc->nroots && pc->roots[i] < cand[j]))
		{
			if (!pc->mastered[pc->targets[pc->roots[i]]])
				ready[nready++] = pc->roots[i];
			i++;
		}
		else
			ready[nready++] = cand[j++];
	}

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "learning_progress must be called in a context that accepts a record");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int32GetDatum((int32) pc->ntargets);
	values[1] = Int32GetDatum((int32) done);
	values[2] = Float8GetDatum(pc->ntargets > 0 ? (double) done / pc->ntargets : 1.0);
	values[3] = PointerGetDatum(targets_except(g, pc, done_idx, done));
	values[4] = PointerGetDatum(targets_array(g, pc, ready, nready));
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
		array_iter	it;
		int			n,
					i;

		if (ARR_ELEMTYPE(arr) != TIMESTAMPTZOID)
			elog(ERROR, "learning_pace: mastery times must be a timestamptz[]");
		n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
		times = palloc(sizeof(int64) * (n + 1));
		array_iter_setup(&it, (AnyArrayType *) arr);
		for (i = 0; i < n; i++)
		{
			bool		isnull;
			Datum		d = array_iter_next(&it, &isnull, i, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);

			if (!isnull)
			{
				TimestampTz t = DatumGetTimestampTz(d);

				if (TIMESTAMP_NOT_FINITE(t))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("learning_pace: mastery times must be finite")));
				times[done++] = t;
			}
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
	{
		MasErrSite	site = {"learning_pace", NULL, false, NULL, "learning_pace: inconsistent arguments"};

		err.code = MAS_ERR_INVALID;
		mas_report(&err, &site);
	}
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

/* ------------------------------------------------ progress over time (20_progress.sql) */

/*
 * The time of the step where the method's running value crossed the scale's
 * mastery level: the first time it reached it, or (lost) the last time it
 * fell below it; NULL when there is none or that evidence has no time.
 */
static Datum
crossing_time(FunctionCallInfo fcinfo, bool lost)
{
	struct varlena *v = (struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	double		threshold = mas_scale_threshold(PG_GETARG_DATUM(2));
	MasMethod	m;
	MasStep    *steps;
	uint32		n;
	int64		i;

	mas_method_from_datum(PG_GETARG_DATUM(1), &m);
	steps = mas_walk_steps(v, &m, &n);
	i = lost ? mp_last_lost(steps, n, threshold) : mp_first_mastered(steps, n, threshold);
	if (i < 0 || steps[i].item.at_null)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(steps[i].item.at);
}

/* mastered_at(mastery, method, scale) */
PG_FUNCTION_INFO_V1(mastery_mastered_at);
Datum
mastery_mastered_at(PG_FUNCTION_ARGS)
{
	return crossing_time(fcinfo, false);
}

/* mastery_lost_at(mastery, method, scale) */
PG_FUNCTION_INFO_V1(mastery_lost_at);
Datum
mastery_lost_at(PG_FUNCTION_ARGS)
{
	return crossing_time(fcinfo, true);
}

/* mastery_steps(mastery, method [, scale]) -> setof (step, at, seq, score, value, level, mastered) */
typedef struct StepsSRF
{
	MasStep    *steps;
	uint32		n;
	bool		has_scale;
	struct varlena *scale;
	double		threshold;
} StepsSRF;

PG_FUNCTION_INFO_V1(mastery_steps);
Datum
mastery_steps(PG_FUNCTION_ARGS)
{
	FuncCallContext *fc;
	StepsSRF   *st;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;
		MasMethod	m;

		fc = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fc->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "mastery_steps must be called in a context that accepts a record");
		fc->tuple_desc = BlessTupleDesc(tupdesc);
		st = palloc0(sizeof(StepsSRF));
		mas_method_from_datum(PG_GETARG_DATUM(1), &m);
		st->steps = mas_walk_steps((struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0)), &m, &st->n);
		st->has_scale = PG_NARGS() > 2;
		if (st->has_scale)
		{
			st->scale = (struct varlena *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(2));
			st->threshold = mas_scale_threshold(PointerGetDatum(st->scale));
		}
		fc->user_fctx = st;
		MemoryContextSwitchTo(old);
	}
	fc = SRF_PERCALL_SETUP();
	st = (StepsSRF *) fc->user_fctx;
	if (fc->call_cntr < st->n)
	{
		MasStep    *s = &st->steps[fc->call_cntr];
		Datum		values[7];
		bool		nulls[7] = {false, false, false, false, false, false, false};
		text	   *lvl = NULL;

		values[0] = Int32GetDatum((int32) s->step);
		values[1] = TimestampTzGetDatum(s->item.at);
		nulls[1] = s->item.at_null;
		values[2] = Int64GetDatum(s->item.seq);
		nulls[2] = s->item.seq_null;
		values[3] = Float8GetDatum(s->item.score);
		values[4] = Float8GetDatum(s->value);
		nulls[4] = !s->has_value;
		if (st->has_scale && s->has_value)
			lvl = mas_scale_level_text(PointerGetDatum(st->scale), s->value);
		values[5] = PointerGetDatum(lvl);
		nulls[5] = lvl == NULL;
		values[6] = BoolGetDatum(s->has_value && s->value >= st->threshold);
		nulls[6] = !st->has_scale;
		SRF_RETURN_NEXT(fc, HeapTupleGetDatum(heap_form_tuple(fc->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(fc);
}
