/*
 * pace.h: progress against a target and a due date, and progress over the
 * steps of one value's evidence.
 *
 * A learner has mastered `done` of `total` target competencies, at the given
 * times. Their pace is the competencies mastered per day since `start` (or,
 * without a start, since their first mastery). The projected completion is
 * as_of + remaining / pace. Status:
 *   done       every target mastered
 *   ahead      projected to finish at least 10% of the start..due period early
 *   on track   projected to finish by the due date
 *   behind     projected to finish after the due date, no pace yet, or past due
 */
#ifndef MASTERY_PACE_H
#define MASTERY_PACE_H

#include "mcommon.h"
#include "evidence.h"

typedef enum MpStatus
{
	MP_DONE = 0,
	MP_AHEAD,
	MP_ON_TRACK,
	MP_BEHIND
} MpStatus;

typedef struct MpPace
{
	uint32_t	done;
	double		fraction;
	double		per_week;		/* competencies per week; 0 without progress */
	bool		has_projection;
	int64_t		projected;		/* microseconds, as timestamptz */
	MpStatus	status;
} MpPace;

const char *mp_status_name(MpStatus s);

/*
 * times: the mastery times of the done competencies (entries may be any order);
 * has_start false means: from the first mastery. Times are microseconds.
 * Errors: due before start, total of 0 with done > 0, done > total.
 */
int			mp_pace(uint32_t total, const int64_t *times, uint32_t done,
					bool has_start, int64_t start, int64_t due, int64_t as_of,
					MpPace *out, MasErr *err);

/* One step of a method run over a value's evidence, in assessment order. */
typedef struct MasStep
{
	MasItem		item;
	uint32_t	step;			/* 1-based */
	bool		has_value;		/* the method has a value after this step */
	double		value;
	bool		correct;		/* bkt: the observation was correct */
} MasStep;

/* Index of the first step whose value reaches threshold, or -1. */
int64_t		mp_first_mastered(const MasStep *steps, uint32_t n, double threshold);

/*
 * Index of the last step at which a value that had reached threshold on the
 * step before fell below it (or lost its value), or -1.
 */
int64_t		mp_last_lost(const MasStep *steps, uint32_t n, double threshold);

#endif
