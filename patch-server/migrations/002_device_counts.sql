-- 002: distinct-device counts next to event counts.
--
-- aggregates.devices: distinct devices in the cell (release, base, minute,
-- metric, code). NULL for cells written before this migration (unknown; an
-- upsert keeps NULL + n = NULL, so a cell that straddles the upgrade stays
-- unknown rather than wrong). devices_approx = 1 when the server had to fall
-- back to an estimate (docs/api.md, "Aggregates").

ALTER TABLE aggregates ADD COLUMN devices INTEGER;
ALTER TABLE aggregates ADD COLUMN devices_approx INTEGER NOT NULL DEFAULT 0;

-- Report events: which devices a minute cell has already counted. A minute
-- receives rows only while it is the current one (reports are stamped with the
-- server's receive time), so rows older than a day are pruned.
CREATE TABLE aggregate_devices (
  minute            INTEGER NOT NULL,
  release_id        INTEGER NOT NULL,
  base_fingerprint  TEXT NOT NULL,
  metric            TEXT NOT NULL,
  code              INTEGER NOT NULL,
  device_id         TEXT NOT NULL,
  PRIMARY KEY (minute, release_id, base_fingerprint, metric, code, device_id)
) WITHOUT ROWID;

-- Distinct devices since the start, per (release, base, metric): the auto-halt
-- and ramp-gate inputs (gray::ReleaseAggregates counts devices, not events).
-- `metric` is a report kind or a group of kinds (sessions, download_failures).
-- device_seen is the dedupe set, device_totals the running count.
CREATE TABLE device_seen (
  release_id        INTEGER NOT NULL,
  base_fingerprint  TEXT NOT NULL,
  metric            TEXT NOT NULL,
  device_id         TEXT NOT NULL,
  PRIMARY KEY (release_id, base_fingerprint, metric, device_id)
) WITHOUT ROWID;

CREATE TABLE device_totals (
  release_id        INTEGER NOT NULL,
  base_fingerprint  TEXT NOT NULL,
  metric            TEXT NOT NULL,
  devices           INTEGER NOT NULL,
  PRIMARY KEY (release_id, base_fingerprint, metric)
) WITHOUT ROWID;

-- Backfill the release arms from the events already recorded (a release's
-- devices are on its patch's base build). Unpatched-arm events (release 0)
-- carry no base build, so that arm starts counting at the upgrade.
INSERT OR IGNORE INTO device_seen (release_id, base_fingerprint, metric, device_id)
  SELECT e.release_id, p.base_fingerprint, e.kind, e.device_id
  FROM events e JOIN releases r ON r.id = e.release_id AND r.app_id = e.app_id
                JOIN patches p ON p.id = r.patch_id
  WHERE e.release_id > 0;
INSERT OR IGNORE INTO device_seen (release_id, base_fingerprint, metric, device_id)
  SELECT e.release_id, p.base_fingerprint,
         CASE WHEN e.kind IN ('download_failed', 'verify_failed') THEN 'download_failures'
              ELSE 'sessions' END,
         e.device_id
  FROM events e JOIN releases r ON r.id = e.release_id AND r.app_id = e.app_id
                JOIN patches p ON p.id = r.patch_id
  WHERE e.release_id > 0
    AND e.kind IN ('download_failed', 'verify_failed', 'first_launch_ok', 'launch_ok',
                   'crash_at_launch');
INSERT INTO device_totals (release_id, base_fingerprint, metric, devices)
  SELECT release_id, base_fingerprint, metric, COUNT(*) FROM device_seen
  GROUP BY release_id, base_fingerprint, metric;
