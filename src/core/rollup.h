/*
 * rollup.h: which parents of a hierarchy count as mastered, from the
 * mastered set of their children (course credit, graduation rules).
 *
 * The hierarchy is given as CSR child lists: the children of node p are
 * children[child_start[p] .. child_start[p + 1]). Each parent has a rule:
 *   all          every child mastered (Moodle "all children proficient")
 *   any          at least one child mastered
 *   at_least(k)  at least k children mastered (North Queens: 7 of 10)
 *   points       sum of the points of mastered children >= threshold, and
 *                every required child mastered (Moodle "points")
 * Rules cascade: a parent is decided after all of its children, so a course
 * can count a domain that counts because of its clusters.
 */
#ifndef MASTERY_ROLLUP_H
#define MASTERY_ROLLUP_H

#include "mcommon.h"

typedef enum MrRuleKind
{
	MR_ALL = 0,
	MR_ANY,
	MR_AT_LEAST,
	MR_POINTS
} MrRuleKind;

typedef struct MrRule
{
	MrRuleKind	kind;
	double		threshold;		/* k for at_least, points needed for points */
} MrRule;

typedef struct MrHierarchy
{
	uint32_t	n;				/* nodes 0..n-1 */
	const uint32_t *child_start;	/* n + 1 offsets */
	const uint32_t *children;
	const uint32_t *parent_start;	/* the same edges seen from the child: n + 1 offsets */
	const uint32_t *parents;
	const double *points;		/* per child edge, or NULL (1 point each) */
	const uint8_t *required;	/* per child edge, or NULL (none required) */
	const MrRule *rules;		/* per node (leaves ignore theirs) */
} MrHierarchy;

/*
 * Check that every parent's rule can be met at all: k at most the number of
 * children, the threshold reachable with all children's points. On error,
 * *bad_node names the parent.
 */
int			mr_check(const MrHierarchy *h, uint32_t *bad_node, MasErr *err);

/*
 * mastered[n]: on input 1 for nodes mastered directly; on output also 1 for
 * every parent that counts as mastered. order[n] receives the evaluation order
 * (children before parents, deterministic for a given graph), and
 * pending[n] is scratch space. Returns MAS_OK, or an error if the hierarchy
 * has a cycle (*bad_node is then a node on a cycle).
 */
int			mr_rollup(const MrHierarchy *h, uint8_t *mastered, uint32_t *order, uint32_t *pending,
					  uint32_t *bad_node, MasErr *err);

/*
 * The same in two steps, for many mastered sets over one hierarchy: the
 * evaluation order once (mr_order: children before parents, errors as
 * mr_rollup), then mr_apply for each mastered set.
 */
int			mr_order(const MrHierarchy *h, uint32_t *order, uint32_t *pending, uint32_t *bad_node, MasErr *err);
void		mr_apply(const MrHierarchy *h, const uint32_t *order, uint8_t *mastered);

/*
 * For many small mastered sets (one per learner), a plan made once from the
 * evaluation order: the parents in that order, for each child-to-parent edge
 * its slot among the parent's children, and each parent's number of required
 * children. mr_apply_seeds() then costs O(seeds + parents reached), not
 * O(nodes + edges): it counts mastered children upward from the seeds and
 * decides only the parents it reached (and those whose rule holds with no
 * child mastered), in evaluation order. A points rule still sums its
 * children's points in child order, so results equal mr_apply() exactly.
 *
 * words: a caller buffer of mr_plan_words(h) uint32 values, 8-byte aligned,
 * kept as long as the plan is used; order: as computed by mr_order().
 */
typedef struct MrPlan
{
	const MrHierarchy *h;
	uint32_t	np;				/* parents (nodes with children) */
	uint32_t	nwords;			/* 64-bit words of a bitmap of np bits */
	uint32_t   *porder;			/* the parents in evaluation order */
	uint32_t   *pos;			/* per node: its place in porder */
	uint32_t   *up_slot;		/* per parents[] edge: its index in children[] */
	uint32_t   *nrequired;		/* per node: required children */
	uint64_t   *zero_ok;		/* by place: the rule holds with no child mastered */
	/* scratch, left clean after each call */
	uint64_t   *reached;		/* by place: to decide */
	uint32_t   *count;			/* per node: mastered children */
	uint32_t   *reqcount;		/* per node: mastered required children */
} MrPlan;

size_t		mr_plan_words(const MrHierarchy *h);
void		mr_plan_init(MrPlan *pl, const MrHierarchy *h, const uint32_t *order, uint32_t *words);

/*
 * mastered[n] as for mr_apply, and seeds: the nodes set to 1 in mastered,
 * each once. On output mastered also holds every credited parent, and
 * parents_out (np entries) every mastered parent, seeds included, in
 * evaluation order; returns their number.
 */
uint32_t	mr_apply_seeds(const MrPlan *pl, uint8_t *mastered, const uint32_t *seeds, uint32_t nseeds,
						   uint32_t *parents_out);

#endif
