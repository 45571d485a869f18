package dev.mlops.core;

import dev.mlops.api.ConflictException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.AsyncLoggerConfig;
import dev.mlops.api.tracking.AsyncRunLogger;
import dev.mlops.api.tracking.LogBatch;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunContext;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.spi.MetadataTransaction;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The handle of one run. Each call is one transaction that first checks the run is still running,
 * so a run ended by another handle or process refuses further logging. {@link #logArtifact} also
 * checks before it stores any bytes, then stores them, then checks again in the transaction that
 * creates the version and its OUTPUT lineage event ({@link StoreArtifactRepository#putFromRun}).
 * Thread-safe: its only state is the closed flag.
 */
final class DefaultActiveRun implements ActiveRun {
  private final DefaultTracking tracking;
  private final String id;
  private final AtomicBoolean closed = new AtomicBoolean();

  DefaultActiveRun(DefaultTracking tracking, String id) {
    this.tracking = tracking;
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Run run() {
    return tracking.run(id);
  }

  @Override
  public void logParam(String key, String value) {
    logParam(Param.of(key, value));
  }

  @Override
  public void logParam(String key, double value) {
    logParam(Param.of(key, value));
  }

  @Override
  public void logParam(String key, boolean value) {
    logParam(Param.of(key, value));
  }

  private void logParam(Param p) {
    write(
        tx -> {
          tx.logParams(id, List.of(p));
          return null;
        });
  }

  @Override
  public void logMetric(String key, double value) {
    logMetric(key, value, 0);
  }

  @Override
  public void logMetric(String key, double value, long step) {
    MetricPoint p = new MetricPoint(key, value, step, tracking.clock.instant());
    logMetrics(List.of(p));
  }

  /** Appends points in one transaction (also the async logger's drain). */
  void logMetrics(List<MetricPoint> points) {
    write(
        tx -> {
          tx.logMetrics(id, points);
          return null;
        });
  }

  @Override
  public void setTag(String key, String value) {
    checkTag(key, value);
    write(
        tx -> {
          tx.setTags(id, Map.of(key, value));
          return null;
        });
  }

  private static void checkTag(String key, String value) {
    Names.requireKey(key, "tag key");
    if (RunContext.isReserved(key)) {
      throw InvalidInputException.of(
          key,
          "tag key '"
              + key
              + "' is reserved (prefix '"
              + RunContext.PREFIX
              + "'); set context fields through the run builder's context(key, value)");
    }
    Names.requireValue(value, "tag '" + key + "'", Names.MAX_VALUE_LENGTH);
  }

  @Override
  public void note(String text) {
    Names.requireValue(text, "run note", Run.MAX_NOTE_LENGTH);
    write(
        tx -> {
          tx.updateRun(DefaultTracking.requireRun(tx, id).withNote(text));
          return null;
        });
  }

  @Override
  public boolean logBatch(LogBatch batch) {
    Objects.requireNonNull(batch, "batch");
    // Everything the records did not check yet is checked here, before the transaction.
    batch.tags().keySet().forEach(k -> checkTag(k, batch.tags().get(k)));
    tracking.ensureOpen.run();
    return tracking.metadata.inTransaction(
        tx -> {
          // First, so a retried batch returns without writing (throws NotFound for unknown runs).
          if (!tx.registerBatch(id, batch.batchId())) {
            return false;
          }
          requireRunning(tx);
          if (!batch.params().isEmpty()) {
            tx.logParams(id, batch.params());
          }
          if (!batch.metrics().isEmpty()) {
            tx.logMetrics(id, batch.metrics());
          }
          if (!batch.tags().isEmpty()) {
            tx.setTags(id, batch.tags());
          }
          return true;
        });
  }

  @Override
  public ArtifactVersion logArtifact(
      String name,
      String kind,
      String mediaType,
      InputStream content,
      Map<String, String> properties) {
    tracking.ensureOpen.run();
    return tracking.artifacts.putFromRun(output(), name, kind, mediaType, content, properties);
  }

  @Override
  public ArtifactVersion logArtifact(
      String name, String kind, String mediaType, Path file, Map<String, String> properties) {
    tracking.ensureOpen.run();
    return tracking.artifacts.putFromRun(output(), name, kind, mediaType, file, properties);
  }

  private StoreArtifactRepository.RunOutput output() {
    return new StoreArtifactRepository.RunOutput(id, this::requireRunning);
  }

  @Override
  public void logInput(ArtifactRef artifact) {
    Objects.requireNonNull(artifact, "artifact");
    write(
        tx -> {
          StoreArtifactRepository.requireLive(tx, artifact, "record as an input of run " + id);
          DefaultLineage.recordIn(
              tx,
              tracking.audit,
              tracking.actor,
              tracking.clock.instant(),
              id,
              artifact,
              Direction.INPUT);
          return null;
        });
  }

  @Override
  public AsyncRunLogger async() {
    return async(AsyncLoggerConfig.defaults());
  }

  @Override
  public AsyncRunLogger async(AsyncLoggerConfig config) {
    Objects.requireNonNull(config, "config");
    tracking.ensureOpen.run();
    return new DefaultAsyncRunLogger(this, tracking.clock, config);
  }

  @Override
  public void end(RunStatus status) {
    Objects.requireNonNull(status, "status");
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("end status must be terminal, but was " + status);
    }
    endWith(status, Map.of());
  }

  @Override
  public void fail(Throwable error) {
    Objects.requireNonNull(error, "error");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(RunContext.ERROR_CLASS, text(error.getClass().getName()));
    String message = error.getMessage();
    if (message != null) {
      tags.put(RunContext.ERROR_MESSAGE, text(message));
    }
    endWith(RunStatus.FAILED, tags);
  }

  /** Makes arbitrary text a legal tag value: unpaired surrogates and NUL replaced, truncated. */
  static String text(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), Names.MAX_VALUE_LENGTH));
    for (int i = 0; i < s.length() && b.length() < Names.MAX_VALUE_LENGTH; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (b.length() + 2 > Names.MAX_VALUE_LENGTH) {
          break;
        }
        b.append(c).append(s.charAt(++i));
      } else if (c == 0 || Character.isSurrogate(c)) {
        b.append('\uFFFD');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private void endWith(RunStatus status, Map<String, String> tags) {
    write(
        tx -> {
          endInTransaction(tx, DefaultTracking.requireRun(tx, id), status, tags);
          return null;
        });
  }

  private void endInTransaction(
      MetadataTransaction tx, Run current, RunStatus status, Map<String, String> tags) {
    Instant now = tracking.clock.instant();
    tx.updateRun(current.end(status, now));
    if (!tags.isEmpty()) {
      tx.setTags(id, tags);
    }
    tracking.audit.append(
        tx,
        now,
        tracking.actor,
        DefaultTracking.RUN_ENDED,
        "run/" + id,
        Map.of("status", status.name()));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    tracking.ensureOpen.run();
    tracking.metadata.inTransaction(
        tx -> {
          Run current = DefaultTracking.requireRun(tx, id);
          if (!current.status().isTerminal()) {
            endInTransaction(tx, current, RunStatus.FINISHED, Map.of());
          }
          return null;
        });
  }

  /** Runs work in one transaction after checking the run exists and is running. */
  private <T> T write(Function<MetadataTransaction, T> work) {
    tracking.ensureOpen.run();
    return tracking.metadata.inTransaction(
        tx -> {
          requireRunning(tx);
          return work.apply(tx);
        });
  }

  private Run requireRunning(MetadataTransaction tx) {
    Run run = DefaultTracking.requireRun(tx, id);
    if (run.status().isTerminal()) {
      throw ConflictException.of("run " + id + " is " + run.status() + "; start a new run");
    }
    return run;
  }
}
