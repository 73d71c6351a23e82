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

#endif
