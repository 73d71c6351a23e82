/*
 * roc.c: exact ROC AUC (see roc.h).
 */
#include "roc.h"

#include <stdlib.h>

static int
dcmp(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

void
roc_sort(double *a, size_t n)
{
	qsort(a, n, sizeof(double), dcmp);
}

double
roc_auc_sorted(const double *pos, size_t np, const double *neg, size_t nn)
{
	size_t		i = 0,
				below = 0;		/* negatives strictly below pos[i] */
	double		u = 0.0;

	/* walk the positives in ascending order; for each run of equal values,
	 * count the negatives below it and the negatives equal to it */
	while (i < np)
	{
		double		v = pos[i];
		size_t		run = 0,
					equal = 0;

		while (i < np && pos[i] == v)
		{
			run++;
			i++;
		}
		while (below < nn && neg[below] < v)
			below++;
		while (below + equal < nn && neg[below + equal] == v)
			equal++;
		u += (double) run * ((double) below + 0.5 * (double) equal);
	}
	return u / ((double) np * (double) nn);
}
