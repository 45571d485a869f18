package dev.mlops.core;

import dev.mlops.api.tracking.AsyncLoggerConfig;
import dev.mlops.api.tracking.AsyncRunLogger;
import dev.mlops.api.tracking.MetricPoint;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AsyncRunLogger}: a bounded FIFO queue and one daemon drain thread. The thread takes
 * the first queued point, then collects more until it has {@code maxBatch} points or {@code
 * flushInterval} has passed since the first (wall time, {@link System#nanoTime()}), and commits
 * them in one transaction. {@link #flush()} and {@link #close()} enqueue a marker and wait for the
 * thread to reach it, so they cover exactly what was queued before them.
 *
 * <p>Thread-safe.
 */
final class DefaultAsyncRunLogger implements AsyncRunLogger {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultAsyncRunLogger.class);
  static final String THREAD_PREFIX = "mlops-async-logger-";
  private static final AtomicLong THREADS = new AtomicLong();

  private sealed interface Item permits Point, Marker {}

  private record Point(MetricPoint point) implements Item {}

  private record Marker(CountDownLatch reached, boolean stop) implements Item {}

  private final DefaultActiveRun run;
  private final InstantSource clock;
  private final AsyncLoggerConfig config;
  private final BlockingQueue<Item> queue;
  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean warnedDrop = new AtomicBoolean();
  private final AtomicBoolean loggedFailure = new AtomicBoolean();
  private final Object failureLock = new Object();
  private @Nullable RuntimeException failure; // guarded by failureLock

  DefaultAsyncRunLogger(DefaultActiveRun run, InstantSource clock, AsyncLoggerConfig config) {
    this.run = run;
    this.clock = clock;
    this.config = config;
    // One extra slot per waiter is not needed: markers are put with a blocking put.
    this.queue = new ArrayBlockingQueue<>(config.capacity());
    this.thread = new Thread(this::drainLoop, THREAD_PREFIX + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void logMetric(String key, double value) {
    logMetric(key, value, 0);
  }

  @Override
  public void logMetric(String key, double value, long step) {
    MetricPoint p = new MetricPoint(key, value, step, clock.instant());
    if (closed.get()) {
      throw new IllegalStateException(
          "this async logger of run " + run.id() + " is closed; open a new one with run.async()");
    }
    Point item = new Point(p);
    switch (config.backPressure()) {
      case BLOCK -> {
        try {
          queue.put(item);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "interrupted while waiting for room in the async logger of run " + run.id(), e);
        }
      }
      case DROP_NEWEST -> {
        if (!queue.offer(item)) {
          long n = dropped.incrementAndGet();
          if (warnedDrop.compareAndSet(false, true)) {
            LOG.warn(
                "async logger of run {} is full ({} points): dropping new points ({} so far);"
                    + " raise the capacity or log less often",
                run.id(),
                config.capacity(),
                n);
          }
        }
      }
      case FAIL -> {
        if (!queue.offer(item)) {
          throw new IllegalStateException(
              "the async logger of run "
                  + run.id()
                  + " is full ("
                  + config.capacity()
                  + " points); the store is not keeping up: raise the capacity or log less often");
        }
      }
    }
  }

  @Override
  public void flush() {
    if (!closed.get()) {
      awaitMarker(false);
    }
    rethrowFailure();
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    awaitMarker(true);
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    // Points that raced past the closed check after the stop marker: commit them here.
    List<Item> rest = new ArrayList<>();
    queue.drainTo(rest);
    List<MetricPoint> points = new ArrayList<>();
    for (Item i : rest) {
      if (i instanceof Point p) {
        points.add(p.point());
      } else if (i instanceof Marker m) {
        m.reached().countDown();
      }
    }
    commit(points);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    rethrowFailure();
  }

  private void awaitMarker(boolean stop) {
    Marker marker = new Marker(new CountDownLatch(1), stop);
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(marker);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      while (true) {
        try {
          // A thread that has ended (closed concurrently) never reaches the marker; close() has
          // committed what was queued then.
          if (marker.reached().await(50, TimeUnit.MILLISECONDS) || !thread.isAlive()) {
            return;
          }
        } catch (InterruptedException e) {
          if (!stop) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                "interrupted while flushing the async logger of run " + run.id(), e);
          }
          interrupted = true; // close always completes
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void rethrowFailure() {
    RuntimeException f;
    synchronized (failureLock) {
      f = failure;
      failure = null;
    }
    if (f != null) {
      throw f;
    }
  }

  private void drainLoop() {
    List<MetricPoint> batch = new ArrayList<>(Math.min(config.maxBatch(), 4096));
    long intervalNanos = config.flushInterval().toNanos();
    try {
      while (true) {
        Item first = queue.take();
        long deadline = System.nanoTime() + intervalNanos;
        Item next = first;
        while (true) {
          if (next instanceof Point p) {
            batch.add(p.point());
            if (batch.size() >= config.maxBatch()) {
              commit(batch);
              batch.clear();
              deadline = System.nanoTime() + intervalNanos;
            }
          } else if (next instanceof Marker m) {
            commit(batch);
            batch.clear();
            m.reached().countDown();
            if (m.stop()) {
              return;
            }
            break;
          }
          long wait = deadline - System.nanoTime();
          next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            commit(batch);
            batch.clear();
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      // Nobody interrupts this private thread; if someone does, stop draining: close() commits
      // what is left on the caller's thread.
      commit(batch);
      Thread.currentThread().interrupt();
    }
  }

  /** Commits points in one transaction; a failure is kept for the next flush or close. */
  private void commit(List<MetricPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    try {
      run.logMetrics(List.copyOf(points));
    } catch (RuntimeException e) {
      if (loggedFailure.compareAndSet(false, true)) {
        LOG.error(
            "async logger of run {} could not store {} metric points; they are lost, and the"
                + " failure is rethrown from the next flush() or close()",
            run.id(),
            points.size(),
            e);
      }
      synchronized (failureLock) {
        RuntimeException first = failure;
        if (first == null) {
          failure = e;
        } else if (first != e) {
          first.addSuppressed(e);
        }
      }
    }
  }
}
