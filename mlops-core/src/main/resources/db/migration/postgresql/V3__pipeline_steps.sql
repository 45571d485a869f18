-- mlops metadata schema, version 3, for PostgreSQL: pipeline step executions and the step cache.
--
-- step_executions holds one row per step execution of a pipeline run (its run is a tracked run).
-- key_parts, inputs and outputs are JSON objects of strings (inputs and outputs map a name to an
-- artifact reference "name:version"). Times are nanoseconds since 1970, as elsewhere.
-- step_cache maps a cache key (64 hex digits) to the outputs a step produced for it.

CREATE TABLE step_executions (
  execution_id text COLLATE "C" NOT NULL,
  run_id       text COLLATE "C" NOT NULL,
  pipeline     text COLLATE "C" NOT NULL,
  step         text COLLATE "C" NOT NULL,
  step_version text COLLATE "C" NOT NULL,
  status       text COLLATE "C" NOT NULL
    CHECK (status IN ('SUCCEEDED', 'CACHED', 'FAILED', 'SKIPPED', 'CANCELLED')),
  attempts     bigint NOT NULL CHECK (attempts >= 0),
  started_at   bigint NOT NULL,
  ended_at     bigint NOT NULL,
  cache_key    text COLLATE "C",
  key_parts    text NOT NULL,
  inputs       text NOT NULL,
  outputs      text NOT NULL,
  error        text,
  reason       text NOT NULL,
  CONSTRAINT step_executions_pk PRIMARY KEY (execution_id),
  CONSTRAINT step_executions_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

CREATE INDEX step_executions_by_run ON step_executions (run_id, step, execution_id);

CREATE TABLE step_cache (
  cache_key    text COLLATE "C" NOT NULL,
  pipeline     text COLLATE "C" NOT NULL,
  step         text COLLATE "C" NOT NULL,
  run_id       text COLLATE "C" NOT NULL,
  execution_id text COLLATE "C" NOT NULL,
  outputs      text NOT NULL,
  key_parts    text NOT NULL,
  created_at   bigint NOT NULL,
  CONSTRAINT step_cache_pk PRIMARY KEY (cache_key),
  CONSTRAINT step_cache_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

CREATE INDEX step_cache_by_step ON step_cache (pipeline, step, created_at, cache_key);
CREATE INDEX step_cache_by_run ON step_cache (run_id);
