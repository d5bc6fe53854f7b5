#!/bin/sh
# One-shot (docker-compose.yml, service temporal-schema): creates or updates the Temporal server's two
# databases on PostgreSQL. Safe to run again: `create` of an existing database fails and is skipped.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
schema=/etc/temporal/schema/postgresql/v12
for db in temporal temporal_visibility; do
  dir=$([ "$db" = temporal ] && echo temporal || echo visibility)
  tool="temporal-sql-tool --plugin postgres12 --ep $POSTGRES_SEEDS -p 5432 -u $POSTGRES_USER --db $db"
  $tool create 2>/dev/null || echo "database $db exists"
  $tool setup-schema -v 0.0 2>/dev/null || echo "schema of $db exists"
  $tool update-schema -d "$schema/$dir/versioned"
done
echo 'Temporal schema is up to date'
