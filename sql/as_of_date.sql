-- A date passed as as_of means the whole day, up to its end in the session
-- time zone; timestamp-without-time-zone and date inputs to mastery_agg and
-- mastery_add are read in the session time zone. Run under two zones.
CREATE TABLE asof_ev (score float8, at timestamptz);
-- around the end of October 1st in UTC (00:00Z) and in New York (04:00Z, EDT = UTC-4)
INSERT INTO asof_ev VALUES
  (1, '2024-10-01 12:00:00+00'),
  (2, '2024-10-01 23:59:59.999999+00'),
  (3, '2024-10-02 00:00:00+00'),
  (4, '2024-10-02 03:59:59.999999+00'),
  (5, '2024-10-02 04:00:00+00');
CREATE TABLE asof_m AS SELECT mastery_agg(score, at) AS m FROM asof_ev;

SET TimeZone = 'UTC';
-- October 1st includes 23:59:59.999999 UTC, not the next midnight
SELECT mastery_score(m, 'latest', '2024-10-01'::date) AS oct1,
       mastery_score(m, 'latest', '2024-09-30'::date) AS sep30,
       mastery_score(m, 'latest', '2024-10-02'::date) AS oct2,
       mastery_score(m, 'latest', '2024-10-01'::timestamptz) AS oct1_midnight,
       mastery_score(m, 'latest', 'infinity'::date) AS inf,
       mastery_score(m, 'latest', '-infinity'::date) AS neg_inf,
       mastery_score(m, 'latest', NULL::date) AS null_date
FROM asof_m;
-- against plain SQL: the latest score before the next day's midnight in this zone
SELECT d, mastery_score(m, 'latest', d) AS score,
       (SELECT score FROM asof_ev WHERE at < (d + 1)::timestamptz ORDER BY at DESC LIMIT 1) AS plain
FROM asof_m, (VALUES ('2024-09-30'::date), ('2024-10-01'), ('2024-10-02')) v(d) ORDER BY d;
-- a timestamp without time zone and a date are read in the session zone
SELECT mastery_agg(1, '2024-10-01 23:30:00'::timestamp) AS from_timestamp,
       mastery_agg(1, '2024-10-01'::date) AS from_date,
       mastery_add(NULL, 1, '2024-10-01 23:30:00'::timestamp) AS add_timestamp,
       mastery_add(NULL, 1, '2024-10-01'::date) AS add_date;

SET TimeZone = 'America/New_York';
-- October 1st now ends at 2024-10-02 04:00 UTC: scores 3 and 4 are part of it
SELECT mastery_score(m, 'latest', '2024-10-01'::date) AS oct1,
       mastery_score(m, 'latest', '2024-09-30'::date) AS sep30,
       mastery_score(m, 'latest', '2024-10-02'::date) AS oct2,
       mastery_score(m, 'latest', '2024-10-01'::timestamptz) AS oct1_midnight
FROM asof_m;
SELECT d, mastery_score(m, 'latest', d) AS score,
       (SELECT score FROM asof_ev WHERE at < (d + 1)::timestamptz ORDER BY at DESC LIMIT 1) AS plain
FROM asof_m, (VALUES ('2024-09-30'::date), ('2024-10-01'), ('2024-10-02')) v(d) ORDER BY d;
SELECT mastery_agg(1, '2024-10-01 23:30:00'::timestamp) AS from_timestamp,
       mastery_agg(1, '2024-10-01'::date) AS from_date,
       mastery_add(NULL, 1, '2024-10-01 23:30:00'::timestamp) AS add_timestamp,
       mastery_add(NULL, 1, '2024-10-01'::date) AS add_date;
-- a day across the end of daylight saving time (November 3rd has 25 hours)
SELECT mastery_score('{1@2024-11-04T04:30:00Z, 2@2024-11-04T05:00:00Z}', 'latest', '2024-11-03'::date) AS nov3;

-- learning_pace with a date as_of: the same as the last microsecond of that day
SELECT (SELECT row(p.*) FROM learning_pace(4, ARRAY['2024-09-10 12:00+00', '2024-10-01 23:00-04']::timestamptz[],
          '2024-09-01', '2025-06-01', '2024-10-01'::date) p)
     = (SELECT row(p.*) FROM learning_pace(4, ARRAY['2024-09-10 12:00+00', '2024-10-01 23:00-04']::timestamptz[],
          '2024-09-01', '2025-06-01', '2024-10-01 23:59:59.999999'::timestamptz) p) AS same_as_end_of_day;
SELECT done FROM learning_pace(4, ARRAY['2024-09-10 12:00+00', '2024-10-01 23:00-04']::timestamptz[],
          '2024-09-01', '2025-06-01', '2024-10-01'::date);
-- a quoted literal still means the timestamptz (midnight), as before: nothing yet
SELECT mastery_score(m, 'latest', '2024-10-01') AS literal FROM asof_m;
RESET TimeZone;
