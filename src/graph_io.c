/*
 * graph_io.c - competency_graph input, output, send, receive and equality
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

/* ---- I/O ---------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(competency_graph_in);
Datum
competency_graph_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	MgBuilder  *b;
	MgGraph    *g;
	MasErr		err;
	int			rc;

	b = mg_builder_new();
	rc = mg_parse(str, strlen(str), b, &err);
	if (rc == MG_ESYNTAX)
	{
		MasErrSite	site = {"competency_graph", str, false,
			"Write edges as {prerequisite->competency, ...}; double-quote names containing spaces, commas, braces, quotes, backslashes or \"->\"."};

		mas_report(&err, &site);
	}
	mas_graph_check_rc(rc, "competency_graph_in");
	mas_graph_check_rc(mg_builder_finish_for_encoding(b, &g), "competency_graph_in");
	PG_RETURN_POINTER(mas_graph_to_varlena(g, "competency_graph_in"));
}

PG_FUNCTION_INFO_V1(competency_graph_out);
Datum
competency_graph_out(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
	char	   *s = mg_format(g, NULL);

	if (s == NULL)
		mas_graph_check_rc(MG_ETOOBIG, "competency_graph_out");
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
	for (i = 0; i < n; i++)
	{
		const char *s = pq_getmsgstring(buf);
		uint32		id;

		mas_graph_check_rc(mg_builder_node(b, s, strlen(s), &id), "competency_graph_recv");
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
		mas_graph_check_rc(mg_builder_edge(b, (uint32) from, (uint32) to), "competency_graph_recv");
	}
	mas_graph_check_rc(mg_builder_finish_for_encoding(b, &g), "competency_graph_recv");
	PG_RETURN_POINTER(mas_graph_to_varlena(g, "competency_graph_recv"));
}

PG_FUNCTION_INFO_V1(competency_graph_send);
Datum
competency_graph_send(PG_FUNCTION_ARGS)
{
	MgGraph    *g = mas_graph_arg(fcinfo, 0);
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
