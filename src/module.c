/*
 * module.c - the one PG_MODULE_MAGIC of mastery.so.
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
