-- 003: the audit log: who did what to an app or a release, when, and the
-- state before and after (docs/api.md, "Audit log"). Rows are never updated
-- or deleted by the server.
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,               -- unix seconds
  token_id    INTEGER NOT NULL,               -- who: tokens.id of the caller
  via         TEXT NOT NULL DEFAULT 'api',    -- api (bearer token) | console (session)
  app_id      TEXT NOT NULL,
  release_id  INTEGER NOT NULL DEFAULT 0,     -- 0 when the action is on the app
  action      TEXT NOT NULL,                  -- register_app | create | edit | ramp | pause | resume | rollback
  before      TEXT NOT NULL DEFAULT '',       -- JSON of the object before ('' when new)
  after       TEXT NOT NULL DEFAULT ''        -- JSON of the object after
);
CREATE INDEX audit_by_app ON audit(app_id, id);
