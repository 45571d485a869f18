-- mlops metadata schema, version 1, for SQLite.
--
-- Encodings shared with the PostgreSQL schema (see JdbcMetadataStore):
--   * instants are INTEGER nanoseconds since 1970-01-01T00:00:00Z (exact round trip);
--   * string maps (properties, tags, details) are TEXT holding a flat JSON object sorted by key;
--   * a metric value is the REAL column "value" plus "value_class": 0 = "value" holds it exactly
--     (finite numbers and the infinities), 1 = NaN ("value" is NULL, so every comparison with it
--     is false), 2 = negative zero ("value" is 0; SQLite may drop the sign of a REAL zero).
-- Version numbers are assigned as MAX(version) + 1 inside the inserting transaction; the primary
-- keys (name, version) guard them. Rows are never deleted: a deleted artifact version is a
-- tombstone with deleted_at set.

CREATE TABLE artifact_versions (
  name           TEXT    NOT NULL,
  version        INTEGER NOT NULL CHECK (version >= 1),
  kind           TEXT    NOT NULL,
  digest         TEXT    NOT NULL,
  size           INTEGER NOT NULL CHECK (size >= 0),
  media_type     TEXT    NOT NULL,
  properties     TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  created_by_run TEXT,
  deleted_at     INTEGER,
  CONSTRAINT artifact_versions_pk PRIMARY KEY (name, version)
);

CREATE INDEX artifact_versions_live_digest
  ON artifact_versions (digest, name, version) WHERE deleted_at IS NULL;

CREATE TABLE artifact_aliases (
  name    TEXT    NOT NULL,
  alias   TEXT    NOT NULL,
  version INTEGER NOT NULL,
  CONSTRAINT artifact_aliases_pk PRIMARY KEY (name, alias),
  CONSTRAINT artifact_aliases_version_fk FOREIGN KEY (name, version)
    REFERENCES artifact_versions (name, version)
);

CREATE TABLE experiments (
  id         TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  CONSTRAINT experiments_pk PRIMARY KEY (id),
  CONSTRAINT experiments_name_uq UNIQUE (name)
);

CREATE TABLE runs (
  id            TEXT    NOT NULL,
  experiment_id TEXT    NOT NULL,
  parent_run_id TEXT,
  name          TEXT,
  status        TEXT    NOT NULL,
  start_time    INTEGER NOT NULL,
  end_time      INTEGER,
  note          TEXT,
  CONSTRAINT runs_pk PRIMARY KEY (id),
  CONSTRAINT runs_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (id),
  CONSTRAINT runs_parent_fk FOREIGN KEY (parent_run_id) REFERENCES runs (id)
);

CREATE INDEX runs_by_experiment ON runs (experiment_id, id);

CREATE TABLE params (
  run_id TEXT NOT NULL,
  key    TEXT NOT NULL,
  type   TEXT NOT NULL,
  value  TEXT NOT NULL,
  CONSTRAINT params_pk PRIMARY KEY (run_id, key),
  CONSTRAINT params_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

-- seq is the rowid: rows are appended with MAX(rowid) + 1, so it is the insertion order.
CREATE TABLE metrics (
  seq         INTEGER NOT NULL PRIMARY KEY,
  run_id      TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  value       REAL,
  value_class INTEGER NOT NULL CHECK (value_class IN (0, 1, 2)),
  step        INTEGER NOT NULL,
  ts          INTEGER NOT NULL,
  CONSTRAINT metrics_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

-- Serves both the history (ascending) and the latest point (descending) of a key.
CREATE INDEX metrics_by_run_key ON metrics (run_id, key, step, ts, seq);

CREATE TABLE tags (
  run_id TEXT NOT NULL,
  key    TEXT NOT NULL,
  value  TEXT NOT NULL,
  CONSTRAINT tags_pk PRIMARY KEY (run_id, key),
  CONSTRAINT tags_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

CREATE TABLE run_batches (
  run_id   TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  CONSTRAINT run_batches_pk PRIMARY KEY (run_id, batch_id),
  CONSTRAINT run_batches_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

CREATE TABLE lineage_events (
  execution_id     TEXT    NOT NULL,
  artifact_name    TEXT    NOT NULL,
  artifact_version INTEGER NOT NULL,
  direction        TEXT    NOT NULL CHECK (direction IN ('INPUT', 'OUTPUT')),
  time             INTEGER NOT NULL,
  CONSTRAINT lineage_events_pk
    PRIMARY KEY (execution_id, artifact_name, artifact_version, direction),
  CONSTRAINT lineage_events_artifact_fk FOREIGN KEY (artifact_name, artifact_version)
    REFERENCES artifact_versions (name, version)
);

CREATE INDEX lineage_events_by_artifact
  ON lineage_events (artifact_name, artifact_version, time, execution_id);

CREATE INDEX lineage_events_by_execution
  ON lineage_events (execution_id, time, artifact_name, artifact_version);

CREATE TABLE registered_models (
  name        TEXT    NOT NULL,
  description TEXT,
  created_at  INTEGER NOT NULL,
  CONSTRAINT registered_models_pk PRIMARY KEY (name)
);

CREATE TABLE model_versions (
  model_name       TEXT    NOT NULL,
  version          INTEGER NOT NULL CHECK (version >= 1),
  artifact_name    TEXT    NOT NULL,
  artifact_version INTEGER NOT NULL,
  run_id           TEXT,
  description      TEXT,
  tags             TEXT    NOT NULL,
  stage            TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  CONSTRAINT model_versions_pk PRIMARY KEY (model_name, version),
  CONSTRAINT model_versions_model_fk FOREIGN KEY (model_name)
    REFERENCES registered_models (name),
  CONSTRAINT model_versions_artifact_fk FOREIGN KEY (artifact_name, artifact_version)
    REFERENCES artifact_versions (name, version)
);

CREATE TABLE model_aliases (
  model_name TEXT    NOT NULL,
  alias      TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  CONSTRAINT model_aliases_pk PRIMARY KEY (model_name, alias),
  CONSTRAINT model_aliases_version_fk FOREIGN KEY (model_name, version)
    REFERENCES model_versions (model_name, version)
);

-- seq is the rowid, so it is the order of recording.
CREATE TABLE transitions (
  seq          INTEGER NOT NULL PRIMARY KEY,
  model_name   TEXT    NOT NULL,
  version      INTEGER NOT NULL,
  kind         TEXT    NOT NULL,
  alias        TEXT,
  from_value   TEXT,
  to_value     TEXT,
  actor        TEXT    NOT NULL,
  reason       TEXT,
  time         INTEGER NOT NULL,
  CONSTRAINT transitions_model_fk FOREIGN KEY (model_name) REFERENCES registered_models (name)
);

CREATE INDEX transitions_by_model ON transitions (model_name, seq);

CREATE TABLE audit_events (
  sequence      INTEGER NOT NULL CHECK (sequence >= 1),
  time          INTEGER NOT NULL,
  actor         TEXT    NOT NULL,
  action        TEXT    NOT NULL,
  subject       TEXT    NOT NULL,
  details       TEXT    NOT NULL,
  previous_hash TEXT    NOT NULL,
  hash          TEXT    NOT NULL,
  CONSTRAINT audit_events_pk PRIMARY KEY (sequence)
);

-- Exactly one row: the head of the audit chain. Appending updates it in the same transaction.
CREATE TABLE audit_head (
  id       INTEGER NOT NULL CHECK (id = 1),
  sequence INTEGER NOT NULL CHECK (sequence >= 0),
  hash     TEXT    NOT NULL,
  CONSTRAINT audit_head_pk PRIMARY KEY (id)
);

INSERT INTO audit_head (id, sequence, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
