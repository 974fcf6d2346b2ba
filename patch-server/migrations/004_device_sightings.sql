-- 004: the last check context of each device (service/device_sightings.h),
-- written every second for the devices that checked, loaded on start, kept
-- bounded: rows older than a day and beyond the newest 100,000 are pruned.
CREATE TABLE device_sightings (
  app_id            TEXT NOT NULL,
  device_id         TEXT NOT NULL,
  base_fingerprint  TEXT NOT NULL,
  context           TEXT NOT NULL,            -- the device context as JSON
  seen_at           INTEGER NOT NULL,         -- unix seconds of its last check
  PRIMARY KEY (app_id, device_id)
) WITHOUT ROWID;
CREATE INDEX device_sightings_by_time ON device_sightings(seen_at);
