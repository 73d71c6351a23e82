/*
 * graph_glue.h: what the competency_graph glue offers other glue files.
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
void	  **mas_graph_extra(MgGraph *g, MemoryContext *mcxt);

/* Raise the error of an operation that needs an acyclic graph, naming a cycle of g. */
void		mas_graph_cycle_error(MgGraph *g, const char *fname) pg_attribute_noreturn();

#endif
