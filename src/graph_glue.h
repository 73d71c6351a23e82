/*
 * graph_glue.h - competency_graph arguments and results in the fmgr glue
 *
 * What graph_glue.c offers the graph glue files (graph_io.c, graph_agg.c,
 * graph_query.c) and the other glue files that take a graph (progression.c):
 * the decoded graph argument with its per-call-site cache, node lookups,
 * text[] results and error reports.
 */
#ifndef MASTERY_GRAPH_GLUE_H
#define MASTERY_GRAPH_GLUE_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/array.h"
/* the inline code of arrayaccess.h trips -Wsign-compare (-Wextra) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#include "utils/arrayaccess.h"
#pragma GCC diagnostic pop
#include "utils/tuplestore.h"

#include "graph.h"

/* The graph argument argno, decoded once per distinct value per call site. */
MgGraph    *mas_graph_arg(FunctionCallInfo fcinfo, int argno);

/* Ids of the names in text[] argument argno that are nodes of g (NULL array,
 * NULL elements and unknown names are skipped). */
uint32	   *mas_graph_ids_arg(FunctionCallInfo fcinfo, int argno, MgGraph *g, uint32 *k);

/* A text[] of node names. */
ArrayType  *mas_graph_ids_array(const MgGraph *g, const uint32 *ids, uint32 cnt);

/*
 * Every node's text value laid out as text[] elements (int-aligned), in id
 * order: node id's bytes are image[off[id]] .. image[off[id + 1]]. NULL when
 * the graph is not cached.
 */
const char *mas_graph_names_image(const MgGraph *g, const uint32 **off);

/* A text[] of the elements idx[0 .. cnt) of an image laid out as above. */
ArrayType  *mas_text_array_gather(const char *img, const uint32 *off, const uint32 *idx, uint32 cnt);

/* A one-dimensional text[] of cnt elements without NULLs whose databytes
 * bytes of element data the caller writes at *data. */
ArrayType  *mas_text_array_alloc(uint32 cnt, Size databytes, char **data);

/* The id of a node, or an error naming the function. */
uint32		mas_graph_node(MgGraph *g, text *name, const char *fname);

/*
 * A slot for a structure derived from the cached graph (NULL at first and
 * whenever the graph changes), and the memory context to build it in; NULL
 * when the graph is not cached.
 */
#define MAS_GRAPH_SLOT_CLOSURE	0	/* closure memo (graph_query.c) */
#define MAS_GRAPH_SLOT_PROGRESS 1	/* progress ranks (progression.c) */
#define MAS_GRAPH_SLOTS			2
void	  **mas_graph_extra(MgGraph *g, int slot, MemoryContext *mcxt);

/* Raise the error of an operation that needs an acyclic graph, naming a cycle of g. */
void		mas_graph_cycle_error(MgGraph *g, const char *fname) pg_attribute_noreturn();


/* ---- for the graph glue files ------------------------------------------ */

/*
 * The per-call-site cache (flinfo->fn_extra) of mas_graph_arg(): the decoded
 * graph with what is derived from it, and the state of a value-per-call
 * closure being handed out (graph_query.c).
 */
typedef struct GraphCache
{
	MemoryContext mcxt;			/* holds key, graph and what is derived */
	char	   *key;			/* raw bytes of the argument as passed */
	Size		keylen;
	MgGraph    *g;
	uint64		aborts;			/* mas_abort_count when decoded */
	text	  **names;			/* lazily built text value of each node */
	char	   *image;			/* lazily built: every node's text value laid out
								 * as in a text[] (int-aligned), in id order */
	uint32	   *img_off;		/* node id's bytes: img_off[id] .. img_off[id + 1] */
	void	   *extra[MAS_GRAPH_SLOTS]; /* see mas_graph_extra() */
	bool		is_const;		/* the argument is a literal constant */
	/* value-per-call state of prerequisites() / dependents() */
	bool		srf_active;
	bool		srf_callback;	/* its shutdown callback is registered */
	uint32		srf_n;
	uint32		srf_pos;
	Datum	   *srf_vals;		/* the rows to hand out (n slots) */
} GraphCache;

/* Errors: a core return code other than MG_OK, and a cycle found by fname. */
void		mas_graph_check_rc(int rc, const char *fname);
void		mas_graph_report_cycle(const MgGraph *g, const MgCycle *cyc,
								   const char *fname) pg_attribute_noreturn();

/* Decode a stored value (detoasted), without the cache. */
MgGraph    *mas_graph_decode(struct varlena *v);

/* Encode a graph as a varlena (an error naming fname when too large). */
bytea	   *mas_graph_to_varlena(const MgGraph *g, const char *fname);

/* The name of a node as a text value (cached with the graph when possible). */
text	   *mas_graph_node_text(const MgGraph *g, uint32 id);

/* Room for n + 1 ids. */
uint32	   *mas_graph_node_buffer(const MgGraph *g);

/* Set-returning functions in materialize mode: the tuplestore to fill
 * (scalar_type InvalidOid: the declared composite result), and node names
 * as rows of it. */
Tuplestorestate *mas_srf_begin(FunctionCallInfo fcinfo, Oid scalar_type);
void		mas_graph_srf_put_names(FunctionCallInfo fcinfo, Tuplestorestate *ts,
									const MgGraph *g, const uint32 *ids, uint32 cnt);

#endif
