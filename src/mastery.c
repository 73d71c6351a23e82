/*
 * mastery.c - module magic block (exactly one per shared library)
 */
#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;
