-- mlops metadata schema, version 3, for SQLite: pipeline step executions and the step cache.
--
-- step_executions holds one row per step execution of a pipeline run (its run is a tracked run).
-- key_parts, inputs and outputs are JSON objects of strings (inputs and outputs map a name to an
-- artifact reference "name:version"). Times are nanoseconds since 1970, as elsewhere.
-- step_cache maps a cache key (64 hex digits) to the outputs a step produced for it.

CREATE TABLE step_executions (
  execution_id TEXT    NOT NULL,
  run_id       TEXT    NOT NULL,
  pipeline     TEXT    NOT NULL,
  step         TEXT    NOT NULL,
  step_version TEXT    NOT NULL,
  status       TEXT    NOT NULL
    CHECK (status IN ('SUCCEEDED', 'CACHED', 'FAILED', 'SKIPPED', 'CANCELLED')),
  attempts     INTEGER NOT NULL CHECK (attempts >= 0),
  started_at   INTEGER NOT NULL,
  ended_at     INTEGER NOT NULL,
  cache_key    TEXT,
  key_parts    TEXT    NOT NULL,
  inputs       TEXT    NOT NULL,
  outputs      TEXT    NOT NULL,
  error        TEXT,
  reason       TEXT    NOT NULL,
  CONSTRAINT step_executions_pk PRIMARY KEY (execution_id),
  CONSTRAINT step_executions_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

CREATE INDEX step_executions_by_run ON step_executions (run_id, step, execution_id);

CREATE TABLE step_cache (
  cache_key    TEXT    NOT NULL,
  pipeline     TEXT    NOT NULL,
  step         TEXT    NOT NULL,
  run_id       TEXT    NOT NULL,
  execution_id TEXT    NOT NULL,
  outputs      TEXT    NOT NULL,
  key_parts    TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  CONSTRAINT step_cache_pk PRIMARY KEY (cache_key),
  CONSTRAINT step_cache_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

CREATE INDEX step_cache_by_step ON step_cache (pipeline, step, created_at, cache_key);
CREATE INDEX step_cache_by_run ON step_cache (run_id);
