package dev.mlops.monitoring;

import dev.mlops.validation.profile.ProfileAccumulator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One recording thread's state: its current pane, panes it has moved past, a spare pane to reuse,
 * and its prediction-id sequence.
 *
 * <p>Guarded by {@link #lock()}: the recording thread takes it per record (uncontended except while
 * the closer sweeps), the closer takes it to collect panes. It is a spin lock of one CAS to take
 * and a release store to give back (a {@code synchronized} block costs a second CAS to leave, and
 * the serving path pays it per record); a waiter spins, then yields. It is not reentrant.
 */
final class Shard {
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Shard.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;

  /** Prediction ids: shard id in the high 24 bits, the shard's sequence in the low 40. */
  static final int SEQUENCE_BITS = 40;

  void lock() {
    if (!STATE.compareAndSet(this, 0, 1)) {
      contended();
    }
  }

  private void contended() {
    int spins = 0;
    while (!STATE.compareAndSet(this, 0, 1)) {
      if (++spins < 100) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }

  void unlock() {
    STATE.setRelease(this, 0);
  }

  final long idBase;
  long sequence;
  @Nullable Pane current;

  /** The current pane's time range [paneStart, paneEnd) in epoch millis; empty when none. */
  long paneStart = Long.MAX_VALUE;

  long paneEnd = Long.MIN_VALUE;
  @Nullable Pane spare;
  final List<Pane> retired = new ArrayList<>(2);

  /** Set by the owning thread under the lock, read by it after release: schedule advance(). */
  boolean advanceDue;

  long total;
  long totalErrors;

  Shard(int id) {
    this.idBase = (long) id << SEQUENCE_BITS;
  }

  /**
   * Returns the pane for a pane index (clamped to the first open pane), retiring the current one
   * when time moved on. Caller holds the lock.
   */
  Pane paneFor(long index, long firstOpen, ProfileAccumulator template) {
    long i = Math.max(index, firstOpen);
    Pane p = current;
    if (p != null) {
      if (i <= p.index) {
        return p;
      }
      retired.add(p);
    }
    Pane s = spare;
    if (s != null) {
      spare = null;
      s.reset(i);
      current = s;
      return s;
    }
    Pane n = new Pane(i, template);
    current = n;
    return n;
  }
}
