/*
 * graph_glue.h: what the competency_graph glue offers other glue files.
 */
#ifndef MASTERY_GRAPH_GLUE_H
#define MASTERY_GRAPH_GLUE_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/array.h"

#include "graph.h"

/* The graph argument argno, decoded once per distinct value per call site. */
MgGraph    *mas_graph_arg(FunctionCallInfo fcinfo, int argno);

/* Ids of the names in text[] argument argno that are nodes of g (NULL array,
 * NULL elements and unknown names are skipped). */
uint32	   *mas_graph_ids_arg(FunctionCallInfo fcinfo, int argno, MgGraph *g, uint32 *k);

/* A text[] of node names. */
ArrayType  *mas_graph_ids_array(const MgGraph *g, const uint32 *ids, uint32 cnt);

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
