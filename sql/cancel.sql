--
-- Long calls stop soon after a cancel or statement_timeout: the core polls
-- for interrupts inside its loops (without that, a call runs to its end and
-- only then is the statement cancelled).  Each function runs once in full on
-- a chain of 150 000 competencies, then again with statement_timeout at a
-- fifth of that time; the cancelled run must end well before a full run's
-- time (checked as a ratio, so that a slow machine does not matter).
--
SET client_min_messages = warning;
CREATE TABLE cancel_graph AS
  SELECT competency_graph_agg('n' || i, 'n' || (i + 1)) AS g FROM generate_series(1, 150000) i;

-- to_dot: decoding and DOT rendering
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT length(to_dot(g)) FROM cancel_graph;
SELECT round((extract(epoch FROM clock_timestamp()) - :t0) * 1000) AS full_ms,
       greatest(10, round((extract(epoch FROM clock_timestamp()) - :t0) * 200)) AS limit_ms \gset
SET statement_timeout = :limit_ms;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT length(to_dot(g)) FROM cancel_graph;
RESET statement_timeout;
SELECT (extract(epoch FROM clock_timestamp()) - :t0) * 1000 < 0.6 * :full_ms AS to_dot_stopped_early;

-- graph_depth: a traversal over the whole chain
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT graph_depth(g, 'n150001') FROM cancel_graph;
SELECT round((extract(epoch FROM clock_timestamp()) - :t0) * 1000) AS full_ms,
       greatest(10, round((extract(epoch FROM clock_timestamp()) - :t0) * 200)) AS limit_ms \gset
SET statement_timeout = :limit_ms;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT graph_depth(g, 'n150001') FROM cancel_graph;
RESET statement_timeout;
SELECT (extract(epoch FROM clock_timestamp()) - :t0) * 1000 < 0.6 * :full_ms AS graph_depth_stopped_early;

-- text output: the formatter
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT length(g::text) FROM cancel_graph;
SELECT round((extract(epoch FROM clock_timestamp()) - :t0) * 1000) AS full_ms,
       greatest(10, round((extract(epoch FROM clock_timestamp()) - :t0) * 200)) AS limit_ms \gset
SET statement_timeout = :limit_ms;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT length(g::text) FROM cancel_graph;
RESET statement_timeout;
SELECT (extract(epoch FROM clock_timestamp()) - :t0) * 1000 < 0.6 * :full_ms AS output_stopped_early;

DROP TABLE cancel_graph;
