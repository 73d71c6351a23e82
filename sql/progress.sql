-- progress over time: mastered_at, mastery_lost_at, mastery_steps
SET extra_float_digits = 0;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
-- decaying_average(0.65) over 1, 4, 0, 4, 1 with mastery at 2.5:
--   1 -> 1; 4 -> .35 + 2.6 = 2.95 (mastered); 0 -> 1.0325 (lost); 4 -> 2.961375 (mastered again);
--   1 -> .35 * 2.961375 + .65 = 1.68648125 (lost again)
\set m '''{1@2024-01-01T00:00Z, 4@2024-01-02T00:00Z, 0@2024-01-03T00:00Z, 4@2024-01-04T00:00Z, 1@2024-01-05T00:00Z}'''
\set s '''beginning:0, developing:1.5, *proficient:2.5'''
SELECT mastered_at(:m, 'decaying_average(0.65)', :s) AS first_mastered,
       mastery_lost_at(:m, 'decaying_average(0.65)', :s) AS last_lost;
SELECT * FROM mastery_steps(:m, 'decaying_average(0.65)', :s);
SELECT step, score, value, level, mastered FROM mastery_steps(:m, 'n_mastery(2, 4)');
-- highest never loses mastery; never mastered gives NULL
SELECT mastered_at(:m, 'highest', :s) AS highest_at, mastery_lost_at(:m, 'highest', :s) AS highest_lost,
       mastered_at('{1@2024-01-01T00:00Z}', 'latest', :s) AS never, mastered_at('{}', 'latest', :s) AS empty;
-- growth recipe: the value on two dates from one stored value
SELECT mastery_score(:m, 'decaying_average(0.65)', '2024-01-02') AS on_jan_2,
       mastery_score(:m, 'decaying_average(0.65)', '2024-01-04') AS on_jan_4,
       mastery_score(:m, 'decaying_average(0.65)', '2024-01-04') - mastery_score(:m, 'decaying_average(0.65)', '2024-01-02') AS growth;
