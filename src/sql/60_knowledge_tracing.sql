-- ===================================================================
-- knowledge tracing: BKT fitted by EM, predictions, evaluation
-- ===================================================================
CREATE FUNCTION bkt_fit_trans(internal, mastery) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bkt_fit_trans(internal, mastery, jsonb) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bkt_fit_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bkt_fit_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION bkt_fit_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION bkt_fit_final(internal) RETURNS mastery_method
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bkt_fit_report_final(internal) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE bkt_fit(m mastery) (
	SFUNC = bkt_fit_trans,
	STYPE = internal,
	SSPACE = 4096,
	FINALFUNC = bkt_fit_final,
	COMBINEFUNC = bkt_fit_combine,
	SERIALFUNC = bkt_fit_serialize,
	DESERIALFUNC = bkt_fit_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE bkt_fit(m mastery, options jsonb) (
	SFUNC = bkt_fit_trans,
	STYPE = internal,
	SSPACE = 4096,
	FINALFUNC = bkt_fit_final,
	COMBINEFUNC = bkt_fit_combine,
	SERIALFUNC = bkt_fit_serialize,
	DESERIALFUNC = bkt_fit_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE bkt_fit(mastery) IS 'fits bkt(prior, learn, slip, guess, forget, cut) by EM to the learners'' answer sequences of one competency (one mastery value per learner)';
COMMENT ON AGGREGATE bkt_fit(mastery, jsonb) IS 'fits bkt by EM with options: cut, restarts, seed, forget, max_iterations, tolerance, max_guess, max_slip';

CREATE AGGREGATE bkt_fit_report(m mastery) (
	SFUNC = bkt_fit_trans,
	STYPE = internal,
	SSPACE = 4096,
	FINALFUNC = bkt_fit_report_final,
	COMBINEFUNC = bkt_fit_combine,
	SERIALFUNC = bkt_fit_serialize,
	DESERIALFUNC = bkt_fit_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE bkt_fit_report(m mastery, options jsonb) (
	SFUNC = bkt_fit_trans,
	STYPE = internal,
	SSPACE = 4096,
	FINALFUNC = bkt_fit_report_final,
	COMBINEFUNC = bkt_fit_combine,
	SERIALFUNC = bkt_fit_serialize,
	DESERIALFUNC = bkt_fit_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE bkt_fit_report(mastery) IS 'the BKT fit as jsonb: parameters, log-likelihood, iterations, convergence, learners, observations and a warning for degenerate or thin fits';
COMMENT ON AGGREGATE bkt_fit_report(mastery, jsonb) IS 'the BKT fit with options as jsonb: parameters, log-likelihood, iterations, convergence, learners, observations, warning';

CREATE FUNCTION mastery_predict(m mastery, method mastery_method,
	OUT step integer, OUT at timestamptz, OUT score float8, OUT correct boolean,
	OUT p_correct float8, OUT p_known float8) RETURNS SETOF record
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
CREATE FUNCTION mastery_predict(m mastery, method mastery_method, as_of timestamptz,
	OUT step integer, OUT at timestamptz, OUT score float8, OUT correct boolean,
	OUT p_correct float8, OUT p_known float8) RETURNS SETOF record
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION mastery_predict(mastery, mastery_method) IS 'for each answer in assessment order: the bkt probability of a correct answer before it (p_correct) and P(known) after it (p_known)';
COMMENT ON FUNCTION mastery_predict(mastery, mastery_method, timestamptz) IS 'mastery_predict over the answers assessed at or before as_of';

CREATE FUNCTION roc_auc_trans(internal, float8, boolean) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION roc_auc_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION roc_auc_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE roc_auc(predicted float8, actual boolean) (
	SFUNC = roc_auc_trans,
	STYPE = internal,
	SSPACE = 1024,
	FINALFUNC = roc_auc_final,
	COMBINEFUNC = roc_auc_combine,
	SERIALFUNC = roc_auc_serialize,
	DESERIALFUNC = roc_auc_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE roc_auc(float8, boolean) IS 'exact area under the ROC curve: the probability that a true row is predicted above a false one, ties counting half (NULLs skipped; NULL when a class is absent)';
