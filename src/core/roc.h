/*
 * roc.h: exact area under the ROC curve of scored predictions.
 *
 * AUC = P(a random positive scores above a random negative), ties counted
 * half: the Mann-Whitney U statistic over (positives x negatives).
 */
#ifndef MASTERY_ROC_H
#define MASTERY_ROC_H

#include "mcommon.h"

/* Sorts a[0..n) ascending (no NaN); the server uses its interruptible sort. */
void		roc_sort(double *a, size_t n);

/*
 * AUC from the predictions of the positives and of the negatives, both
 * sorted ascending; np and nn must be > 0. Linear in np + nn.
 */
double		roc_auc_sorted(const double *pos, size_t np, const double *neg, size_t nn);

#endif
