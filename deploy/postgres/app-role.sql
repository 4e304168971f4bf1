-- Database roles for Gezinsdossier on PostgreSQL (R12). docker compose runs this once, when the
-- database is created (docker-entrypoint-initdb.d), as the owner `gezinsdossier`.
--
-- `gezinsdossier` owns the tables: migrations run as this role (MIGRATE_DATABASE_URL).
-- `gezinsdossier_app` is the role the application runs as (DATABASE_URL). It owns nothing, so
-- it cannot drop or disable the triggers that keep audit rows, access events, entries, views and
-- decided decisions unchanged, nor ALTER or DROP a table; it is granted no TRUNCATE (which fires
-- no row triggers). tests/test_database_roles.py runs the GRANT lines below and checks all this.

CREATE ROLE gezinsdossier_app LOGIN PASSWORD 'gezinsdossier_app'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;

GRANT CONNECT ON DATABASE gezinsdossier TO gezinsdossier_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO gezinsdossier_app;

-- Tables and sequences the owner creates from now on (every migration):
ALTER DEFAULT PRIVILEGES FOR ROLE gezinsdossier IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gezinsdossier_app;
ALTER DEFAULT PRIVILEGES FOR ROLE gezinsdossier IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO gezinsdossier_app;

-- Tables that exist already (a database migrated before the roles were split):
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gezinsdossier_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gezinsdossier_app;
