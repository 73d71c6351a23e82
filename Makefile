# mastery: PGXS build
EXTENSION = mastery
EXTVERSION = 0.2.0

MODULE_big = mastery
# Pure C cores (no PostgreSQL headers) live in src/core; fmgr glue in src/.
CORE_SRCS = $(sort $(wildcard src/core/*.c))
GLUE_SRCS = $(sort $(wildcard src/*.c))
OBJS = $(GLUE_SRCS:.c=.o) $(CORE_SRCS:.c=.o)

# The install script is assembled from the pieces in src/sql (in name order).
SQL_PIECES = $(sort $(wildcard src/sql/*.sql))
DATA_built = mastery--$(EXTVERSION).sql
# Released versions: the frozen full script of each earlier release and the upgrade
# script of each step (upgrade/mastery--OLD--NEW.sql), so ALTER EXTENSION mastery UPDATE
# works from any release and the upgrade test can install the old one.
DATA = $(sort $(wildcard upgrade/mastery--*.sql))

# Regression tests: sql/*.sql except those that need ../shared/data (sql/shared_*.sql).
ALL_TESTS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
SHARED_TESTS = $(filter shared_%,$(ALL_TESTS))
REGRESS = $(filter-out shared_%,$(ALL_TESTS))
REGRESS_OPTS = --load-extension=$(EXTENSION)

PG_CPPFLAGS = -I$(srcdir)/src -I$(srcdir)/src/core
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers $(EXTRA_CFLAGS)

EXTRA_CLEAN = test/run_* test/asan_* test/*.o results regression.diffs regression.out tmp_install

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# every object depends on the headers (small project: rebuild all on a header change)
$(OBJS): $(wildcard src/*.h src/core/*.h)

mastery--$(EXTVERSION).sql: $(SQL_PIECES)
	cat $^ > $@

# ---- cmocka unit tests of the pure C cores -------------------------------
TEST_SRCS = $(sort $(wildcard test/test_*.c))
TEST_BINS = $(patsubst test/test_%.c,test/run_%,$(TEST_SRCS))
TEST_CFLAGS = -std=c99 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -Isrc/core $(EXTRA_TEST_CFLAGS)

test/run_%: test/test_%.c $(CORE_SRCS) $(wildcard src/core/*.h)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_SRCS) -lcmocka -lm

.PHONY: unittest unittest-asan installcheck-shared
unittest: $(TEST_BINS)
	@set -e; for t in $(TEST_BINS); do echo "== $$t"; ./$$t; done

# The same unit tests built with AddressSanitizer and UndefinedBehaviorSanitizer:
# any out-of-bounds access, leak, overflow or misaligned read stops the run.
ASAN_CFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_BINS = $(patsubst test/test_%.c,test/asan_%,$(TEST_SRCS))

test/asan_%: test/test_%.c $(CORE_SRCS) $(wildcard src/core/*.h)
	$(CC) $(TEST_CFLAGS) $(ASAN_CFLAGS) -o $@ $< $(CORE_SRCS) -lcmocka -lm

unittest-asan: $(ASAN_BINS)
	@set -e; for t in $(ASAN_BINS); do echo "== $$t"; ./$$t; done

# Regression tests that read ../shared/data (run only when it is present).
installcheck-shared:
	$(pg_regress_installcheck) $(REGRESS_OPTS) $(SHARED_TESTS)
