/*
 * pace.c: pace and projected completion.
 */
#include "pace.h"

#include <math.h>

#define USECS_PER_DAY 86400000000.0

const char *
mp_status_name(MpStatus s)
{
	switch (s)
	{
		case MP_DONE:
			return "done";
		case MP_AHEAD:
			return "ahead";
		case MP_ON_TRACK:
			return "on track";
		case MP_BEHIND:
			return "behind";
	}
	return "?";
}

int
mp_pace(uint32_t total, const int64_t *times, uint32_t done,
		bool has_start, int64_t start, int64_t due, int64_t as_of,
		MpPace *out, MasErr *err)
{
	uint32_t	i;
	double		days,
				per_day,
				remaining_days;

	out->done = done;
	out->fraction = total > 0 ? (double) done / total : 1.0;
	out->per_week = 0;
	out->has_projection = false;
	out->projected = 0;
	if (done > total)
		return mas_err(err, MAS_ERR_RANGE, "%u competencies are mastered but the target has only %u.", done, total);
	if (has_start && due < start)
		return mas_err(err, MAS_ERR_RANGE, "The due date is before the start date.");
	if (!has_start)
	{
		/* from the first mastery */
		for (i = 0; i < done; i++, mc_poll(i))
			if (i == 0 || times[i] < start)
				start = times[i];
		if (done == 0)
			start = as_of;
	}
	days = (double) (as_of - start) / USECS_PER_DAY;
	if (done > 0 && days > 0)
		out->per_week = done / days * 7.0;
	if (done >= total)
	{
		/* finished: the projection is the time of the last mastery */
		out->status = MP_DONE;
		out->has_projection = true;
		out->projected = as_of;
		for (i = 0; i < done; i++, mc_poll(i))
			if (i == 0 || times[i] > out->projected)
				out->projected = times[i];
		return MAS_OK;
	}
	if (done > 0 && days > 0)
	{
		per_day = done / days;
		remaining_days = (total - done) / per_day;
		if (remaining_days * USECS_PER_DAY < 9.0e18 - (double) (as_of > 0 ? as_of : 0))
		{
			out->has_projection = true;
			out->projected = as_of + (int64_t) llround(remaining_days * USECS_PER_DAY);
		}
	}
	if (!out->has_projection || as_of > due || out->projected > due)
		out->status = MP_BEHIND;
	else if (due > start && out->projected <= due - (due - start) / 10)
		out->status = MP_AHEAD;
	else
		out->status = MP_ON_TRACK;
	return MAS_OK;
}

int64_t
mp_first_mastered(const MasStep *steps, uint32_t n, double threshold)
{
	uint32_t	i;

	for (i = 0; i < n; i++, mc_poll(i))
		if (steps[i].has_value && steps[i].value >= threshold)
			return i;
	return -1;
}

int64_t
mp_last_lost(const MasStep *steps, uint32_t n, double threshold)
{
	int64_t		lost = -1;
	bool		was = false;
	uint32_t	i;

	for (i = 0; i < n; i++, mc_poll(i))
	{
		bool		now = steps[i].has_value && steps[i].value >= threshold;

		if (was && !now)
			lost = i;
		was = now;
	}
	return lost;
}
