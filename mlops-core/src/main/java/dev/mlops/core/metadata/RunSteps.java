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
 * <p>Rows live in chunks: the first grows by doubling up to {@value #CHUNK} rows, then every chunk
 * holds {@value #CHUNK}. A long run never copies its rows to grow, and leaves no garbage arrays
 * behind (a 10,000-step run would otherwise copy about 2 MB of columns on its way).
 *
 * <p>Lookup by id goes through an open-addressing index of row positions by the id's hash.
 *
 * <p>Not thread-safe: guarded by the store's lock.
 */
final class RunSteps {
  private static final int FIRST = 16;
  static final int CHUNK = 1024;
  private static final int SHIFT = 10; // CHUNK == 1 << SHIFT

  /** The columns of up to {@link #CHUNK} rows. */
  private static final class Chunk {
    @Nullable String[] ids; // null: <runId>.<step>
    int[] hashes;
    String[] pipelines;
    String[] steps;
    String[] versions;
    StepStatus[] statuses;
    int[] attempts;
    long[] started;
    long[] ended;
    @Nullable String[] keys;
    Object[] maps; // key parts, inputs, outputs
    @Nullable String[] errors;
    String[] reasons;

    Chunk(int capacity) {
      ids = new String[capacity];
      hashes = new int[capacity];
      pipelines = new String[capacity];
      steps = new String[capacity];
      versions = new String[capacity];
      statuses = new StepStatus[capacity];
      attempts = new int[capacity];
      started = new long[capacity];
      ended = new long[capacity];
      keys = new String[capacity];
      maps = new Object[capacity * 3];
      errors = new String[capacity];
      reasons = new String[capacity];
    }

    int capacity() {
      return hashes.length;
    }

    void grow(int n) {
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

    void clear(int at) {
      ids[at] = null;
      pipelines[at] = null;
      steps[at] = null;
      versions[at] = null;
      statuses[at] = null;
      keys[at] = null;
      maps[at * 3] = null;
      maps[at * 3 + 1] = null;
      maps[at * 3 + 2] = null;
      errors[at] = null;
      reasons[at] = null;
    }
  }

  final String runId;
  private int size;
  private Chunk[] chunks = {new Chunk(FIRST)};
  // rows whose times do not fit in nanoseconds since the epoch (before 1677, after 2262)
  private final Map<Integer, Instant[]> wideTimes = new HashMap<>();
  // open addressing: row + 1, 0 for free; the length is a power of two, at most half full
  private int[] index = new int[FIRST * 2];

  RunSteps(String runId) {
    this.runId = runId;
  }

  int size() {
    return size;
  }

  private Chunk chunk(int row) {
    return chunks[row >>> SHIFT];
  }

  private static int at(int row) {
    return row & (CHUNK - 1);
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
      if (chunk(row).hashes[at(row)] == h && idEquals(row, executionId)) {
        return row;
      }
    }
  }

  private boolean idEquals(int row, String id) {
    Chunk c = chunk(row);
    String stored = c.ids[at(row)];
    return stored != null ? stored.equals(id) : isRunDotStep(id, runId, c.steps[at(row)]);
  }

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
   * Appends an execution unless its id is in this table.
   *
   * @param runDotStep whether the id is {@code <runId>.<step>} (then it is not stored)
   * @return false if the id was recorded before
   */
  boolean addIfAbsent(StepExecution e, boolean runDotStep) {
    String id = e.executionId();
    // for <runId>.<step> the suffix is the step name, whose String caches its hash
    int h = runDotStep ? e.step().hashCode() : idHash(id);
    int mask = index.length - 1;
    int slot = mix(h) & mask;
    for (; index[slot] != 0; slot = (slot + 1) & mask) {
      int row = index[slot] - 1;
      if (chunk(row).hashes[at(row)] == h && idEquals(row, id)) {
        return false;
      }
    }
    int row = size;
    Chunk c = room(row);
    int a = at(row);
    size++;
    c.ids[a] = runDotStep ? null : id;
    c.hashes[a] = h;
    c.pipelines[a] = e.pipeline();
    c.steps[a] = e.step();
    c.versions[a] = e.stepVersion();
    c.statuses[a] = e.status();
    c.attempts[a] = e.attempts();
    long s = nanos(e.startedAt());
    long t = nanos(e.endedAt());
    if (s == Long.MIN_VALUE || t == Long.MIN_VALUE) {
      wideTimes.put(row, new Instant[] {e.startedAt(), e.endedAt()});
    }
    c.started[a] = s;
    c.ended[a] = t;
    c.keys[a] = e.cacheKey();
    c.maps[a * 3] = e.keyParts();
    c.maps[a * 3 + 1] = e.inputs();
    c.maps[a * 3 + 2] = e.outputs();
    c.errors[a] = e.error();
    c.reasons[a] = e.reason();
    if ((size << 1) > index.length) {
      rehash(index.length << 1);
    } else {
      index[slot] = row + 1;
    }
    return true;
  }

  /** The chunk that holds a new row, made or grown as needed. */
  private Chunk room(int row) {
    int k = row >>> SHIFT;
    if (k == chunks.length) {
      chunks = Arrays.copyOf(chunks, k + 1);
      chunks[k] = new Chunk(CHUNK);
    }
    Chunk c = chunks[k];
    if (at(row) == c.capacity()) { // only the first chunk starts small
      c.grow(Math.min(CHUNK, c.capacity() << 1));
    }
    return c;
  }

  /** Drops the rows from {@code newSize} on (a transaction's undo). */
  void truncate(int newSize) {
    for (int row = newSize; row < size; row++) {
      chunk(row).clear(at(row));
      wideTimes.remove(row);
    }
    size = newSize;
    rehash(index.length);
  }

  StepExecution get(int row) {
    Chunk c = chunk(row);
    int a = at(row);
    String id = c.ids[a];
    Instant[] wide = wideTimes.get(row);
    return new StepExecution(
        id != null ? id : runId + "." + c.steps[a],
        runId,
        c.pipelines[a],
        c.steps[a],
        c.versions[a],
        c.statuses[a],
        c.attempts[a],
        wide != null ? wide[0] : instant(c.started[a]),
        wide != null ? wide[1] : instant(c.ended[a]),
        c.keys[a],
        map(c.maps[a * 3]),
        map(c.maps[a * 3 + 1]),
        map(c.maps[a * 3 + 2]),
        c.errors[a],
        c.reasons[a]);
  }

  @SuppressWarnings(
      "unchecked") // the cell holds what StepExecution's accessor of that map returned
  private static <V> Map<String, V> map(Object cell) {
    return (Map<String, V>) cell;
  }

  Map<String, ArtifactRef> inputs(int row) {
    return map(chunk(row).maps[at(row) * 3 + 1]);
  }

  private void rehash(int length) {
    index = new int[length];
    int mask = length - 1;
    for (int row = 0; row < size; row++) {
      int slot = mix(chunk(row).hashes[at(row)]) & mask;
      while (index[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      index[slot] = row + 1;
    }
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
