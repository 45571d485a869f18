-- mlops metadata schema, version 2, for SQLite: the latest point of each metric of each run.
--
-- Run search filters and orders by a metric's latest value (the greatest step, then the latest
-- timestamp, then the last inserted, i.e. the greatest seq). latest_metrics holds that point for
-- every (run, key), so a search joins one row per run and key instead of reading every point of
-- every run. logMetrics keeps it current in the same transaction (an upsert that replaces a row
-- only by a point later in (step, ts, seq)). value and value_class are encoded as in metrics:
-- a NaN has value NULL, so it compares UNKNOWN and sorts as missing.

CREATE TABLE latest_metrics (
  run_id      TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  value       REAL,
  value_class INTEGER NOT NULL CHECK (value_class IN (0, 1, 2)),
  step        INTEGER NOT NULL,
  ts          INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  CONSTRAINT latest_metrics_pk PRIMARY KEY (run_id, key),
  CONSTRAINT latest_metrics_run_fk FOREIGN KEY (run_id) REFERENCES runs (id)
);

INSERT INTO latest_metrics (run_id, key, value, value_class, step, ts, seq)
SELECT run_id, key, value, value_class, step, ts, seq
FROM (
  SELECT run_id, key, value, value_class, step, ts, seq,
         ROW_NUMBER() OVER (PARTITION BY run_id, key ORDER BY step DESC, ts DESC, seq DESC) AS rn
  FROM metrics
) ranked
WHERE rn = 1;

-- Filter and order by one metric: a range or an ordered scan of (key, value), run id beside it.
CREATE INDEX latest_metrics_by_key_value ON latest_metrics (key, value, run_id);
