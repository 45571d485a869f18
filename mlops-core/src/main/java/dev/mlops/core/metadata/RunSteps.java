package dev.mlops.core.metadata;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The step executions of one run in {@link InMemoryMetadataStore}, stored column-wise: one array
 * per field, times as nanoseconds, and no object per execution. The pipeline engine records an
 * execution per step per run, thousands per run; stored as records they would fill the heap with
 * small objects that every young collection copies. The columns hold references to the same
 * immutable strings and maps the recorded {@link StepExecution} held (a cached step's key, key
 * parts and maps are shared between its executions), and an id is kept only when it is not the
 * engine's {@code <runId>.<step>}. {@link #get} makes an equal {@link StepExecution} again.
 *
 * <p>Lookup by id goes through an open-addressing index of row positions by the id's hash.
 *
 * <p>Not thread-safe: guarded by the store's lock.
 */
final class RunSteps {
  private static final int INITIAL = 16;

  final String runId;
  private int size;
  private @Nullable String[] ids = new String[INITIAL]; // null: <runId>.<step>
  private int[] hashes = new int[INITIAL];
  private String[] pipelines = new String[INITIAL];
  private String[] steps = new String[INITIAL];
  private String[] versions = new String[INITIAL];
  private StepStatus[] statuses = new StepStatus[INITIAL];
  private int[] attempts = new int[INITIAL];
  private long[] started = new long[INITIAL];
  private long[] ended = new long[INITIAL];
  private @Nullable String[] keys = new String[INITIAL];
  private Object[] maps = new Object[INITIAL * 3]; // key parts, inputs, outputs
  private @Nullable String[] errors = new String[INITIAL];
  private String[] reasons = new String[INITIAL];
  // rows whose times do not fit in nanoseconds since the epoch (before 1677, after 2262)
  private final Map<Integer, Instant[]> wideTimes = new HashMap<>();
  // open addressing: row + 1, 0 for free; the length is a power of two, at most half full
  private int[] index = new int[INITIAL * 2];

  RunSteps(String runId) {
    this.runId = runId;
  }

  int size() {
    return size;
  }

  /** Finds the row of an execution id, or -1. */
  int find(String executionId) {
    int h = idHash(executionId);
    int mask = index.length - 1;
    for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
      int row = index[slot] - 1;
      if (row < 0) {
        return -1;
      }
      if (hashes[row] == h && idEquals(row, executionId)) {
        return row;
      }
    }
  }

  private boolean idEquals(int row, String id) {
    String stored = ids[row];
    return stored != null ? stored.equals(id) : isRunDotStep(id, runId, steps[row]);
  }

  /** Whether the id is {@code <runId>.<step>}, without building that string. */
  /**
   * The hash an id is indexed under: of the part after {@code <runId>.} when the id starts so (as
   * {@link String#hashCode} of that part), else of the whole id. Ids of one run share the prefix,
   * so hashing only the rest loses nothing and costs no pass over the run id.
   */
  private int idHash(String id) {
    int r = runId.length();
    if (id.length() <= r || id.charAt(r) != '.' || !id.startsWith(runId)) {
      return id.hashCode();
    }
    int h = 0;
    for (int i = r + 1; i < id.length(); i++) {
      h = 31 * h + id.charAt(i);
    }
    return h;
  }

  static boolean isRunDotStep(String id, String runId, String step) {
    int r = runId.length();
    return id.length() == r + 1 + step.length()
        && id.charAt(r) == '.'
        && id.startsWith(runId)
        && id.endsWith(step);
  }

  /**
   * Appends an execution of this run unless this table holds its id already (the caller checks the
   * ids of other tables).
   *
   * @param e the execution
   * @param runDotStep whether its id is {@code <runId>.<step>}
   * @return false, adding nothing, if the id is in this table
   */
  boolean addIfAbsent(StepExecution e, boolean runDotStep) {
    String id = e.executionId();
    // for <runId>.<step> the suffix is the step name, whose String caches its hash
    int h = runDotStep ? e.step().hashCode() : idHash(id);
    int mask = index.length - 1;
    int slot = mix(h) & mask;
    for (; index[slot] != 0; slot = (slot + 1) & mask) {
      int at = index[slot] - 1;
      if (hashes[at] == h && idEquals(at, id)) {
        return false;
      }
    }
    if (size == steps.length) {
      grow();
    }
    int row = size++;
    ids[row] = runDotStep ? null : id;
    hashes[row] = h;
    pipelines[row] = e.pipeline();
    steps[row] = e.step();
    versions[row] = e.stepVersion();
    statuses[row] = e.status();
    attempts[row] = e.attempts();
    long s = nanos(e.startedAt());
    long t = nanos(e.endedAt());
    if (s == Long.MIN_VALUE || t == Long.MIN_VALUE) {
      wideTimes.put(row, new Instant[] {e.startedAt(), e.endedAt()});
    }
    started[row] = s;
    ended[row] = t;
    keys[row] = e.cacheKey();
    maps[row * 3] = e.keyParts();
    maps[row * 3 + 1] = e.inputs();
    maps[row * 3 + 2] = e.outputs();
    errors[row] = e.error();
    reasons[row] = e.reason();
    if ((size << 1) > index.length) {
      rehash(index.length << 1);
    } else {
      index[slot] = row + 1;
    }
    return true;
  }

  /** Drops the rows from {@code newSize} on: the undo of {@link #add}s. */
  void truncate(int newSize) {
    for (int row = newSize; row < size; row++) {
      ids[row] = null;
      pipelines[row] = null;
      steps[row] = null;
      versions[row] = null;
      statuses[row] = null;
      keys[row] = null;
      maps[row * 3] = null;
      maps[row * 3 + 1] = null;
      maps[row * 3 + 2] = null;
      errors[row] = null;
      reasons[row] = null;
      wideTimes.remove(row);
    }
    size = newSize;
    rehash(index.length);
  }

  /** Makes the execution of a row again, equal to the one recorded. */
  StepExecution get(int row) {
    String id = ids[row];
    Instant[] wide = wideTimes.get(row);
    return new StepExecution(
        id != null ? id : runId + "." + steps[row],
        runId,
        pipelines[row],
        steps[row],
        versions[row],
        statuses[row],
        attempts[row],
        wide != null ? wide[0] : instant(started[row]),
        wide != null ? wide[1] : instant(ended[row]),
        keys[row],
        map(maps[row * 3]),
        map(maps[row * 3 + 1]),
        map(maps[row * 3 + 2]),
        errors[row],
        reasons[row]);
  }

  @SuppressWarnings(
      "unchecked") // the cell holds what StepExecution's accessor of that map returned
  private static <V> Map<String, V> map(Object cell) {
    return (Map<String, V>) cell;
  }

  /** The inputs map of a row, without making the execution. */
  Map<String, ArtifactRef> inputs(int row) {
    return map(maps[row * 3 + 1]);
  }

  private void insert(int row) {
    int mask = index.length - 1;
    int slot = mix(hashes[row]) & mask;
    while (index[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    index[slot] = row + 1;
  }

  private void rehash(int length) {
    index = new int[length];
    for (int row = 0; row < size; row++) {
      insert(row);
    }
  }

  private void grow() {
    int n = steps.length << 1;
    ids = Arrays.copyOf(ids, n);
    hashes = Arrays.copyOf(hashes, n);
    pipelines = Arrays.copyOf(pipelines, n);
    steps = Arrays.copyOf(steps, n);
    versions = Arrays.copyOf(versions, n);
    statuses = Arrays.copyOf(statuses, n);
    attempts = Arrays.copyOf(attempts, n);
    started = Arrays.copyOf(started, n);
    ended = Arrays.copyOf(ended, n);
    keys = Arrays.copyOf(keys, n);
    maps = Arrays.copyOf(maps, n * 3);
    errors = Arrays.copyOf(errors, n);
    reasons = Arrays.copyOf(reasons, n);
  }

  /**
   * Spreads a string hash over the table. Execution ids of one run differ only in their last
   * characters, so their {@link String#hashCode} values are close together; a multiplicative mix
   * keeps linear probing from running along long clusters of neighbouring slots.
   */
  private static int mix(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 15);
  }

  /** Nanoseconds since the epoch, or {@code Long.MIN_VALUE} if they do not fit in a long. */
  private static long nanos(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds <= -9_223_372_036L || seconds >= 9_223_372_035L) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + t.getNano();
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
