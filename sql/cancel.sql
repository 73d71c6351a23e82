--
-- Long calls stop soon after a cancel or statement_timeout: the core polls
-- for interrupts inside its loops (without that, a call runs to its end and
-- only then is the statement cancelled).  to_dot runs twice in full on a
-- chain of 150 000 competencies, then three times with statement_timeout at
-- a fifth of the faster full run; the fastest cancelled run must end well
-- before the faster full run (ratios and best-of runs, so that a slow or busy
-- machine does not matter).  Every other long loop of the core is checked to
-- poll by the cmocka tests (test_interrupt_polling).
--
SET client_min_messages = warning;
CREATE TABLE cancel_graph AS
  SELECT competency_graph_agg('n' || i, 'n' || (i + 1)) AS g FROM generate_series(1, 150000) i;

-- to_dot: decoding and DOT rendering
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT length(to_dot(g)) FROM cancel_graph;
SELECT (extract(epoch FROM clock_timestamp()) - :t0) * 1000 AS full1 \gset
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT length(to_dot(g)) FROM cancel_graph;
SELECT (extract(epoch FROM clock_timestamp()) - :t0) * 1000 AS full2 \gset
SELECT least(:full1, :full2) AS full_ms, greatest(20, round(least(:full1, :full2) / 5)) AS limit_ms \gset
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SET statement_timeout = :limit_ms;
SELECT length(to_dot(g)) FROM cancel_graph;
RESET statement_timeout;
SELECT (extract(epoch FROM clock_timestamp()) - :t0) * 1000 AS cancelled1 \gset
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SET statement_timeout = :limit_ms;
SELECT length(to_dot(g)) FROM cancel_graph;
RESET statement_timeout;
SELECT (extract(epoch FROM clock_timestamp()) - :t0) * 1000 AS cancelled2 \gset
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SET statement_timeout = :limit_ms;
SELECT length(to_dot(g)) FROM cancel_graph;
RESET statement_timeout;
SELECT (extract(epoch FROM clock_timestamp()) - :t0) * 1000 AS cancelled3 \gset
SELECT least(:cancelled1, :cancelled2, :cancelled3) < 0.6 * :full_ms AS to_dot_stopped_early;

DROP TABLE cancel_graph;
