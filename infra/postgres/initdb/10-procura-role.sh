#!/usr/bin/env bash
# Run once by the official postgres image, when it initialises an empty data directory
# (mounted at /docker-entrypoint-initdb.d by infra/compose.yaml). Creates the role the services
# connect as, and the database it owns:
#   - `procura` is not a superuser: it owns the `procura` database, so it may create the services'
#     schemas (catalog, purchasing, invoicing, identity) and pg-boss's (pgboss), and nothing else;
#   - the image's superuser (POSTGRES_USER) stays for administration and backups.
# On a managed PostgreSQL, run the same SQL yourself (infra/RUNBOOK.md, Kubernetes).
set -euo pipefail

: "${PROCURA_DB_PASSWORD:?PROCURA_DB_PASSWORD must be set (infra/.env)}"
app_user=${PROCURA_DB_USER:-procura}
app_db=${PROCURA_DB_NAME:-procura}

psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_user="$app_user" -v app_db="$app_db" -v app_password="$PROCURA_DB_PASSWORD" <<'SQL'
-- Query statistics (the library is preloaded by infra/postgres/postgresql.conf), for the
-- administrators, in the maintenance database: kept out of the application's dumps.
create extension if not exists pg_stat_statements;
create role :"app_user" login password :'app_password';
create database :"app_db" owner :"app_user" encoding 'UTF8' template template0;
revoke all on database :"app_db" from public;
grant connect, temporary on database :"app_db" to :"app_user";
\connect :"app_db"
-- PostgreSQL 15+ already keeps public's schema closed to non-owners; say it for older habits.
revoke create on schema public from public;
SQL
echo "procura: role \"$app_user\" and database \"$app_db\" created"
