package dev.mlops.monitoring.alert;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers items to one target (a sink or a trigger) on its own daemon thread, through a bounded
 * queue, so the target never runs on, blocks or throws into the thread that offers.
 *
 * <p>Thread-safe. {@link #offer} never blocks and never throws. Each delivery is bounded by the
 * send timeout: a watchdog interrupts a send that overruns, counts it as timed out, and the worker
 * moves on; a target that ignores interrupts keeps its worker busy, its queue fills and further
 * alerts are counted as dropped. Every cause of trouble (queue full, timeout, an exception class)
 * is logged at WARN the first time and at DEBUG after.
 */
final class DeliveryWorker<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  private final String name;
  private final Consumer<T> action;
  private final ArrayBlockingQueue<T> queue;
  private final ScheduledExecutorService watchdog;
  private final Duration timeout;
  private final Thread thread;
  private final Object lock = new Object();
  private final Set<String> loggedCauses = ConcurrentHashMap.newKeySet();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong warnings = new AtomicLong();
  private volatile boolean closed;

  // Guarded by lock: the delivery in progress, so the watchdog interrupts only that one.
  private @Nullable Delivery current;

  DeliveryWorker(
      String name,
      Consumer<T> action,
      int capacity,
      Duration timeout,
      ScheduledExecutorService watchdog) {
    this.name = Objects.requireNonNull(name, "name");
    this.action = Objects.requireNonNull(action, "action");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
    this.thread = new Thread(this::run, "mlops-alert-" + name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  String name() {
    return name;
  }

  /** Queues an item; counts and returns false if the queue is full or the worker closed. */
  boolean offer(T item) {
    if (closed) {
      dropped.incrementAndGet();
      logOnce("closed", "alert target '{}' is closed; alert dropped", null);
      return false;
    }
    if (!queue.offer(item)) {
      dropped.incrementAndGet();
      logOnce(
          "queue-full",
          "alert target '{}' is not keeping up (queue of "
              + (queue.size() + queue.remainingCapacity())
              + " full); alerts are dropped and counted",
          null);
      return false;
    }
    return true;
  }

  DeliveryStats stats() {
    return new DeliveryStats(name, delivered.get(), dropped.get(), failed.get(), timedOut.get());
  }

  private void run() {
    while (true) {
      T item;
      if (closed) {
        item = queue.poll();
        if (item == null) {
          return;
        }
      } else {
        try {
          item = queue.take();
        } catch (InterruptedException e) {
          // close() wakes an idle worker; the loop then drains what is left and ends.
          continue;
        }
      }
      deliver(item);
    }
  }

  private void deliver(T item) {
    Delivery delivery = new Delivery();
    synchronized (lock) {
      current = delivery;
      // An interrupt that close() sent while this item was being taken is not for the delivery.
      Thread.interrupted();
    }
    ScheduledFuture<?> watch = null;
    try {
      watch = watchdog.schedule(() -> expire(delivery), timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The engine is closing and the watchdog is gone: deliver without a bound.
      watch = null;
    }
    try {
      action.accept(item);
      if (finish(delivery)) {
        delivered.incrementAndGet();
      }
    } catch (Exception | LinkageError | AssertionError e) {
      if (finish(delivery)) {
        failed.incrementAndGet();
        logOnce(
            e.getClass().getName(),
            "alert target '{}' failed to deliver an alert (counted; later failures of this kind"
                + " are logged at DEBUG)",
            e);
      }
    } finally {
      if (watch != null) {
        watch.cancel(false);
      }
      finish(delivery);
    }
  }

  /** Marks the delivery done; returns false if the watchdog had already timed it out. */
  private boolean finish(Delivery delivery) {
    synchronized (lock) {
      if (current == delivery) {
        current = null;
      }
      boolean first = !delivery.done;
      delivery.done = true;
      // Clears an interrupt the watchdog sent for this delivery (it sends one only while this
      // delivery is current, under this lock), so it cannot reach the next one.
      Thread.interrupted();
      return first;
    }
  }

  private void expire(Delivery delivery) {
    synchronized (lock) {
      if (delivery.done || current != delivery) {
        return;
      }
      delivery.done = true;
      timedOut.incrementAndGet();
      thread.interrupt();
    }
    logOnce(
        "timeout",
        "alert target '{}' did not deliver within " + timeout + "; its thread was interrupted",
        null);
  }

  private void logOnce(String cause, String message, @Nullable Throwable error) {
    if (loggedCauses.add(cause)) {
      warnings.incrementAndGet();
      if (error != null) {
        LOG.warn(message, name, error);
      } else {
        LOG.warn(message, name);
      }
    } else if (LOG.isDebugEnabled()) {
      if (error != null) {
        LOG.debug(message, name, error);
      } else {
        LOG.debug(message, name);
      }
    }
  }

  /**
   * Stops taking alerts, delivers those queued (each within the send timeout) and ends the thread,
   * waiting at most {@code wait}. Idempotent.
   */
  void close(Duration wait) {
    closed = true;
    synchronized (lock) {
      if (current == null) {
        thread.interrupt(); // wakes an idle take(); the loop then drains and ends
      }
    }
    try {
      thread.join(Math.max(1, wait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
      LOG.warn(
          "alert target '{}' was still delivering when its engine closed; {} queued alerts are"
              + " abandoned",
          name,
          queue.size());
    }
  }

  @Override
  public void close() {
    close(timeout);
  }

  /** How many WARN lines this worker logged: one per cause. */
  long warningsLogged() {
    return warnings.get();
  }

  boolean isAlive() {
    return thread.isAlive();
  }

  private static final class Delivery {
    boolean done;
  }
}
