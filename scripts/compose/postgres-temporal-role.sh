#!/bin/sh
# Run once by the postgres image when it makes the cluster (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d): Temporal's own role, `temporal`, and its two databases, which it owns.
# It is no superuser, cannot make roles or databases, and has no right on the cases database; the
# temporal-schema service makes the schema in its databases as this role.
set -e
: "${TEMPORAL_DB_PASSWORD:?set TEMPORAL_DB_PASSWORD, the password of the Temporal server's role temporal}"
psql -v ON_ERROR_STOP=1 -v temporal_password="$TEMPORAL_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'EOSQL'
CREATE ROLE temporal LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
-- Only the cases' own roles reach the cases database (cases_app is made by 10-app-role.sh, before this).
REVOKE CONNECT ON DATABASE cases FROM PUBLIC;
GRANT CONNECT ON DATABASE cases TO cases_app;
EOSQL
