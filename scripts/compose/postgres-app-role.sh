#!/bin/sh
# Run once by the postgres image when it makes the cluster (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d): the application's role, cases_app, as whom the API and the worker
# connect (DATABASE_URL). It may log in, and nothing more: it is no superuser and owns nothing. Its
# rights on the tables are granted by the migrate service after each migration, as the owner
# (DATABASE_MIGRATION_URL; db/applicationRole.ts, docs/security-database.md).
set -e
: "${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD, the password of the application role cases_app}"
# psql puts the password in as a quoted literal (:'app_password'): no shell quoting to get wrong.
psql -v ON_ERROR_STOP=1 -v app_password="$POSTGRES_APP_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'EOSQL'
CREATE ROLE cases_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
EOSQL
