-- 005: console sessions (service/sessions.h), in the database so that they
-- survive a restart and are shared by every server instance on it. Plain
-- portable SQL: integer unix times, no engine-specific functions.
CREATE TABLE console_sessions (
  id_hash     TEXT PRIMARY KEY,               -- hex SHA-256 of the cookie value
  csrf        TEXT NOT NULL,                  -- the CSRF token (the page asks for it again)
  token_id    INTEGER NOT NULL,               -- the API token signed in with
  role        TEXT NOT NULL,                  -- admin | publisher | readonly, as at sign-in
  app_id      TEXT NOT NULL DEFAULT '',       -- a publisher's app
  created_at  INTEGER NOT NULL,               -- unix seconds
  expires_at  INTEGER NOT NULL                -- unix seconds; refused and pruned from then
);
CREATE INDEX console_sessions_by_expiry ON console_sessions(expires_at);
