/*
 * init.c - loading the module: the hooks installed once per backend
 *
 * The graph core allocates through palloc (in the current memory context,
 * huge allocations allowed); every long loop of the core polls the
 * interrupt hook, which raises a pending cancel or statement_timeout; and
 * aborts are counted so that caches kept across statements (a PL/pgSQL call
 * site that caught an error, say) know that a call was cut short.
 */
#include "postgres.h"

#include "access/xact.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "graph.h"
#include "mastery_glue.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

uint64		mas_abort_count = 0;

static void *
pg_mg_alloc(size_t size)
{
	return MemoryContextAllocHuge(CurrentMemoryContext, size);
}

static void *
pg_mg_realloc(void *p, size_t size)
{
	return repalloc_huge(p, size);
}

static void
pg_mg_free(void *p)
{
	pfree(p);
}

static void
core_interrupt(void)
{
	CHECK_FOR_INTERRUPTS();
}

static void
count_xact_abort(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		mas_abort_count++;
}

static void
count_subxact_abort(SubXactEvent event, SubTransactionId mySubid,
					SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		mas_abort_count++;
}

void
_PG_init(void)
{
	mg_set_allocator(pg_mg_alloc, pg_mg_realloc, pg_mg_free);
	mc_set_interrupt_hook(core_interrupt);
	RegisterXactCallback(count_xact_abort, NULL);
	RegisterSubXactCallback(count_subxact_abort, NULL);
}
