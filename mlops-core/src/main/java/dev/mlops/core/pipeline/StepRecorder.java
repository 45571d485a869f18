package dev.mlops.core.pipeline;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StepCacheEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Writes the records of finished steps of one run in batches: one metadata transaction per {@link
 * #MAX_BATCH} records or per {@link #MAX_DELAY_NANOS} of real time, whichever comes first, and
 * everything left when the run ends. Each record is the step execution, its lineage events (inputs
 * always; outputs when the body ran and wrote them), its cache entry; each batch appends one audit
 * event {@code pipeline.steps.recorded} (subject {@code run:<id>}, details: the number of steps,
 * the first and last execution id). A crash loses at most the records not yet written, and a later
 * run re-executes exactly those steps.
 *
 * <p>Thread-safe: steps finish on many threads; one of them writes a batch while the others go on.
 */
final class StepRecorder {
  static final int MAX_BATCH = 256;
  static final long MAX_DELAY_NANOS = 10_000_000L;

  /** One finished step. */
  record Record(StepExecution execution, @Nullable StepCacheEntry cacheEntry) {}

  private final MetadataStore metadata;
  private final AuditWriter audit;
  private final ConcurrentLinkedQueue<Record> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong lastFlush = new AtomicLong(System.nanoTime());
  private final ReentrantLock writing = new ReentrantLock();
  private volatile @Nullable RuntimeException failure;

  StepRecorder(MetadataStore metadata, AuditWriter audit) {
    this.metadata = metadata;
    this.audit = audit;
  }

  /** Queues a record and writes a batch when one is due and no other thread is writing. */
  void add(Record r) {
    queue.add(r);
    int n = queued.incrementAndGet();
    if ((n >= MAX_BATCH || System.nanoTime() - lastFlush.get() >= MAX_DELAY_NANOS)
        && writing.tryLock()) {
      try {
        drain();
      } finally {
        writing.unlock();
      }
    }
  }

  /**
   * Writes a batch that one thread collected itself (at most {@link #MAX_BATCH} records, the oldest
   * at most about {@link #MAX_DELAY_NANOS} old), after anything queued: no queue node or counter
   * per record.
   */
  void addBatch(List<Record> batch) {
    if (batch.isEmpty()) {
      return;
    }
    writing.lock();
    try {
      drain();
      writeKeepingFailure(batch);
      lastFlush.set(System.nanoTime());
    } finally {
      writing.unlock();
    }
  }

  /**
   * Writes everything queued.
   *
   * @throws RuntimeException the first failure of any batch of this recorder
   */
  void flush() {
    writing.lock();
    try {
      drain();
    } finally {
      writing.unlock();
    }
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
  }

  private void drain() {
    while (true) {
      List<Record> batch = new ArrayList<>();
      Record r;
      while (batch.size() < MAX_BATCH && (r = queue.poll()) != null) {
        batch.add(r);
      }
      if (batch.isEmpty()) {
        return;
      }
      queued.addAndGet(-batch.size());
      writeKeepingFailure(batch);
      lastFlush.set(System.nanoTime());
    }
  }

  private void writeKeepingFailure(List<Record> batch) {
    try {
      write(batch);
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      }
    }
  }

  private void write(List<Record> batch) {
    metadata.inTransaction(
        tx -> {
          List<StepExecution> executions = new ArrayList<>(batch.size());
          for (Record r : batch) {
            executions.add(r.execution());
          }
          tx.recordStepExecutions(executions);
          for (Record r : batch) {
            StepExecution e = r.execution();
            if (!e.inputs().isEmpty()) {
              for (ArtifactRef in : e.inputs().values()) {
                tx.recordLineageEvent(
                    new LineageEvent(e.executionId(), in, Direction.INPUT, e.startedAt()));
              }
            }
            if (e.status() == StepStatus.SUCCEEDED && !e.outputs().isEmpty()) {
              for (ArtifactRef out : e.outputs().values()) {
                tx.recordLineageEvent(
                    new LineageEvent(e.executionId(), out, Direction.OUTPUT, e.endedAt()));
              }
            }
            StepCacheEntry entry = r.cacheEntry();
            if (entry != null) {
              tx.putStepCacheEntry(entry);
            }
          }
          StepExecution first = batch.get(0).execution();
          StepExecution last = batch.get(batch.size() - 1).execution();
          audit.append(
              tx,
              "pipeline.steps.recorded",
              "run:" + first.runId(),
              Map.of(
                  "steps", Integer.toString(batch.size()),
                  "first", first.executionId(),
                  "last", last.executionId()));
          return null;
        });
  }
}
