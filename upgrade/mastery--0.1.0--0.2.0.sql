-- mastery upgrade script: 0.1.0 -> 0.2.0
-- Every change of the SQL surface between the two releases is repeated here; the upgrade
-- test (test/upgrade.sh) checks that an upgraded database has exactly the objects of a
-- fresh 0.2.0 install.
\echo Use "ALTER EXTENSION mastery UPDATE TO '0.2.0'" to load this file. \quit
