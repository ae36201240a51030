/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Append only: never edit a migration that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE apps (
    id                TEXT PRIMARY KEY,
    manifest_id       TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    short_name        TEXT,
    start_url         TEXT NOT NULL,
    scope             TEXT NOT NULL,
    origin            TEXT NOT NULL,
    display           TEXT NOT NULL DEFAULT 'standalone',
    theme_color       TEXT,
    background_color  TEXT,
    icons_json        TEXT NOT NULL DEFAULT '[]',
    installed_at      INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    paused            INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    interval_floor_ms INTEGER CHECK (interval_floor_ms IS NULL OR interval_floor_ms >= 0)
  ) STRICT;
  CREATE INDEX apps_origin ON apps (origin);

  CREATE TABLE registrations (
    id                         INTEGER PRIMARY KEY,
    app_id                     TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    origin                     TEXT NOT NULL,
    scope                      TEXT NOT NULL,
    tag                        TEXT NOT NULL,
    min_interval_ms            INTEGER NOT NULL CHECK (min_interval_ms >= 0),
    created_at                 INTEGER NOT NULL,
    next_due_at                INTEGER NOT NULL,
    attempt                    INTEGER NOT NULL DEFAULT 0,
    firing                     INTEGER NOT NULL DEFAULT 0 CHECK (firing IN (0, 1)),
    reregistered_while_firing  INTEGER NOT NULL DEFAULT 0 CHECK (reregistered_while_firing IN (0, 1)),
    last_completed_at          INTEGER,
    last_outcome               TEXT,
    UNIQUE (scope, tag)
  ) STRICT;
  CREATE INDEX registrations_due ON registrations (next_due_at);
  CREATE INDEX registrations_app ON registrations (app_id);

  CREATE TABLE runs (
    id               INTEGER PRIMARY KEY,
    app_id           TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    registration_id  INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
    scope            TEXT NOT NULL,
    tag              TEXT NOT NULL,
    trigger          TEXT NOT NULL CHECK (trigger IN ('scheduled', 'retry', 'catch-up', 'manual')),
    attempt          INTEGER NOT NULL,
    outcome          TEXT CHECK (outcome IN ('success', 'failed', 'timed-out', 'interrupted')),
    error            TEXT,
    started_at       INTEGER NOT NULL,
    ended_at         INTEGER,
    duration_ms      INTEGER
  ) STRICT;
  CREATE INDEX runs_registration ON runs (registration_id, id);
  CREATE INDEX runs_app ON runs (app_id, id);
  CREATE INDEX runs_unfinished ON runs (id) WHERE outcome IS NULL;

  CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  ) STRICT;
  `,
  // An app is recorded as 'installing' from the moment an install starts (its origin may use periodic
  // sync while the install loads its pages) until it completes; the next host start undoes one that a
  // killed install left behind. Apps installed before this column existed are complete.
  `
  ALTER TABLE apps ADD COLUMN install_state TEXT NOT NULL DEFAULT 'installed'
    CHECK (install_state IN ('installing', 'installed'));
  `,
  // Notifications and badges (issue 11). A muted app's notifications are recorded with shown = 0. The
  // badge is NULL when cleared, 0 for a badge without a number (setAppBadge() with no count), else the
  // count. A registration's failure_alerted_at is set when the person was told it keeps failing, and
  // cleared by its next success, so they are told once per failing streak.
  `
  ALTER TABLE apps ADD COLUMN notifications_muted INTEGER NOT NULL DEFAULT 0
    CHECK (notifications_muted IN (0, 1));
  ALTER TABLE apps ADD COLUMN badge INTEGER CHECK (badge IS NULL OR badge >= 0);
  ALTER TABLE registrations ADD COLUMN failure_alerted_at INTEGER;

  CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY,
    app_id        TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    run_id        INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    scope         TEXT,
    source        TEXT NOT NULL CHECK (source IN ('worker', 'page')),
    tag           TEXT NOT NULL,
    title         TEXT NOT NULL,
    options_json  TEXT NOT NULL,
    shown         INTEGER NOT NULL CHECK (shown IN (0, 1)),
    created_at    INTEGER NOT NULL,
    closed_at     INTEGER,
    close_reason  TEXT
  ) STRICT;
  CREATE INDEX notifications_app ON notifications (app_id, id);
  CREATE INDEX notifications_run ON notifications (run_id);
  CREATE INDEX notifications_open ON notifications (app_id) WHERE closed_at IS NULL;
  `,
  // One-off Background Sync (issue 17): one pending sync per worker registration and tag, kept until an
  // attempt succeeds or the last one fails. `attempts_made` counts the attempts already made; the row is
  // 'firing' while an event runs (a host that dies then finds it firing and makes it due again). A run
  // records its kind, and for a one-off sync the attempts it may have and whether it was the last chance.
  `
  CREATE TABLE one_off_syncs (
    id                         INTEGER PRIMARY KEY,
    app_id                     TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    origin                     TEXT NOT NULL,
    scope                      TEXT NOT NULL,
    tag                        TEXT NOT NULL,
    created_at                 INTEGER NOT NULL,
    next_attempt_at            INTEGER NOT NULL,
    attempts_made              INTEGER NOT NULL DEFAULT 0 CHECK (attempts_made >= 0),
    firing                     INTEGER NOT NULL DEFAULT 0 CHECK (firing IN (0, 1)),
    reregistered_while_firing  INTEGER NOT NULL DEFAULT 0 CHECK (reregistered_while_firing IN (0, 1)),
    last_attempt_at            INTEGER,
    last_outcome               TEXT CHECK (last_outcome IN ('success', 'failed', 'timed-out', 'interrupted')),
    last_error                 TEXT,
    UNIQUE (scope, tag)
  ) STRICT;
  CREATE INDEX one_off_syncs_next ON one_off_syncs (next_attempt_at);
  CREATE INDEX one_off_syncs_app ON one_off_syncs (app_id);

  ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'periodic' CHECK (kind IN ('periodic', 'one-off'));
  ALTER TABLE runs ADD COLUMN max_attempts INTEGER CHECK (max_attempts IS NULL OR max_attempts >= 1);
  ALTER TABLE runs ADD COLUMN last_chance INTEGER CHECK (last_chance IS NULL OR last_chance IN (0, 1));
  CREATE INDEX runs_one_off ON runs (scope, tag, id) WHERE kind = 'one-off';
  `,
  // Two apps on one origin (issue 19): a registration belongs to the app whose scope contains its worker's
  // scope, the longest such scope. An install in progress records a placeholder per origin it loads before
  // the app's manifest is read, with install_page the page it installs from: the worker that controls that
  // page is the install's (apps register from their worker's activate handler during the first install).
  // Older builds filed a worker's registrations under the origin's first app when no scope contained the
  // worker's: they, their runs and their notifications go back to the app whose scope contains them, and
  // stay where they are when none does (they keep firing; nothing is deleted).
  `
  ALTER TABLE apps ADD COLUMN install_page TEXT;

  CREATE TEMP TABLE owner_of_scope AS
    SELECT scope, (SELECT a.id FROM apps a
                   WHERE a.origin = s.origin AND a.install_state = 'installed'
                     AND substr(s.scope, 1, length(a.scope)) = a.scope
                   ORDER BY length(a.scope) DESC LIMIT 1) AS app_id
    FROM (SELECT DISTINCT scope, origin FROM registrations
          UNION SELECT DISTINCT n.scope, a.origin FROM notifications n JOIN apps a ON a.id = n.app_id
                WHERE n.scope IS NOT NULL) s;
  UPDATE registrations SET app_id = (SELECT app_id FROM owner_of_scope o WHERE o.scope = registrations.scope)
    WHERE (SELECT app_id FROM owner_of_scope o WHERE o.scope = registrations.scope) IS NOT NULL;
  UPDATE runs SET app_id = (SELECT r.app_id FROM registrations r WHERE r.id = runs.registration_id)
    WHERE registration_id IS NOT NULL;
  UPDATE notifications SET app_id = (SELECT app_id FROM owner_of_scope o WHERE o.scope = notifications.scope)
    WHERE (SELECT app_id FROM owner_of_scope o WHERE o.scope = notifications.scope) IS NOT NULL;
  DROP TABLE owner_of_scope;
  `,
  // Why a notification was recorded but not shown (issue 19, finding 4): the app is muted, too many came
  // at once, no notification service answered (no session bus, no desktop), or the service refused it.
  // Rows recorded before this column have NULL: the reason was not kept.
  `
  ALTER TABLE notifications ADD COLUMN not_shown_reason TEXT
    CHECK (not_shown_reason IN ('muted', 'flooded', 'no-service', 'failed'));
  `,
  // A one-off sync given up (issue 17): the run of the failed last attempt that removed its sync is marked,
  // so that `alerts` lists the sync (what the app had to send did not arrive) until a later run of the same
  // scope and tag succeeds. Nothing else can tell it from runs alone: a last attempt the browser's exit cut
  // short, that found the worker missing, or that the app registered again during, fails as a run and still
  // leaves the sync pending.
  `
  ALTER TABLE runs ADD COLUMN gave_up INTEGER NOT NULL DEFAULT 0 CHECK (gave_up IN (0, 1));
  CREATE INDEX runs_gave_up ON runs (scope, tag, id) WHERE gave_up = 1;
  `,
  // The last success of a one-off scope and tag, which every given-up entry is read against: without it,
  // each lookup scanned all one-off runs of that tag (alerts took seconds once a dead endpoint had given up
  // a few hundred times).
  `
  CREATE INDEX runs_one_off_success ON runs (scope, tag, id) WHERE kind = 'one-off' AND outcome = 'success';
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
