/*
 * graph.c - SQL interface of the competency_graph type (fmgr glue)
 *
 * The algorithms live in core/graph.c; this file converts arguments, keeps
 * a per-call-site cache of the decoded graph and reports errors.
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

/* ---- allocator and error plumbing -------------------------------------- */

static void *
pg_mg_alloc(size_t size)
{
	return MemoryContextAllocHuge(CurrentMemoryContext, size);
}

static void *
pg_mg_realloc(void *p, size_t size)
{
	return repalloc_huge(p, size);
}

static void
pg_mg_free(void *p)
{
	pfree(p);
}

static inline void
graph_setup(void)
{
	mg_set_allocator(pg_mg_alloc, pg_mg_realloc, pg_mg_free);
}

static void
check_rc(int rc, const char *fname)
{
	switch (rc)
	{
		case MG_OK:
			return;
		case MG_ENOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory in %s()", fname)));
			break;
		case MG_ETOOBIG:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("competency_graph built by %s() is too large", fname),
					 errdetail("A competency_graph holds at most %u nodes and edges and about 1 GB of data.",
							   (unsigned) MG_MAX_ITEMS)));
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

static void
report_cycle(const MgGraph *g, const MgCycle *cyc, const char *fname)
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

typedef struct GraphCache
{
	MemoryContext mcxt;			/* holds key and graph */
	char	   *key;			/* raw bytes of the argument as passed */
	Size		keylen;
	MgGraph    *g;
	text	  **names;			/* lazily built text value of each node */
	char	   *image;			/* lazily built: every node's text value laid out
								 * as in a text[] (int-aligned), in id order */
	uint32	   *img_off;		/* node id's bytes: img_off[id] .. img_off[id + 1] */
	void	   *extra;			/* derived structure of another glue file */
	bool		is_const;		/* the argument is a literal constant */
	/* value-per-call state of prerequisites() / dependents() */
	bool		srf_active;
	bool		srf_callback;	/* closure_srf_shutdown is registered */
	uint32		srf_n;
	uint32		srf_pos;
	Datum	   *srf_vals;		/* the rows to hand out (n slots) */
	/* full closures of many nodes: memoized (see closure_srf) */
	uint32		memo_calls;
	bool		memo_off;
	void	   *memo_mem;
	MgMemo		memo;
} GraphCache;

/*
 * From this many full closures at one call site on, they are memoized, when
 * the memo (n * n bits) takes at most MEMO_MAX_BYTES.
 */
#define MEMO_AFTER_CALLS 32
#define MEMO_MAX_BYTES ((size_t) 16 * 1024 * 1024)

static MgGraph *
decode_graph(struct varlena *v)
{
	MgGraph    *g;
	const char *why;
	int			rc;

	rc = mg_graph_decode((const unsigned char *) VARDATA(v), VARSIZE(v) - VARHDRSZ,
						 &g, &why);
	if (rc == MG_ECORRUPT)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid competency_graph value: %s", why),
				 errdetail("The stored value does not follow competency_graph format version %d.",
						   MG_FORMAT_VERSION)));
	check_rc(rc, "competency_graph");
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
static MgGraph *
get_graph(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	FmgrInfo   *flinfo = fcinfo->flinfo;
	GraphCache *cache;
	struct varlena *flat;
	MemoryContext old;
	const char *keyp;
	Size		keylen;

	graph_setup();
	if (flinfo == NULL)
		return decode_graph(PG_DETOAST_DATUM(PointerGetDatum(raw)));

	cache = (GraphCache *) flinfo->fn_extra;
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
	Assert(!cache->srf_active);
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
	cache->g = decode_graph(flat);
	if ((Pointer) flat != (Pointer) raw)
		pfree(flat);			/* the decoded graph keeps its own copy */
	cache->g->user = cache;
	cache->is_const = arg_is_const(flinfo, argno);
	cache->names = NULL;
	cache->srf_vals = NULL;
	cache->memo_calls = 0;
	cache->memo_off = false;
	cache->memo_mem = NULL;
	cache->image = NULL;
	cache->img_off = NULL;
	cache->extra = NULL;
	MemoryContextSwitchTo(old);
	return cache->g;
}

/* The name of a node as a text value (cached with the graph when possible). */
static text *
node_text(const MgGraph *g, uint32 id)
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

static uint32
lookup_node(MgGraph *g, text *name, const char *fname)
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
static uint32 *
mastered_ids(FunctionCallInfo fcinfo, int argno, MgGraph *g, uint32 *k)
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

static const char *
names_image(const MgGraph *g, const uint32 **off)
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
static ArrayType *
ids_to_array(const MgGraph *g, const uint32 *ids, uint32 cnt)
{
	ArrayType  *a;
	Size		size = 0;
	char	   *p;
	uint32		i;
	const uint32 *off;
	const char *img;

	if (cnt == 0)
		return construct_empty_array(TEXTOID);
	img = names_image(g, &off);
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

const char *
mas_graph_names_image(const MgGraph *g, const uint32 **off)
{
	return names_image(g, off);
}

static uint32 *
node_buffer(const MgGraph *g)
{
	return palloc(sizeof(uint32) * ((Size) g->n + 1));
}

/* ---- set-returning helper (materialize mode) ---------------------------- */

static Tuplestorestate *
srf_begin(FunctionCallInfo fcinfo, Oid scalar_type)
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

static void
srf_put_names(FunctionCallInfo fcinfo, Tuplestorestate *ts, const MgGraph *g,
			  const uint32 *ids, uint32 cnt)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint32		i;
	bool		isnull = false;

	for (i = 0; i < cnt; i++)
	{
		Datum		v = PointerGetDatum(node_text(g, ids[i]));

		tuplestore_putvalues(ts, rsinfo->setDesc, &v, &isnull);
	}
}

static bytea *
graph_to_varlena(const MgGraph *g, const char *fname)
{
	Size		sz = mg_graph_encoded_size(g);
	bytea	   *res;

	if (sz == 0)
		check_rc(MG_ETOOBIG, fname);
	res = palloc(VARHDRSZ + sz);
	SET_VARSIZE(res, VARHDRSZ + sz);
	mg_graph_encode(g, (unsigned char *) VARDATA(res));
	return res;
}

/* ---- I/O ---------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(competency_graph_in);
Datum
competency_graph_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	MgBuilder  *b;
	MgGraph    *g;
	MgParseError err;
	int			rc;

	graph_setup();
	b = mg_builder_new();
	if (b == NULL)
		check_rc(MG_ENOMEM, "competency_graph_in");
	rc = mg_parse(str, strlen(str), b, &err);
	if (rc == MG_ESYNTAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type competency_graph: \"%s\"", mas_clip_input(str)),
				 errdetail("%s at position %zu.", err.msg, err.pos),
				 errhint("Write edges as {prerequisite->competency, ...}; double-quote names containing spaces, commas, braces, quotes, backslashes or \"->\".")));
	check_rc(rc, "competency_graph_in");
	check_rc(mg_builder_finish_for_encoding(b, &g), "competency_graph_in");
	PG_RETURN_POINTER(graph_to_varlena(g, "competency_graph_in"));
}

PG_FUNCTION_INFO_V1(competency_graph_out);
Datum
competency_graph_out(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	char	   *s = mg_format(g, NULL);

	if (s == NULL)
		check_rc(MG_ETOOBIG, "competency_graph_out");
	PG_RETURN_CSTRING(s);
}

/*
 * Binary form: int8 version (1), int32 node count, int32 edge count, the
 * node names as NUL-terminated strings in the client encoding, then the
 * edges as pairs of int32 node indexes (prerequisite, competency).
 */
PG_FUNCTION_INFO_V1(competency_graph_recv);
Datum
competency_graph_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int32		n,
				m,
				i;
	MgBuilder  *b;
	MgGraph    *g;

	graph_setup();
	version = pq_getmsgbyte(buf);
	if (version != MG_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type competency_graph", version),
				 errdetail("Only version %d is understood.", MG_FORMAT_VERSION)));
	n = pq_getmsgint(buf, 4);
	m = pq_getmsgint(buf, 4);
	/* every name takes at least one byte, every edge eight */
	if (n < 0 || m < 0 || (uint32) n > MG_MAX_ITEMS || (uint32) m > MG_MAX_ITEMS ||
		(int64) n + (int64) m * 8 > (int64) (buf->len - buf->cursor))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid node or edge count in binary competency_graph: %d nodes, %d edges", n, m),
				 errdetail("The counts must be non-negative and fit in the %d bytes that remain.",
						   buf->len - buf->cursor)));
	b = mg_builder_new();
	if (b == NULL)
		check_rc(MG_ENOMEM, "competency_graph_recv");
	for (i = 0; i < n; i++)
	{
		const char *s = pq_getmsgstring(buf);
		uint32		id;

		check_rc(mg_builder_node(b, s, strlen(s), &id), "competency_graph_recv");
		if (id != (uint32) i)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("duplicate node \"%s\" in binary competency_graph", s),
					 errdetail("Every node name must appear once.")));
	}
	for (i = 0; i < m; i++)
	{
		int32		from = pq_getmsgint(buf, 4);
		int32		to = pq_getmsgint(buf, 4);

		if (from < 0 || from >= n || to < 0 || to >= n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("edge %d -> %d out of range in binary competency_graph", from, to),
					 errdetail("Node indexes must lie between 0 and %d.", n - 1)));
		check_rc(mg_builder_edge(b, (uint32) from, (uint32) to), "competency_graph_recv");
	}
	check_rc(mg_builder_finish_for_encoding(b, &g), "competency_graph_recv");
	PG_RETURN_POINTER(graph_to_varlena(g, "competency_graph_recv"));
}

PG_FUNCTION_INFO_V1(competency_graph_send);
Datum
competency_graph_send(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	StringInfoData buf;
	uint32		i,
				e;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, MG_FORMAT_VERSION);
	pq_sendint32(&buf, g->n);
	pq_sendint32(&buf, g->m);
	for (i = 0; i < g->n; i++)
		pq_sendstring(&buf, mg_name(g, i));
	for (i = 0; i < g->n; i++)
		for (e = g->out_off[i]; e < g->out_off[i + 1]; e++)
		{
			pq_sendint32(&buf, i);
			pq_sendint32(&buf, g->out_adj[e]);
		}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static bool
graph_bytes_equal(FunctionCallInfo fcinfo)
{
	bytea	   *a = PG_GETARG_BYTEA_PP(0);
	bytea	   *b = PG_GETARG_BYTEA_PP(1);

	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

PG_FUNCTION_INFO_V1(competency_graph_eq);
Datum
competency_graph_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(graph_bytes_equal(fcinfo));
}

PG_FUNCTION_INFO_V1(competency_graph_ne);
Datum
competency_graph_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!graph_bytes_equal(fcinfo));
}

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

	graph_setup();
	old = MemoryContextSwitchTo(ctx);
	if (b == NULL)
	{
		b = mg_builder_new();
		if (b == NULL)
			check_rc(MG_ENOMEM, "competency_graph_agg");
	}
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		text	   *t1 = PG_GETARG_TEXT_PP(1);
		text	   *t2 = PG_GETARG_TEXT_PP(2);

		check_rc(mg_builder_node_pair(b, VARDATA_ANY(t1), VARSIZE_ANY_EXHDR(t1),
									  VARDATA_ANY(t2), VARSIZE_ANY_EXHDR(t2), &a, &c),
				 "competency_graph_agg");
		check_rc(mg_builder_edge(b, a, c), "competency_graph_agg");
	}
	else if (!PG_ARGISNULL(1) || !PG_ARGISNULL(2))
	{
		text	   *t = PG_GETARG_TEXT_PP(PG_ARGISNULL(1) ? 2 : 1);

		check_rc(mg_builder_node(b, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &a),
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
	graph_setup();
	old = MemoryContextSwitchTo(ctx);
	if (a == NULL)
	{
		a = mg_builder_new();
		if (a == NULL)
			check_rc(MG_ENOMEM, "competency_graph_agg");
	}
	check_rc(mg_builder_merge(a, b), "competency_graph_agg");
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
	graph_setup();
	check_rc(mg_builder_finish_for_encoding(b, &g), "competency_graph_agg");
	PG_RETURN_BYTEA_P(graph_to_varlena(g, "competency_graph_agg"));
}

PG_FUNCTION_INFO_V1(competency_graph_agg_deserialize);
Datum
competency_graph_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = mas_agg_context(fcinfo, "competency_graph_agg_deserialize");
	MemoryContext old;
	MgGraph    *g;
	MgBuilder  *b;

	graph_setup();
	g = decode_graph(PG_GETARG_BYTEA_P(0));
	old = MemoryContextSwitchTo(ctx);
	b = mg_builder_new();
	if (b == NULL)
		check_rc(MG_ENOMEM, "competency_graph_agg");
	check_rc(mg_builder_add_graph(b, g), "competency_graph_agg");
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
	graph_setup();
	check_rc(mg_builder_finish_for_encoding(b, &g), "competency_graph_agg");
	PG_RETURN_POINTER(graph_to_varlena(g, "competency_graph_agg"));
}

/* ---- traversals --------------------------------------------------------- */

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
		(cache = (GraphCache *) fcinfo->flinfo->fn_extra) != NULL && cache->srf_active)
		goto next;
	/* a FROM item is the caller that prefers a materialized result */
	per_call = rsinfo != NULL && IsA(rsinfo, ReturnSetInfo) &&
		(rsinfo->allowedModes & SFRM_ValuePerCall) != 0 &&
		!((rsinfo->allowedModes & SFRM_Materialize_Preferred) &&
		  (rsinfo->allowedModes & SFRM_Materialize)) &&
		fcinfo->flinfo != NULL;
	g = get_graph(fcinfo, 0);
	node = lookup_node(g, PG_GETARG_TEXT_PP(1), fname);
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
		GraphCache *c = (GraphCache *) g->user;

		if (!c->memo_off && ++c->memo_calls > MEMO_AFTER_CALLS)
		{
			if (c->memo_mem == NULL)
			{
				Size		bytes = mg_memo_bytes(g->n);

				if (bytes > MEMO_MAX_BYTES)
					c->memo_off = true;
				else
				{
					c->memo_mem = MemoryContextAllocExtended(c->mcxt, bytes, MCXT_ALLOC_HUGE);
					mg_memo_init(&c->memo, g, dir, c->memo_mem);
				}
			}
			if (!c->memo_off && mg_closure_memo(g, &c->memo, node, g->work3, &cnt) != MG_OK)
			{
				c->memo_off = true;
				cnt = PG_UINT32_MAX;
			}
		}
	}
	if (cnt == PG_UINT32_MAX)
		cnt = mg_closure(g, node, dir, max_depth, g->work3);
	if (!per_call || g->user == NULL)
	{
		ts = srf_begin(fcinfo, TEXTOID);
		srf_put_names(fcinfo, ts, g, g->work3, cnt);
		return (Datum) 0;
	}
	cache = (GraphCache *) g->user;
	{
		const uint32 *off;
		const char *img = names_image(g, &off);
		uint32		i;

		if (cache->srf_vals == NULL)
			cache->srf_vals = MemoryContextAllocExtended(cache->mcxt, sizeof(Datum) * ((Size) g->n + 1),
														 MCXT_ALLOC_HUGE);
		/* the text values of the result, in order, ready to hand out */
		for (i = 0; i < cnt; i++)
			cache->srf_vals[i] = img ? PointerGetDatum(img + off[g->work3[i]])
				: PointerGetDatum(node_text(g, g->work3[i]));
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
	MgGraph    *g = get_graph(fcinfo, 0);
	uint32		a = lookup_node(g, PG_GETARG_TEXT_PP(1), "is_prerequisite");
	uint32		b = lookup_node(g, PG_GETARG_TEXT_PP(2), "is_prerequisite");

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
	g = get_graph(fcinfo, 0);
	m = mastered_ids(fcinfo, 1, g, &k);
	/* work3 is scratch that mg_ready and mg_gaps leave alone */
	cnt = op(g, m, k, g->work3);
	PG_RETURN_ARRAYTYPE_P(ids_to_array(g, g->work3, cnt));
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
	g = get_graph(fcinfo, 0);
	target = lookup_node(g, PG_GETARG_TEXT_PP(2), "learning_path");
	m = mastered_ids(fcinfo, 1, g, &k);
	out = node_buffer(g);
	cyc.ids = node_buffer(g);
	rc = mg_learning_path(g, m, k, target, out, &cnt, &cyc);
	if (rc == MG_ECYCLE)
		report_cycle(g, &cyc, "learning_path");
	check_rc(rc, "learning_path");
	PG_RETURN_ARRAYTYPE_P(ids_to_array(g, out, cnt));
}

PG_FUNCTION_INFO_V1(competency_graph_topological_order);
Datum
competency_graph_topological_order(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	uint32	   *out = node_buffer(g);
	MgCycle		cyc;
	int			rc;

	cyc.ids = node_buffer(g);
	rc = mg_topological(g, out, &cyc);
	if (rc == MG_ECYCLE)
		report_cycle(g, &cyc, "topological_order");
	check_rc(rc, "topological_order");
	PG_RETURN_ARRAYTYPE_P(ids_to_array(g, out, g->n));
}

PG_FUNCTION_INFO_V1(competency_graph_depth);
Datum
competency_graph_depth(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	uint32		node = lookup_node(g, PG_GETARG_TEXT_PP(1), "graph_depth");
	uint32		depth = 0;
	MgCycle		cyc;
	int			rc;

	cyc.ids = node_buffer(g);
	rc = mg_depth(g, node, &depth, &cyc);
	if (rc == MG_ECYCLE)
		report_cycle(g, &cyc, "graph_depth");
	check_rc(rc, "graph_depth");
	PG_RETURN_INT32((int32) depth);
}

PG_FUNCTION_INFO_V1(competency_graph_longest_path);
Datum
competency_graph_longest_path(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	uint32	   *out = node_buffer(g);
	uint32		cnt;
	MgCycle		cyc;
	int			rc;

	cyc.ids = node_buffer(g);
	rc = mg_longest_path(g, out, &cnt, &cyc);
	if (rc == MG_ECYCLE)
		report_cycle(g, &cyc, "longest_path");
	check_rc(rc, "longest_path");
	PG_RETURN_ARRAYTYPE_P(ids_to_array(g, out, cnt));
}

/* ---- listing ------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(competency_graph_nodes);
Datum
competency_graph_nodes(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	Tuplestorestate *ts = srf_begin(fcinfo, TEXTOID);
	uint32		i;

	for (i = 0; i < g->n; i++)
		srf_put_names(fcinfo, ts, g, &i, 1);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(competency_graph_edges);
Datum
competency_graph_edges(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Tuplestorestate *ts = srf_begin(fcinfo, InvalidOid);
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
		(void) get_graph(fcinfo, 0);	/* reports the corruption */
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
		(void) get_graph(fcinfo, 0);
	memcpy(&m, VARDATA(v) + 8, 4);
	PG_RETURN_INT32((int32) m);
}

PG_FUNCTION_INFO_V1(competency_graph_has_node);
Datum
competency_graph_has_node(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	text	   *t = PG_GETARG_TEXT_PP(1);

	PG_RETURN_BOOL(mg_graph_find(g, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)) >= 0);
}

PG_FUNCTION_INFO_V1(competency_graph_in_degree);
Datum
competency_graph_in_degree(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	uint32		v = lookup_node(g, PG_GETARG_TEXT_PP(1), "in_degree");

	PG_RETURN_INT32((int32) (g->in_off[v + 1] - g->in_off[v]));
}

PG_FUNCTION_INFO_V1(competency_graph_out_degree);
Datum
competency_graph_out_degree(PG_FUNCTION_ARGS)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	uint32		v = lookup_node(g, PG_GETARG_TEXT_PP(1), "out_degree");

	PG_RETURN_INT32((int32) (g->out_off[v + 1] - g->out_off[v]));
}

/* ---- cycles ------------------------------------------------------------- */

static Datum
cycles_srf(FunctionCallInfo fcinfo, bool as_cycle)
{
	MgGraph    *g = get_graph(fcinfo, 0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint32	   *members = node_buffer(g);
	uint32	   *start = node_buffer(g);
	Tuplestorestate *ts;
	int64		nc,
				c;
	MgCycle		cyc;
	bool		isnull = false;

	nc = mg_cyclic_components(g, members, start);
	if (nc < 0)
		check_rc((int) nc, as_cycle ? "graph_cycles" : "graph_cyclic_components");
	cyc.ids = node_buffer(g);
	ts = srf_begin(fcinfo, TEXTARRAYOID);
	for (c = 0; c < nc; c++)
	{
		const uint32 *mem = members + start[c];
		uint32		cnt = start[c + 1] - start[c];
		ArrayType  *arr;
		Datum		v;

		if (as_cycle)
		{
			check_rc(mg_cycle_through(g, mem[0], mem, cnt, &cyc), "graph_cycles");
			/* close the cycle: first node again at the end */
			cyc.ids[cyc.len] = cyc.ids[0];
			arr = ids_to_array(g, cyc.ids, cyc.len + 1);
		}
		else
			arr = ids_to_array(g, mem, cnt);
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
	g = get_graph(fcinfo, 0);
	if (styled)
		m = mastered_ids(fcinfo, 1, g, &k);
	s = mg_dot(g, m, k, styled ? 1 : 0, around, &len);
	if (s == NULL)
		check_rc(MG_ETOOBIG, "to_dot");
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s, (int) len));
}

/* ---- what other glue files use (graph_glue.h) ---------------------------- */

MgGraph *
mas_graph_arg(FunctionCallInfo fcinfo, int argno)
{
	return get_graph(fcinfo, argno);
}

uint32 *
mas_graph_ids_arg(FunctionCallInfo fcinfo, int argno, MgGraph *g, uint32 *k)
{
	return mastered_ids(fcinfo, argno, g, k);
}

ArrayType *
mas_graph_ids_array(const MgGraph *g, const uint32 *ids, uint32 cnt)
{
	return ids_to_array(g, ids, cnt);
}

uint32
mas_graph_node(MgGraph *g, text *name, const char *fname)
{
	return lookup_node(g, name, fname);
}

void	  **
mas_graph_extra(MgGraph *g, MemoryContext *mcxt)
{
	GraphCache *c = (GraphCache *) g->user;

	if (c == NULL)
		return NULL;
	*mcxt = c->mcxt;
	return &c->extra;
}

void
mas_graph_cycle_error(MgGraph *g, const char *fname)
{
	MgCycle		cyc;
	uint32	   *out = node_buffer(g);

	cyc.ids = node_buffer(g);
	cyc.len = 0;
	if (mg_topological(g, out, &cyc) == MG_ECYCLE)
		report_cycle(g, &cyc, fname);
	elog(ERROR, "%s: the graph has a cycle", fname);
}
