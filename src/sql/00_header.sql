-- mastery extension install script (assembled from src/sql/*.sql at build time)
\echo Use "CREATE EXTENSION mastery" to load this file. \quit
