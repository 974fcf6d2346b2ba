-- 001: initial schema. Migrations are applied in order on start; the applied
-- number is kept in PRAGMA user_version. Never edit a released migration: add one.

CREATE TABLE tokens (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,          -- hex SHA-256 of the bearer token
  role        TEXT NOT NULL CHECK (role IN ('admin', 'publisher', 'readonly')),
  app_id      TEXT,                          -- publisher tokens: the one app they may publish to
  name        TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);

CREATE TABLE apps (
  app_id              TEXT PRIMARY KEY,
  release_pubkey_pem  TEXT NOT NULL,          -- Ed25519 key that signs the app's bundles
  release_key_id      TEXT NOT NULL,          -- hex SHA-256 of the raw public key
  app_key             TEXT NOT NULL UNIQUE,   -- public key devices present on device requests
  created_at          INTEGER NOT NULL
);

CREATE TABLE patches (
  id                INTEGER PRIMARY KEY,
  app_id            TEXT NOT NULL REFERENCES apps(app_id),
  blob_sha256       TEXT NOT NULL,
  size              INTEGER NOT NULL,
  base_fingerprint  TEXT NOT NULL,
  base_size         INTEGER NOT NULL,
  target_build_id   TEXT NOT NULL,
  target_sha256     TEXT NOT NULL,
  target_size       INTEGER NOT NULL,
  patch_version     INTEGER NOT NULL,
  created_at        INTEGER NOT NULL,
  UNIQUE (app_id, blob_sha256),
  UNIQUE (app_id, base_fingerprint, patch_version)
);

CREATE TABLE releases (
  id          INTEGER PRIMARY KEY,
  app_id      TEXT NOT NULL REFERENCES apps(app_id),
  patch_id    INTEGER NOT NULL REFERENCES patches(id),
  spec        TEXT NOT NULL,                  -- the gray-release Release JSON (canonical)
  state       TEXT NOT NULL,                  -- mirror of spec.state, for SQL queries
  state_reason TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX releases_by_app ON releases(app_id);

-- Device reports, idempotent by (app_id, event_id).
CREATE TABLE events (
  app_id      TEXT NOT NULL,
  event_id    TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  release_id  INTEGER,
  kind        TEXT NOT NULL,
  code        INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, event_id)
) WITHOUT ROWID;

-- Time series at 1-minute resolution, per release and per base build.
CREATE TABLE aggregates (
  release_id        INTEGER NOT NULL,         -- 0 when no release is involved
  base_fingerprint  TEXT NOT NULL,
  minute            INTEGER NOT NULL,         -- unix time / 60
  metric            TEXT NOT NULL,
  code              INTEGER NOT NULL DEFAULT 0,
  count             INTEGER NOT NULL,
  PRIMARY KEY (release_id, base_fingerprint, minute, metric, code)
) WITHOUT ROWID;

CREATE TABLE server_state (
  key    TEXT PRIMARY KEY,
  value  INTEGER NOT NULL
);
INSERT INTO server_state (key, value) VALUES ('manifest_version', 1);
