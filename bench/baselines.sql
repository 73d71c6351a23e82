-- Baselines for bench/mastery.sh: the same calculations as mastery_score's
-- decaying_average(0.65) and bkt(0.4, 0.1, 0.1, 0.2, 0, 3) methods, written
-- as ordered aggregates with PL/pgSQL state transition functions over a
-- float8 state. Call them with the evidence order, e.g.
--   decay_agg(score ORDER BY at, score)
-- (mastery orders evidence by time, then sequence number, then score).

-- decaying average: d1 = s1; dk = (1 - w) d(k-1) + w sk, with w = 0.65
CREATE FUNCTION bench_decay_step(state float8, score float8) RETURNS float8
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	IF score IS NULL THEN
		RETURN state;
	END IF;
	IF state IS NULL THEN
		RETURN score;
	END IF;
	RETURN (1.0 - 0.65) * state + 0.65 * score;
END;
$$;

CREATE AGGREGATE decay_agg(float8) (
	SFUNC = bench_decay_step,
	STYPE = float8
);

-- Bayesian knowledge tracing: the state is P(L), starting at the prior 0.4;
-- learn 0.1, slip 0.1, guess 0.2, forget 0; an observation is correct when
-- score >= 3. Per observation: the posterior of P(L) given the answer, then
-- the learning/forgetting transition (an impossible observation leaves P(L)).
CREATE FUNCTION bench_bkt_step(pl float8, score float8) RETURNS float8
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	-- float8 literals: a plain 0.1 is numeric, and converting it on every
	-- call would slow the baseline down for no reason
	slip   CONSTANT float8 := float8 '0.1';
	guess  CONSTANT float8 := float8 '0.2';
	learn  CONSTANT float8 := float8 '0.1';
	forget CONSTANT float8 := float8 '0.0';
	num float8;
	den float8;
	post float8;
BEGIN
	IF score IS NULL THEN
		RETURN pl;
	END IF;
	IF score >= 3 THEN
		num := pl * (1.0 - slip);
		den := num + (1.0 - pl) * guess;
	ELSE
		num := pl * slip;
		den := num + (1.0 - pl) * (1.0 - guess);
	END IF;
	IF den > 0.0 THEN
		post := num / den;
	ELSE
		post := pl;
	END IF;
	RETURN post * (1.0 - forget) + (1.0 - post) * learn;
END;
$$;

CREATE AGGREGATE bkt_agg(float8) (
	SFUNC = bench_bkt_step,
	STYPE = float8,
	INITCOND = '0.4'
);
