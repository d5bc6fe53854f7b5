#!/bin/sh
# One-shot (docker-compose.yml, service temporal-schema): creates or updates the Temporal server's two
# databases on PostgreSQL, as Temporal's own role (the databases are made, owned by it, when the
# PostgreSQL cluster is made: scripts/compose/postgres-temporal-role.sh). Safe to run again.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
schema=/etc/temporal/schema/postgresql/v12
for db in temporal temporal_visibility; do
  dir=$([ "$db" = temporal ] && echo temporal || echo visibility)
  tool="temporal-sql-tool --plugin postgres12 --ep $POSTGRES_SEEDS -p 5432 -u $POSTGRES_USER --db $db"
  $tool setup-schema -v 0.0 2>/dev/null || echo "schema of $db exists"
  $tool update-schema -d "$schema/$dir/versioned"
done
echo 'Temporal schema is up to date'
