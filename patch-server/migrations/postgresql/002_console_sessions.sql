-- PostgreSQL 002: console sessions, as SQLite migration 005
-- (../005_console_sessions.sql): the same table, columns and meaning.
CREATE TABLE console_sessions (
  id_hash     TEXT PRIMARY KEY,
  csrf        TEXT NOT NULL,
  token_id    BIGINT NOT NULL,
  role        TEXT NOT NULL,
  app_id      TEXT NOT NULL DEFAULT '',
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL
);
CREATE INDEX console_sessions_by_expiry ON console_sessions(expires_at);
