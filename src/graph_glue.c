/*
 * graph_glue.c - competency_graph arguments and results (fmgr glue shared by the graph functions)
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

/* ---- errors ------------------------------------------------------------ */

void
mas_graph_check_rc(int rc, const char *fname)
{
	switch (rc)
	{
		case MG_OK:
			return;
		case MG_ENOMEM:
			{
				MasErr		err;
				MasErrSite	site = {fname, NULL, false, NULL, NULL};

				mas_err(&err, MAS_ERR_NOMEM, "%s", "");
				mas_report(&err, &site);
			}
			break;
		case MG_ETOOBIG:
			{
				MasErr		err;
				MasErrSite	site = {"competency_graph", NULL, false, NULL, NULL};

				mas_err(&err, MAS_ERR_LIMIT,
						"A competency_graph holds at most %u nodes and edges and about 1 GB of data.",
						(unsigned) MG_MAX_ITEMS);
				site.message = psprintf("competency_graph built by %s() is too large", fname);
				mas_report(&err, &site);
			}
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("unexpected error %d in %s()", rc, fname)));
	}
}

static const char *
arrow(void)
{
	return GetDatabaseEncoding() == PG_UTF8 ? " \xe2\x86\x92 " : " -> ";
}

void
mas_graph_report_cycle(const MgGraph *g, const MgCycle *cyc, const char *fname)
{
	StringInfoData s;
	uint32		i;

	initStringInfo(&s);
	for (i = 0; i < cyc->len; i++)
	{
		appendStringInfoString(&s, mg_name(g, cyc->ids[i]));
		appendStringInfoString(&s, arrow());
	}
	if (cyc->len > 0)
		appendStringInfoString(&s, mg_name(g, cyc->ids[0]));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("competency_graph given to %s() has a cycle", fname),
			 errdetail("Cycle: %s.", s.data),
			 errhint("%s() needs an acyclic graph: remove an edge of the cycle; graph_cycles() lists every cycle.",
					 fname)));
}

/* ---- decoding with a per-call-site cache -------------------------------- */



MgGraph *
mas_graph_decode(struct varlena *v)
{
	MgGraph    *g;
	MasErr		err;
	int			rc;

	rc = mg_graph_decode((const unsigned char *) VARDATA(v), VARSIZE(v) - VARHDRSZ,
						 &g, &err);
	if (rc == MG_ECORRUPT)
	{
		MasErrSite	site = {"competency_graph", NULL, false, NULL};

		mas_report(&err, &site);
	}
	mas_graph_check_rc(rc, "competency_graph");
	return g;
}

/* True when argument argno of the call is a literal constant. */
static bool
arg_is_const(FmgrInfo *flinfo, int argno)
{
	Node	   *expr = flinfo->fn_expr;
	List	   *args;

	if (expr == NULL)
		return false;
	if (IsA(expr, FuncExpr))
		args = ((FuncExpr *) expr)->args;
	else if (IsA(expr, OpExpr))
		args = ((OpExpr *) expr)->args;
	else
		return false;
	if (argno < 0 || argno >= list_length(args))
		return false;
	return IsA(list_nth(args, argno), Const);
}

/*
 * The graph argument, decoded at most once per distinct value per call
 * site.  The cache key is the argument's bytes as passed (for a value stored
 * out of line that is the TOAST pointer, so nothing is detoasted on a hit).
 * A literal constant cannot change for the life of the call site and is not
 * compared again after the first decode.  (Parameters are compared: PL/pgSQL
 * keeps call sites of simple expressions alive while its variables change.)
 */
MgGraph *
mas_graph_arg(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	FmgrInfo   *flinfo = fcinfo->flinfo;
	GraphCache *cache;
	struct varlena *flat;
	MemoryContext old;
	const char *keyp;
	Size		keylen;

	if (flinfo == NULL)
		return mas_graph_decode(PG_DETOAST_DATUM(PointerGetDatum(raw)));

	cache = (GraphCache *) flinfo->fn_extra;
	/*
	 * A call cut short by an error (a cancel polled inside the core, say)
	 * may have left the graph's scratch space or a derived structure half
	 * written: after an abort the graph is decoded again.
	 */
	if (cache != NULL && cache->aborts != mas_abort_count)
		cache->g = NULL;
	if (cache != NULL && cache->g != NULL && cache->is_const)
		return cache->g;

	if (VARATT_IS_EXTERNAL_EXPANDED(raw) || VARATT_IS_EXTERNAL_INDIRECT(raw))
		flat = PG_DETOAST_DATUM(PointerGetDatum(raw));
	else
		flat = NULL;
	keyp = (const char *) (flat ? flat : raw);
	keylen = VARSIZE_ANY(keyp);

	if (cache != NULL && cache->g != NULL && cache->keylen == keylen &&
		memcmp(cache->key, keyp, keylen) == 0)
		return cache->g;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(GraphCache));
		flinfo->fn_extra = cache;
	}
	if (cache->mcxt != NULL)
		MemoryContextDelete(cache->mcxt);
	cache->mcxt = NULL;
	cache->g = NULL;
	cache->mcxt = AllocSetContextCreate(flinfo->fn_mcxt, "competency_graph cache",
										ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cache->mcxt);
	cache->key = palloc(keylen);
	memcpy(cache->key, keyp, keylen);
	cache->keylen = keylen;
	if (flat == NULL)
		flat = PG_DETOAST_DATUM(PointerGetDatum(raw));
	cache->g = mas_graph_decode(flat);
	if ((Pointer) flat != (Pointer) raw)
		pfree(flat);			/* the decoded graph keeps its own copy */
	cache->g->user = cache;
	cache->is_const = arg_is_const(flinfo, argno);
	cache->aborts = mas_abort_count;
	cache->names = NULL;
	cache->srf_active = false;
	cache->srf_vals = NULL;
	cache->image = NULL;
	cache->img_off = NULL;
	memset(cache->extra, 0, sizeof(cache->extra));
	MemoryContextSwitchTo(old);
	return cache->g;
}

/* The name of a node as a text value (cached with the graph when possible). */
text *
mas_graph_node_text(const MgGraph *g, uint32 id)
{
	GraphCache *c = (GraphCache *) g->user;

	if (c == NULL)
		return cstring_to_text_with_len(mg_name(g, id), g->name_len[id]);
	if (c->names == NULL)
		c->names = MemoryContextAllocExtended(c->mcxt, sizeof(text *) * ((Size) g->n + 1),
											  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	if (c->names[id] == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(c->mcxt);

		c->names[id] = cstring_to_text_with_len(mg_name(g, id), g->name_len[id]);
		MemoryContextSwitchTo(old);
	}
	return c->names[id];
}

uint32
mas_graph_node(MgGraph *g, text *name, const char *fname)
{
	int64		id = mg_graph_find(g, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));

	if (id < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("competency \"%s\" is not a node of the competency_graph given to %s()",
						text_to_cstring(name), fname),
				 errdetail("Node names are compared byte for byte (case and spaces matter)."),
				 errhint("Use graph_has_node() to test membership first.")));
	return (uint32) id;
}

/* Ids of the known names of a text[] (NULL array = empty; NULL elements and
 * unknown names are ignored). */
uint32 *
mas_graph_ids_arg(FunctionCallInfo fcinfo, int argno, MgGraph *g, uint32 *k)
{
	ArrayType  *arr;
	array_iter	it;
	int			nelems,
				i;
	uint32	   *ids;
	uint32		cnt = 0;

	*k = 0;
	if (PG_ARGISNULL(argno))
		return palloc(sizeof(uint32));
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_ELEMTYPE(arr) != TEXTOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("mastered competencies must be a text[]")));
	nelems = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	ids = palloc(sizeof(uint32) * ((Size) nelems + 1));
	array_iter_setup(&it, (AnyArrayType *) arr);
	for (i = 0; i < nelems; i++)
	{
		bool		isnull;
		Datum		d = array_iter_next(&it, &isnull, i, -1, false, TYPALIGN_INT);
		int64		id;

		if (isnull)
			continue;
		id = mg_graph_find(g, VARDATA_ANY(DatumGetPointer(d)), VARSIZE_ANY_EXHDR(DatumGetPointer(d)));
		if (id >= 0)
			ids[cnt++] = (uint32) id;
	}
	*k = cnt;
	return ids;
}

/*
 * Every node's text value laid out as the elements of a text[] are (each
 * int-aligned), in id order, with offsets: built once per cached graph, so
 * that result arrays are assembled by copying bytes. NULL when the graph is
 * not cached or the image would be too large.
 */
/* Bytes node id takes as a text[] element (int-aligned). */
static inline Size
name_element_size(const MgGraph *g, uint32 id)
{
	return INTALIGN(VARHDRSZ + (Size) g->name_len[id]);
}

/* Write node id as a text[] element at p (padding zeroed); returns its size. */
static Size
put_name_element(char *p, const MgGraph *g, uint32 id)
{
	Size		size = name_element_size(g, id);

	memset(p, 0, size);
	SET_VARSIZE(p, VARHDRSZ + g->name_len[id]);
	memcpy(p + VARHDRSZ, mg_name(g, id), g->name_len[id]);
	return size;
}

const char *
mas_graph_names_image(const MgGraph *g, const uint32 **off)
{
	GraphCache *c = (GraphCache *) g->user;

	if (c == NULL)
		return NULL;
	if (c->image == NULL)
	{
		Size		total = 0;
		uint32		i;
		char	   *img;
		uint32	   *o;

		for (i = 0; i < g->n; i++)
			total += name_element_size(g, i);
		if (total >= PG_UINT32_MAX || !AllocSizeIsValid(total + 1))
			return NULL;
		o = MemoryContextAllocExtended(c->mcxt, sizeof(uint32) * ((Size) g->n + 1), MCXT_ALLOC_HUGE);
		img = MemoryContextAllocExtended(c->mcxt, total + 1, MCXT_ALLOC_HUGE);
		total = 0;
		for (i = 0; i < g->n; i++)
		{
			o[i] = (uint32) total;
			total += put_name_element(img + total, g, i);
		}
		o[g->n] = (uint32) total;
		c->img_off = o;
		c->image = img;
	}
	*off = c->img_off;
	return c->image;
}

ArrayType *
mas_text_array_alloc(uint32 cnt, Size databytes, char **data)
{
	ArrayType  *a;
	Size		size = ARR_OVERHEAD_NONULLS(1) + databytes;

	if (!AllocSizeIsValid(size))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("array of %u competency names is too large", cnt)));
	a = (ArrayType *) palloc(size);
	SET_VARSIZE(a, size);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = TEXTOID;
	ARR_DIMS(a)[0] = (int) cnt;
	ARR_LBOUND(a)[0] = 1;
	*data = (char *) a + ARR_OVERHEAD_NONULLS(1);
	return a;
}

/*
 * A one-dimensional text[] of node names, laid out directly (the elements
 * copied with int alignment as construct_array would, without its
 * per-element bookkeeping).
 */
ArrayType *
mas_graph_ids_array(const MgGraph *g, const uint32 *ids, uint32 cnt)
{
	ArrayType  *a;
	Size		size = 0;
	char	   *p;
	uint32		i;
	const uint32 *off;
	const char *img;

	if (cnt == 0)
		return construct_empty_array(TEXTOID);
	img = mas_graph_names_image(g, &off);
	if (img != NULL)
		return mas_text_array_gather(img, off, ids, cnt);
	/* the graph is not cached: lay the names out here */
	for (i = 0; i < cnt; i++)
		size += name_element_size(g, ids[i]);
	a = mas_text_array_alloc(cnt, size, &p);
	for (i = 0; i < cnt; i++)
		p += put_name_element(p, g, ids[i]);
	return a;
}

ArrayType *
mas_text_array_gather(const char *img, const uint32 *off, const uint32 *idx, uint32 cnt)
{
	ArrayType  *a;
	Size		size = 0;
	char	   *p;
	uint32		i;

	if (cnt == 0)
		return construct_empty_array(TEXTOID);
	for (i = 0; i < cnt; i++)
		size += off[idx[i] + 1] - off[idx[i]];
	a = mas_text_array_alloc(cnt, size, &p);
	for (i = 0; i < cnt; i++)
	{
		uint32		len = off[idx[i] + 1] - off[idx[i]];

		memcpy(p, img + off[idx[i]], len);
		p += len;
	}
	return a;
}

uint32 *
mas_graph_node_buffer(const MgGraph *g)
{
	return palloc(sizeof(uint32) * ((Size) g->n + 1));
}

/* ---- set-returning helper (materialize mode) ---------------------------- */

Tuplestorestate *
mas_srf_begin(FunctionCallInfo fcinfo, Oid scalar_type)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;
	TupleDesc	tupdesc;
	Tuplestorestate *ts;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (rsinfo->expectedDesc != NULL && scalar_type != InvalidOid &&
		rsinfo->expectedDesc->natts == 1 &&
		TupleDescAttr(rsinfo->expectedDesc, 0)->atttypid == scalar_type)
		tupdesc = CreateTupleDescCopy(rsinfo->expectedDesc);
	else if (scalar_type != InvalidOid)
	{
		tupdesc = CreateTemplateTupleDesc(1);
		TupleDescInitEntry(tupdesc, (AttrNumber) 1, "value", scalar_type, -1, 0);
	}
	else if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	else
		tupdesc = CreateTupleDescCopy(tupdesc);
	ts = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0,
							   false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = ts;
	rsinfo->setDesc = tupdesc;
	MemoryContextSwitchTo(old);
	return ts;
}

void
mas_graph_srf_put_names(FunctionCallInfo fcinfo, Tuplestorestate *ts, const MgGraph *g,
			  const uint32 *ids, uint32 cnt)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint32		i;
	bool		isnull = false;

	for (i = 0; i < cnt; i++)
	{
		Datum		v = PointerGetDatum(mas_graph_node_text(g, ids[i]));

		tuplestore_putvalues(ts, rsinfo->setDesc, &v, &isnull);
	}
}

bytea *
mas_graph_to_varlena(const MgGraph *g, const char *fname)
{
	Size		sz = mg_graph_encoded_size(g);
	bytea	   *res;

	if (sz == 0)
		mas_graph_check_rc(MG_ETOOBIG, fname);
	res = palloc(VARHDRSZ + sz);
	SET_VARSIZE(res, VARHDRSZ + sz);
	mg_graph_encode(g, (unsigned char *) VARDATA(res));
	return res;
}

void	  **
mas_graph_extra(MgGraph *g, int slot, MemoryContext *mcxt)
{
	GraphCache *c = (GraphCache *) g->user;

	Assert(slot >= 0 && slot < MAS_GRAPH_SLOTS);
	if (c == NULL)
		return NULL;
	*mcxt = c->mcxt;
	return &c->extra[slot];
}

void
mas_graph_cycle_error(MgGraph *g, const char *fname)
{
	MgCycle		cyc;
	uint32	   *out = mas_graph_node_buffer(g);

	cyc.ids = mas_graph_node_buffer(g);
	cyc.len = 0;
	if (mg_topological(g, out, &cyc) == MG_ECYCLE)
		mas_graph_report_cycle(g, &cyc, fname);
	elog(ERROR, "%s: the graph has a cycle", fname);
}
