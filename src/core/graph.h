/*
 * graph.h - competency graph core (pure C99, no PostgreSQL headers): the
 * public interface of the graph_*.c files
 *
 * A competency graph is a directed graph whose nodes are names (byte strings
 * without NUL bytes) and whose edges mean "prerequisite -> competency".
 *
 * Canonical form: nodes are numbered 0..n-1 in ascending byte order of their
 * names (memcmp order, shorter name first on a common prefix, i.e. the "C"
 * collation), edges are stored as CSR adjacency lists sorted by target id,
 * without duplicates.  Self-loops and cycles are representable (dirty data);
 * operations that need an acyclic graph report a cycle instead.
 *
 * Stored (varlena payload) layout, format 1: all fields uint32 except the
 * first 4 bytes, in the byte order of the server that wrote them (decoding
 * copies the arrays as they are; a cluster's data files never move between
 * machines of different byte order, and dump, restore and binary COPY go
 * through the text form or send/recv, which is big-endian).  A stored form
 * in another byte order would get a new version byte, and version 1 would
 * still be read.
 *   uint8  version (MG_FORMAT_VERSION)
 *   uint8  flags (0)
 *   uint16 reserved (0)
 *   uint32 nnodes, nedges, poolsize
 *   uint32 name_off[nnodes]       start of each name in pool (NUL-terminated)
 *   uint32 out_off[nnodes + 1]    CSR offsets into out_adj
 *   uint32 out_adj[nedges]        targets
 *   char   pool[poolsize]
 *
 * Memory: every allocation goes through an allocator that defaults to
 * malloc/realloc/free and can be replaced (the server uses palloc).
 */
#ifndef MG_GRAPH_H
#define MG_GRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mcommon.h"

#define MG_FORMAT_VERSION 1
#define MG_HEADER_SIZE 16
/* Largest encoded payload we ever produce or accept (stays below 1 GB). */
#define MG_MAX_ENCODED ((size_t) 0x3FFFFFF0)
/* Largest number of nodes / edges (keeps every size computation in range). */
#define MG_MAX_ITEMS ((uint32_t) 0x0FFFFFFF)

enum
{
	MG_OK = 0,
	MG_ENOMEM = -1,				/* allocation failed */
	MG_ETOOBIG = -2,			/* graph would exceed the size limits */
	MG_ECORRUPT = -3,			/* stored form is invalid */
	MG_ESYNTAX = -4,			/* text form is invalid */
	MG_ECYCLE = -5,				/* operation needs an acyclic graph */
	MG_EINVAL = -6				/* bad argument (e.g. NUL byte in a name) */
};

typedef void *(*mg_alloc_fn) (size_t size);
typedef void *(*mg_realloc_fn) (void *ptr, size_t size);
typedef void (*mg_free_fn) (void *ptr);

/* Replace the allocator (NULL arguments restore the malloc family). */
void		mg_set_allocator(mg_alloc_fn a, mg_realloc_fn r, mg_free_fn f);

/* ---- decoded graph ------------------------------------------------------ */

typedef struct MgGraph
{
	uint32_t	n;				/* nodes */
	uint32_t	m;				/* edges */
	char	   *pool;			/* names, each NUL-terminated */
	size_t		poolsize;
	uint32_t   *name_off;		/* [n] */
	uint32_t   *name_len;		/* [n] */
	uint32_t   *out_off;		/* [n + 1] */
	uint32_t   *out_adj;		/* [m] */
	uint32_t   *in_off;			/* [n + 1] */
	uint32_t   *in_adj;			/* [m], sorted by source id */
	uint32_t   *roots;			/* nodes without prerequisites, ascending */
	uint32_t	nroots;
	uint64_t   *hash;			/* open addressing: id + 1 (0 = empty) in the low
								 * 32 bits, the name's full hash in the high 32 */
	uint32_t	hash_mask;
	/* scratch space for the operations (not thread-safe) */
	uint32_t   *mark_a;
	uint32_t   *mark_b;
	uint32_t	stamp_a;
	uint32_t	stamp_b;
	uint32_t   *work1;			/* [n + 1] */
	uint32_t   *work2;			/* [n + 1] */
	uint32_t   *work3;			/* [n + 1] */
	uint32_t   *work4;			/* [n + 1] */
	uint64_t   *bits;			/* [(n + 63) / 64], all zero between calls */
	void	   *user;			/* free for the caller (never touched here) */
} MgGraph;

static inline const char *
mg_name(const MgGraph *g, uint32_t id)
{
	return g->pool + g->name_off[id];
}

void		mg_graph_free(MgGraph *g);

/*
 * Decode a stored payload.  On MG_ECORRUPT err (when not NULL) gets
 * MAS_ERR_DATA_CORRUPTED, msg a static phrase naming the broken part and a
 * detail naming the format version.
 */
int			mg_graph_decode(const unsigned char *buf, size_t len, MgGraph **out,
							MasErr *err);

/* Encoded size (0 if it would exceed MG_MAX_ENCODED) and encoder. */
size_t		mg_graph_encoded_size(const MgGraph *g);
void		mg_graph_encode(const MgGraph *g, unsigned char *buf);

/* Node id of a name, or -1 when absent. */
int64_t		mg_graph_find(const MgGraph *g, const char *name, size_t len);

/* ---- builder ------------------------------------------------------------ */

typedef struct MgBuilder MgBuilder;

MgBuilder  *mg_builder_new(void);
void		mg_builder_free(MgBuilder *b);
/* Add (or find) a node; names must not contain NUL bytes. */
int			mg_builder_node(MgBuilder *b, const char *name, size_t len, uint32_t *id);
/* Same for two names (faster than two calls on large graphs). */
int			mg_builder_node_pair(MgBuilder *b, const char *n1, size_t l1,
								 const char *n2, size_t l2, uint32_t *id1, uint32_t *id2);
int			mg_builder_edge(MgBuilder *b, uint32_t from, uint32_t to);
int			mg_builder_add_graph(MgBuilder *b, const MgGraph *g);
int			mg_builder_merge(MgBuilder *dst, const MgBuilder *src);
uint32_t	mg_builder_nodes(const MgBuilder *b);
/* Produce the canonical graph (sorted names, deduplicated edges). */
int			mg_builder_finish(const MgBuilder *b, MgGraph **out);
/* Cheaper variant whose result only supports mg_graph_encode*() and free. */
int			mg_builder_finish_for_encoding(const MgBuilder *b, MgGraph **out);

/* ---- text form ---------------------------------------------------------- */

/*
 * Text form: '{' items '}' where items are separated by ',' and an item is
 * NAME or NAME '->' NAME.  Whitespace around tokens is ignored.  A NAME is
 * either bare (one or more bytes other than whitespace, '{', '}', ',', '"',
 * '\', not containing "->") or double-quoted with backslash escaping any
 * byte.  Output lists, for every node in name order, its outgoing edges, or
 * the bare node when it has no edge at all; items are separated by ", ".
 */
/*
 * On MG_ESYNTAX err gets MAS_ERR_SYNTAX, pos (1-based byte position), msg
 * (static text, a sentence prefix) and the detail "<msg> at position <pos>.".
 */
int			mg_parse(const char *s, size_t len, MgBuilder *b, MasErr *err);
/* Formatted text (NUL-terminated, allocated), or NULL on ENOMEM. */
char	   *mg_format(const MgGraph *g, size_t *len);

/* ---- operations --------------------------------------------------------- */

/*
 * Cycle report: ids c[0..len-1] such that c[0] -> c[1] -> ... -> c[len-1]
 * -> c[0]; c[0] is the smallest id of the cycle.  Storage is caller-owned
 * with room for n ids.
 */
typedef struct MgCycle
{
	uint32_t   *ids;
	uint32_t	len;
} MgCycle;

#define MG_DIR_PREREQ 0			/* follow edges backwards */
#define MG_DIR_DEPENDENT 1		/* follow edges forwards */

/*
 * The one walk: breadth first from the seeds (duplicates allowed) over
 * in-edges (MG_DIR_PREREQ) or out-edges (MG_DIR_DEPENDENT), at most
 * max_depth edges (negative = unlimited).  Every node reached, seeds
 * included, gets mark_b == stamp_b (a fresh stamp) and is listed in queue
 * (room for n; not work2, which holds depths when max_depth >= 0): the
 * distinct seeds first, then the others in order of discovery.  Returns how
 * many.  With reenter, *reenter tells whether a walked edge leads back to
 * seeds[0] (with one seed: whether it is on a cycle within max_depth).
 */
uint32_t	mg_walk(MgGraph *g, const uint32_t *seeds, uint32_t nseeds, int dir,
					int64_t max_depth, uint32_t *queue, bool *reenter);

/*
 * The one id sort: distinct ids ascending (= name order) in place, through
 * bits (zeroed words covering every id, left zeroed) when the ids are dense
 * enough, else by comparison.  With marked, the ids' bits are already set.
 */
void		mg_sort_distinct(uint32_t *ids, uint32_t cnt, uint64_t *bits, bool marked);

/*
 * Transitive closure from start (start itself only when on a cycle), up to
 * max_depth edges (negative = unlimited).  out needs room for n ids; the
 * result is sorted ascending (= name order).  Returns the count.
 */
uint32_t	mg_closure(MgGraph *g, uint32_t start, int dir, int64_t max_depth,
					   uint32_t *out);
/*
 * mg_closure, mg_ready and mg_gaps use only work1, work2 and the marks, so
 * their out argument may be g->work3.
 */

/*
 * For many full closures over one acyclic graph (e.g. the prerequisites of
 * every node of a framework in one query): each node's closure kept as a
 * bitmap of n bits, computed once from those of its direct neighbours, so
 * that a closure costs a few word operations per neighbour instead of a
 * traversal. The memo takes mg_memo_bytes(n) bytes from the caller, which
 * need not be zeroed (mg_memo_init clears the per-node states; a row is
 * cleared when computed, over its span). Per node: a row of n bits, the span
 * of words [lo, hi] outside which the row is zero (lo > hi when empty), and
 * a state byte.
 * mg_closure_memo gives what mg_closure(g, start, dir, -1, out) gives and
 * returns MG_OK, or returns MG_ECYCLE when it meets a cycle (the memo is
 * then unusable for this graph).
 */
typedef struct MgMemo
{
	uint64_t   *bits;			/* n rows of words 64-bit words */
	uint32_t   *lo,
			   *hi;				/* per done node: its row's non-zero word span */
	uint8_t    *state;			/* per node: 0 not computed, 1 in progress, 2 done */
	uint32_t	words;
	int			dir;
} MgMemo;

size_t		mg_memo_bytes(uint32_t n);
void		mg_memo_init(MgMemo *m, const MgGraph *g, int dir, void *mem);
/* *count receives the closure's size; uses work1 and work2 as a stack. */
int			mg_closure_memo(MgGraph *g, MgMemo *m, uint32_t start, uint32_t *out, uint32_t *count);
/* 1 when a path of at least one edge leads from a to b. */
int			mg_reachable(MgGraph *g, uint32_t a, uint32_t b);

/*
 * The nodes without in-edges (leaves of a hierarchy whose edges go from
 * child to parent) that lead to root, sorted; out: room for n (not work1).
 */
uint32_t	mg_hierarchy_leaves(MgGraph *g, uint32_t root, uint32_t *out);

/* mastered: ids (duplicates allowed).  out: room for n.  Sorted results. */
uint32_t	mg_ready(MgGraph *g, const uint32_t *mastered, uint32_t k, uint32_t *out);
uint32_t	mg_gaps(MgGraph *g, const uint32_t *mastered, uint32_t k, uint32_t *out);
int			mg_learning_path(MgGraph *g, const uint32_t *mastered, uint32_t k,
							 uint32_t target, uint32_t *out, uint32_t *nout,
							 MgCycle *cyc);
/* Kahn's algorithm, smallest name first.  out: room for n. */
int			mg_topological(MgGraph *g, uint32_t *out, MgCycle *cyc);
/* Longest chain of prerequisites ending at node (in edges). */
int			mg_depth(MgGraph *g, uint32_t node, uint32_t *depth, MgCycle *cyc);
/* A longest path (ids in order); out: room for n. */
int			mg_longest_path(MgGraph *g, uint32_t *out, uint32_t *nout, MgCycle *cyc);

/*
 * Strongly connected components that contain a cycle (two or more members,
 * or one member with a self-loop).  members: room for n; comp_start: room
 * for n + 1.  Component c has members[comp_start[c] .. comp_start[c+1]),
 * sorted ascending; components are ordered by their smallest member.
 * Returns the number of components or a negative error code.
 */
int64_t		mg_cyclic_components(MgGraph *g, uint32_t *members, uint32_t *comp_start);
/*
 * A shortest cycle through node (which must be on a cycle) staying inside
 * the node set given by members[0..count); written as in MgCycle.
 */
int			mg_cycle_through(MgGraph *g, uint32_t node, const uint32_t *members,
							 uint32_t count, MgCycle *cyc);

/*
 * Graphviz DOT.  Unstyled: every node and edge.  Styled (mastered given):
 * nodes are drawn as mastered, gap (unmastered prerequisite of a mastered
 * node), ready to learn or not yet; with around >= 0 only the nodes within
 * `around` edges (either direction) of a ready or gap node are drawn, with
 * the edges between them.  Returns allocated text or NULL.
 */
char	   *mg_dot(MgGraph *g, const uint32_t *mastered, uint32_t k, int styled,
				   int64_t around, size_t *len);

#endif							/* MG_GRAPH_H */
