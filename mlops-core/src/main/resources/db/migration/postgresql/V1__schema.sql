-- mlops metadata schema, version 1, for PostgreSQL.
--
-- Encodings shared with the SQLite schema (see JdbcMetadataStore):
--   * instants are BIGINT nanoseconds since 1970-01-01T00:00:00Z (exact round trip);
--   * string maps (properties, tags, details) are TEXT holding a flat JSON object sorted by key;
--   * a metric value is "value" plus "value_class": 0 = "value" holds it exactly (finite numbers
--     and the infinities), 1 = NaN ("value" is NULL, so every comparison with it is false;
--     PostgreSQL's own NaN would compare equal to itself and greater than every number),
--     2 = negative zero.
-- Names, ids and keys use COLLATE "C" so that ORDER BY and range bounds follow code point order,
-- as Java's String.compareTo does for these ASCII texts, whatever the database's collation.
-- Version numbers are assigned as MAX(version) + 1 inside the inserting transaction; the primary
-- keys (name, version) guard them. Rows are never deleted: a deleted artifact version is a
-- tombstone with deleted_at set.

CREATE TABLE artifact_versions (
  name           text COLLATE "C" NOT NULL,
  version        bigint           NOT NULL CHECK (version >= 1),
  kind           text COLLATE "C" NOT NULL,
  digest         text COLLATE "C" NOT NULL,
  size           bigint           NOT NULL CHECK (size >= 0),
  media_type     text             NOT NULL,
  properties     text             NOT NULL,
  created_at     bigint           NOT NULL,
  created_by_run text COLLATE "C",
  deleted_at     bigint,
  CONSTRAINT artifact_versions_pk PRIMARY KEY (name, version)
);

CREATE INDEX artifact_versions_live_digest
  ON artifact_versions (digest, name, version) WHERE deleted_at IS NULL;

CREATE TABLE artifact_aliases (
  name    text COLLATE "C" NOT NULL,
  alias   text COLLATE "C" NOT NULL,
  version bigint           NOT NULL,
  CONSTRAINT artifact_aliases_pk PRIMARY KEY (name, alias),
  CONSTRAINT artifact_aliases_version_fk FOREIGN KEY (name, version)
    REFERENCES artifact_versions (name, version)
);

CREATE TABLE experiments (
  id         text COLLATE "C" NOT NULL,
  name       text COLLATE "C" NOT NULL,
  created_at bigint           NOT NULL,
  CONSTRAINT experiments_pk PRIMARY KEY (id),
  CONSTRAINT experiments_name_uq UNIQUE (name)
);

CREATE TABLE runs (
  id            text COLLATE "C" NOT NULL,
  experiment_id text COLLATE "C" NOT NULL,
  parent_run_id text COLLATE "C",
  name          text,
  status        text COLLATE "C" NOT NULL,
  start_time    bigint           NOT NULL,
  end_time      bigint,
  note          text,
  CONSTRAINT runs_pk PRIMARY KEY (id),
  CONSTRAINT runs_experiment_fk FOREIGN KEY (experiment_id) REFERENCES experiments (id),
  CONSTRAINT runs_parent_fk FOREIGN KEY (parent_run_id) REFERENCES runs (id)
);

CREATE INDEX runs_by_experiment ON runs (experiment_id, id);

CREATE TABLE params (
  run_id text COLLATE "C" NOT NULL,
  key    text COLLATE "C" NOT NULL,
  type   text COLLATE "C" NOT NULL,
  value  text             NOT NULL,
  CONSTRAINT params_pk PRIMARY KEY (run_id, key),
  CONSTRAINT params_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

-- seq comes from an identity column: it is the insertion order of one transaction's rows.
CREATE TABLE metrics (
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  run_id      text COLLATE "C" NOT NULL,
  key         text COLLATE "C" NOT NULL,
  value       double precision,
  value_class smallint         NOT NULL CHECK (value_class IN (0, 1, 2)),
  step        bigint           NOT NULL,
  ts          bigint           NOT NULL,
  CONSTRAINT metrics_pk PRIMARY KEY (seq),
  CONSTRAINT metrics_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

-- Serves both the history (ascending) and the latest point (descending) of a key.
CREATE INDEX metrics_by_run_key ON metrics (run_id, key, step, ts, seq);

CREATE TABLE tags (
  run_id text COLLATE "C" NOT NULL,
  key    text COLLATE "C" NOT NULL,
  value  text             NOT NULL,
  CONSTRAINT tags_pk PRIMARY KEY (run_id, key),
  CONSTRAINT tags_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

CREATE TABLE run_batches (
  run_id   text COLLATE "C" NOT NULL,
  batch_id text COLLATE "C" NOT NULL,
  CONSTRAINT run_batches_pk PRIMARY KEY (run_id, batch_id),
  CONSTRAINT run_batches_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

CREATE TABLE lineage_events (
  execution_id     text COLLATE "C" NOT NULL,
  artifact_name    text COLLATE "C" NOT NULL,
  artifact_version bigint           NOT NULL,
  direction        text COLLATE "C" NOT NULL CHECK (direction IN ('INPUT', 'OUTPUT')),
  time             bigint           NOT NULL,
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
  name        text COLLATE "C" NOT NULL,
  description text,
  created_at  bigint           NOT NULL,
  CONSTRAINT registered_models_pk PRIMARY KEY (name)
);

CREATE TABLE model_versions (
  model_name       text COLLATE "C" NOT NULL,
  version          bigint           NOT NULL CHECK (version >= 1),
  artifact_name    text COLLATE "C" NOT NULL,
  artifact_version bigint           NOT NULL,
  run_id           text COLLATE "C",
  description      text,
  tags             text             NOT NULL,
  stage            text COLLATE "C" NOT NULL,
  created_at       bigint           NOT NULL,
  CONSTRAINT model_versions_pk PRIMARY KEY (model_name, version),
  CONSTRAINT model_versions_model_fk FOREIGN KEY (model_name)
    REFERENCES registered_models (name),
  CONSTRAINT model_versions_artifact_fk FOREIGN KEY (artifact_name, artifact_version)
    REFERENCES artifact_versions (name, version)
);

CREATE TABLE model_aliases (
  model_name text COLLATE "C" NOT NULL,
  alias      text COLLATE "C" NOT NULL,
  version    bigint           NOT NULL,
  CONSTRAINT model_aliases_pk PRIMARY KEY (model_name, alias),
  CONSTRAINT model_aliases_version_fk FOREIGN KEY (model_name, version)
    REFERENCES model_versions (model_name, version)
);

-- seq comes from an identity column: it is the order of recording.
CREATE TABLE transitions (
  seq        bigint GENERATED ALWAYS AS IDENTITY,
  model_name text COLLATE "C" NOT NULL,
  version    bigint           NOT NULL,
  kind       text COLLATE "C" NOT NULL,
  alias      text COLLATE "C",
  from_value text,
  to_value   text,
  actor      text             NOT NULL,
  reason     text,
  time       bigint           NOT NULL,
  CONSTRAINT transitions_pk PRIMARY KEY (seq),
  CONSTRAINT transitions_model_fk FOREIGN KEY (model_name) REFERENCES registered_models (name)
);

CREATE INDEX transitions_by_model ON transitions (model_name, seq);

CREATE TABLE audit_events (
  sequence      bigint NOT NULL CHECK (sequence >= 1),
  time          bigint NOT NULL,
  actor         text   NOT NULL,
  action        text   NOT NULL,
  subject       text   NOT NULL,
  details       text   NOT NULL,
  previous_hash text   NOT NULL,
  hash          text   NOT NULL,
  CONSTRAINT audit_events_pk PRIMARY KEY (sequence)
);

-- Exactly one row: the head of the audit chain. lockAuditHead() takes it FOR UPDATE, so appends
-- are serialised; appending updates it in the same transaction.
CREATE TABLE audit_head (
  id       smallint NOT NULL CHECK (id = 1),
  sequence bigint   NOT NULL CHECK (sequence >= 0),
  hash     text     NOT NULL,
  CONSTRAINT audit_head_pk PRIMARY KEY (id)
);

INSERT INTO audit_head (id, sequence, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
