-- Run under the NEW version after ALTER EXTENSION mastery UPDATE: the stored values read
-- back and score exactly as they did; prints the number of differing rows (0 expected).
SET TimeZone = 'UTC';
CREATE TEMP TABLE upgrade_after AS
SELECT 'mastery ' || id AS what, m::text AS text_form, meth::text || ' | ' || scale::text AS setting,
       mastery_score(m, meth)::text || ' | ' || coalesce(mastery_level(m, meth, scale), '-') || ' | '
       || mastery_score(m, 'latest')::text || ' | ' || mastery_score(m, 'mean')::text || ' | '
       || evidence_count(m) AS scored,
       encode(mastery_send(m), 'hex') AS binary_form
FROM up_mastery
UNION ALL
SELECT 'graph ' || id, g::text, '', graph_node_count(g) || ' | ' || graph_edge_count(g) || ' | '
       || array_to_string(topological_order(g), ','), encode(competency_graph_send(g), 'hex')
FROM up_graph;
\pset format unaligned
\pset tuples_only on
SELECT 'values=' || (SELECT count(*) FROM upgrade_before)
       || ' differing=' || (SELECT count(*) FROM ((TABLE upgrade_before EXCEPT TABLE upgrade_after)
                                                  UNION ALL (TABLE upgrade_after EXCEPT TABLE upgrade_before)) d);
