-- bad input: every error names the type and the offending text, with a detail
\set VERBOSITY default
-- mastery literals
SELECT '3@2024-01-01T00:00Z'::mastery;
SELECT '{3@2024-01-01T00:00Z'::mastery;
SELECT '{3@2024-01-01T00:00Z} x'::mastery;
SELECT '{, 1}'::mastery;
SELECT '{abc}'::mastery;
SELECT '{NaN}'::mastery;
SELECT '{Infinity@2024-01-01T00:00Z}'::mastery;
SELECT '{1e999}'::mastery;
SELECT '{1@2024-01-01}'::mastery;
SELECT '{1@2024-01-01T10:00}'::mastery;
SELECT '{1@2023-02-29T10:00Z}'::mastery;
SELECT '{1@2024-01-01T25:00Z}'::mastery;
SELECT '{1@2024-01-01T10:00Z+junk}'::mastery;
SELECT '{1@300000-01-01T00:00Z}'::mastery;
SELECT '{1@+300000-01-01T00:00Z}'::mastery;
SELECT '{1#x}'::mastery;
SELECT '{1#99999999999999999999}'::mastery;
SELECT '{1 2}'::mastery;
-- oversized: more items than a value may hold
SELECT ('{' || repeat('1,', 1000000) || '1}')::mastery;
-- long literals are shortened in the message
SELECT ('{' || repeat('1, ', 40) || 'oops}')::mastery;

-- mastery_method literals
SELECT 'median'::mastery_method;
SELECT ''::mastery_method;
SELECT 'decaying_average(1.5)'::mastery_method;
SELECT 'decaying_average(0)'::mastery_method;
SELECT 'decaying_average(0.5, 1)'::mastery_method;
SELECT 'decaying_average(abc)'::mastery_method;
SELECT 'decaying_average(0.5'::mastery_method;
SELECT 'decaying_average(NaN)'::mastery_method;
SELECT 'weighted_average(1)'::mastery_method;
SELECT 'n_mastery(3)'::mastery_method;
SELECT 'n_mastery(0, 3)'::mastery_method;
SELECT 'n_mastery(2.5, 3)'::mastery_method;
SELECT 'n_mastery(101, 3)'::mastery_method;
SELECT 'bkt(0.4, 0.1, 0.1)'::mastery_method;
SELECT 'bkt(1.4, 0.1, 0.1, 0.2)'::mastery_method;
SELECT 'bkt(0.4, 0.1, 0.6, 0.5)'::mastery_method;
SELECT 'bkt(0.4, 0.1, 0.1, 0.2, 0, 0.5, 9)'::mastery_method;
SELECT 'latest(1)'::mastery_method;
SELECT 'latest latest'::mastery_method;

-- mastery_scale literals
SELECT ''::mastery_scale;
SELECT 'emerging:0, capable:3'::mastery_scale;
SELECT '*emerging:0, *capable:3'::mastery_scale;
SELECT 'emerging:0, *capable'::mastery_scale;
SELECT 'emerging:0, *capable:x'::mastery_scale;
SELECT 'emerging:0, developing:0, *capable:3'::mastery_scale;
SELECT 'a:0, *a:1'::mastery_scale;
SELECT ':0, *a:1'::mastery_scale;
SELECT '"a:0, *b:1'::mastery_scale;
SELECT 'a:0, *b:inf'::mastery_scale;
SELECT mastery_scale(ARRAY['a', 'b'], ARRAY[0], 'b');
SELECT mastery_scale(ARRAY['a', 'b'], ARRAY[0, 1], 'c');
SELECT mastery_scale(ARRAY['a', NULL], ARRAY[0, 1], 'a');

-- corrupted binary input is rejected (a crafted COPY BINARY file)
CREATE TABLE bin_m (m mastery);
CREATE TABLE bin_meth (m mastery_method);
CREATE TABLE bin_s (s mastery_scale);
-- a file: signature, flags, extension area; one tuple of one field; the trailer
CREATE FUNCTION pg_temp.bin_file(field text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE lo oid;
BEGIN
  lo := lo_from_bytea(0, decode('5047434f50590aff0d0a00' || '00000000' || '00000000' || '0001'
                                || lpad(to_hex(length(field) / 2), 8, '0') || field || 'ffff', 'hex'));
  PERFORM lo_export(lo, 'mastery_regress_corrupt.bin');
  PERFORM lo_unlink(lo);
END $$;
-- negative item count
SELECT pg_temp.bin_file('ffffffff');
COPY bin_m FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
-- count larger than the message
SELECT pg_temp.bin_file('00000005' || '01');
COPY bin_m FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
-- unknown flag bits
SELECT pg_temp.bin_file('00000001' || '08' || '3ff0000000000000');
COPY bin_m FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
-- NaN score
SELECT pg_temp.bin_file('00000001' || '00' || '7ff8000000000000');
COPY bin_m FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
-- time outside the timestamptz range
SELECT pg_temp.bin_file('00000001' || '01' || '7ffffffffffffff0' || '3ff0000000000000');
COPY bin_m FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
-- truncated item
SELECT pg_temp.bin_file('00000001' || '01' || '00000000');
COPY bin_m FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
-- a valid file loads: two items, unsorted on the wire, sorted on arrival
SELECT pg_temp.bin_file('00000002' || '00' || '4000000000000000' || '02' || '3ff0000000000000' || '0000000000000007');
COPY bin_m FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
SELECT m FROM bin_m;
-- method: unknown version, unknown kind, out-of-range parameter
SELECT pg_temp.bin_file('02' || '01' || '00');
COPY bin_meth FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
SELECT pg_temp.bin_file('01' || '2a' || '00');
COPY bin_meth FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
SELECT pg_temp.bin_file('01' || '04' || '01' || '3ff8000000000000');
COPY bin_meth FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
SELECT pg_temp.bin_file('01' || '04' || '01' || '3fe0000000000000');
COPY bin_meth FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
SELECT m FROM bin_meth;
-- scale: zero levels, mastery index out of range, huge label length
SELECT pg_temp.bin_file('0000' || '0000');
COPY bin_s FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
SELECT pg_temp.bin_file('0001' || '0005' || '0000000000000000' || '00000001' || '61');
COPY bin_s FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
SELECT pg_temp.bin_file('0001' || '0000' || '0000000000000000' || '7fffffff' || '61');
COPY bin_s FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
SELECT pg_temp.bin_file('0001' || '0000' || '0000000000000000' || '00000001' || '61');
COPY bin_s FROM 'mastery_regress_corrupt.bin' (FORMAT binary);
SELECT s FROM bin_s;
