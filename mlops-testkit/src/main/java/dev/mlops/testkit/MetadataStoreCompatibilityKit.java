package dev.mlops.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.mlops.api.ConflictException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionKind;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.ParamType;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.api.tracking.query.Attribute;
import dev.mlops.api.tracking.query.Field;
import dev.mlops.api.tracking.query.Literal;
import dev.mlops.api.tracking.query.Operator;
import dev.mlops.api.tracking.query.OrderBy;
import dev.mlops.api.tracking.query.RunCursor;
import dev.mlops.api.tracking.query.RunFilter;
import dev.mlops.api.tracking.query.RunPage;
import dev.mlops.api.tracking.query.RunQuery;
import dev.mlops.spi.ArtifactVersionDraft;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import dev.mlops.spi.ModelVersionDraft;
import dev.mlops.spi.StepCacheEntry;
import dev.mlops.spi.TransactionWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compatibility kit for {@link MetadataStore} backends: every check of the documented contract
 * of {@link MetadataStore} and {@link MetadataTransaction}, as one abstract JUnit 5 class. A
 * backend author extends it and implements one factory method; every bundled backend passes it.
 *
 * <p>The kit is not thread-safe itself (JUnit creates one instance per test); its concurrency
 * checks start their own threads. Each test gets a fresh store from {@link #newStore()} and the kit
 * closes it after the test.
 *
 * <pre>{@code
 * class MyStoreCompatibilityTest extends MetadataStoreCompatibilityKit {
 *   @Override
 *   protected MetadataStore newStore() {
 *     return MyStore.open(freshEmptyDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>With Maven Surefire, add {@code <include>**}{@code /*CompatibilityKit.java</include>} to the
 * plugin's {@code <includes>} (beside the default patterns): the kit's {@code @Nested} groups are
 * inherited, their class names are {@code MetadataStoreCompatibilityKit$<Group>}, and Surefire's
 * default includes would filter them out and run no test at all.
 *
 * <p>What the kit holds a store to, beyond the Javadoc of the SPI, stated here so that implementers
 * need not guess:
 *
 * <ul>
 *   <li><b>Time.</b> Every instant the kit stores has microsecond precision (it comes from a {@link
 *       ManualClock}, never from {@code Instant.now()}), and must come back equal: stores must keep
 *       at least microsecond precision.
 *   <li><b>Order.</b> Names and ids are listed in code point order (a binary, "C" collation), never
 *       case-insensitively.
 *   <li><b>Doubles.</b> Metric values come back bit for bit as {@link MetricPoint#equals} compares
 *       them: NaN, both infinities, {@code -0.0} (distinct from {@code 0.0}), subnormals and the
 *       extremes.
 *   <li><b>Failed operations write nothing.</b> An operation that throws ({@link
 *       ConflictException}, {@link NotFoundException}, {@link IllegalArgumentException}) has
 *       changed nothing, and the transaction can go on: the kit catches such an exception inside
 *       work, commits, and checks that nothing of the failed call was kept.
 *   <li><b>Exceptions from work propagate unchanged</b> (the same instance), and nothing the work
 *       wrote is kept.
 *   <li><b>Tombstones.</b> A deleted artifact version counts as missing for {@code
 *       setArtifactAlias} and {@code createModelVersion} ({@link NotFoundException}).
 *   <li><b>Null arguments</b> (other than those marked {@code @Nullable}) throw {@link
 *       NullPointerException}, and a listing limit outside 1 to {@value
 *       MetadataTransaction#MAX_PAGE} throws {@link IllegalArgumentException}.
 *   <li><b>Retries.</b> The kit's work only acts through its transaction, so a store may run it
 *       more than once.
 * </ul>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public abstract class MetadataStoreCompatibilityKit {

  /** The first instant of every test; microsecond precision, like every instant the kit stores. */
  private static final Instant START = Instant.parse("2026-03-01T12:00:00.123456Z");

  private static final String EXPERIMENT = "exp-1";

  /** The kit's clock: advanced by one millisecond per timestamp the kit needs. */
  private final ManualClock clock = ManualClock.of(START);

  private final AtomicInteger contentCounter = new AtomicInteger();
  private @Nullable MetadataStore store;

  /** Creates the kit. */
  protected MetadataStoreCompatibilityKit() {}

  /**
   * Creates the store under test: a fresh, empty store for each test. The kit closes it after the
   * test.
   *
   * @return a new, empty store
   */
  protected abstract MetadataStore newStore();

  /**
   * Returns how many threads the concurrency checks start.
   *
   * @return the number of concurrent writers; 8 by default
   */
  protected int concurrentWriters() {
    return 8;
  }

  /**
   * Returns the store of the running test, for backend-specific checks in a subclass.
   *
   * @return the store created by {@link #newStore()} for this test
   * @throws IllegalStateException if called outside a test
   */
  protected final MetadataStore store() {
    MetadataStore s = store;
    if (s == null) {
      throw new IllegalStateException("the store exists only while a test runs");
    }
    return s;
  }

  @BeforeEach
  final void openKitStore() {
    store = Objects.requireNonNull(newStore(), "newStore() returned null");
  }

  @AfterEach
  final void closeKitStore() {
    MetadataStore s = store;
    store = null;
    if (s != null) {
      s.close();
    }
  }

  // ================================================================ helpers

  /** A call on a transaction, for parameterized checks. */
  @FunctionalInterface
  interface TxCall {
    void call(MetadataTransaction tx);
  }

  private <T> T inTx(TransactionWork<T> work) {
    return store().inTransaction(work);
  }

  private <T> T inRead(TransactionWork<T> work) {
    return store().read(work);
  }

  private void exec(TxCall call) {
    store()
        .inTransaction(
            tx -> {
              call.call(tx);
              return Boolean.TRUE;
            });
  }

  private Instant tick() {
    return clock.advance(Duration.ofMillis(1));
  }

  private ArtifactVersionDraft draft(String name) {
    return draft(name, ("content #" + contentCounter.incrementAndGet()).getBytes(UTF_8));
  }

  private ArtifactVersionDraft draft(String name, byte[] content) {
    return new ArtifactVersionDraft(
        name,
        ArtifactVersion.KIND_DATASET,
        Digest.of(content),
        content.length,
        "text/plain",
        Map.of(),
        tick(),
        null);
  }

  private ArtifactVersion create(String name) {
    ArtifactVersionDraft d = draft(name);
    return inTx(tx -> tx.createArtifactVersion(d));
  }

  private Run startRun(String runId) {
    Instant created = tick();
    Run run = Run.start(runId, EXPERIMENT, null, "run " + runId, tick());
    exec(
        tx -> {
          if (tx.findExperiment(EXPERIMENT).isEmpty()) {
            tx.createExperiment(new Experiment(EXPERIMENT, "experiment-one", created));
          }
          tx.createRun(run);
        });
    return run;
  }

  private void createModel(String name) {
    RegisteredModel model = new RegisteredModel(name, null, tick());
    exec(tx -> tx.createRegisteredModel(model));
  }

  private ModelVersionDraft modelDraft(String model, ArtifactRef artifact) {
    return new ModelVersionDraft(model, artifact, null, null, Map.of(), tick());
  }

  private ModelVersion createModelVersion(String model, ArtifactRef artifact) {
    ModelVersionDraft d = modelDraft(model, artifact);
    return inTx(tx -> tx.createModelVersion(d));
  }

  /**
   * Pages through a listing with an exclusive bound, as a caller would: each page starts after the
   * last item of the one before. Fails if a page is longer than the limit, if keys do not strictly
   * increase (an item repeated or out of order), or if paging never ends.
   */
  private static <T, K extends Comparable<K>> List<T> pageThrough(
      @Nullable K start, int limit, Function<@Nullable K, List<T>> page, Function<T, K> keyOf) {
    List<T> all = new ArrayList<>();
    K bound = start;
    for (int pages = 0; pages <= 10_000; pages++) {
      List<T> items = page.apply(bound);
      if (items.size() > limit) {
        throw new AssertionError(
            "page after " + bound + " has " + items.size() + " items; the limit was " + limit);
      }
      if (items.isEmpty()) {
        return all;
      }
      for (T item : items) {
        K key = keyOf.apply(item);
        if (bound != null && key.compareTo(bound) <= 0) {
          throw new AssertionError(
              "listing went back or repeated: " + key + " came after " + bound + " in " + items);
        }
        bound = key;
      }
      all.addAll(items);
    }
    throw new AssertionError("paging did not end after 10000 pages");
  }

  private static long orZero(@Nullable Long after) {
    return after == null ? 0 : after;
  }

  private static List<Long> versions(List<ArtifactVersion> list) {
    return list.stream().map(ArtifactVersion::version).collect(Collectors.toList());
  }

  private static List<Long> range(long fromInclusive, long toInclusive) {
    return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().collect(Collectors.toList());
  }

  private static String repeat(String unit, int length) {
    StringBuilder b = new StringBuilder(length);
    while (b.length() < length) {
      b.append(unit);
    }
    return b.substring(0, length);
  }

  /** The next audit event after a head; its hash is a SHA-256 over its fields and the head hash. */
  private static AuditEvent nextAuditEvent(
      AuditCheckpoint head, Instant time, String subject, Map<String, String> details) {
    long sequence = head.sequence() + 1;
    String hash =
        Digest.of(
                (head.headHash() + "|" + sequence + "|" + time + "|kit|test.event|" + subject)
                    .getBytes(UTF_8))
            .hex();
    return new AuditEvent(
        sequence, time, "kit", "test.event", subject, details, head.headHash(), hash);
  }

  private AuditEvent appendAudit(String subject) {
    Instant time = tick();
    return inTx(
        tx -> {
          AuditEvent e = nextAuditEvent(tx.lockAuditHead(), time, subject, Map.of());
          tx.appendAuditEvent(e);
          return e;
        });
  }

  /**
   * Runs a task on {@code threads} threads that start together, and gathers their results.
   *
   * @param threads the number of threads
   * @param task what thread {@code i} does; returns its results
   */
  private static <T> List<T> concurrently(int threads, IntFunction<List<T>> task) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await(60, TimeUnit.SECONDS);
                  return task.apply(index);
                }));
      }
      List<T> all = new ArrayList<>();
      for (Future<List<T>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(60, TimeUnit.SECONDS);
    }
  }

  // ================================================================ artifact versions

  @Nested
  @DisplayName("artifact versions")
  class ArtifactVersions {

    @Test
    @DisplayName("the first version of a name is 1 and each next one is one more")
    void numberingStartsAtOneWithoutGaps() {
      List<Long> numbers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        numbers.add(create("training-data").version());
      }
      assertThat(numbers).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    @DisplayName("versions of different names are numbered independently")
    void namesAreNumberedIndependently() {
      assertThat(create("a").version()).isEqualTo(1);
      assertThat(create("b").version()).isEqualTo(1);
      assertThat(create("a").version()).isEqualTo(2);
      assertThat(create("a").version()).isEqualTo(3);
      assertThat(create("b").version()).isEqualTo(2);
    }

    @Test
    @DisplayName("several versions created in one transaction are numbered in call order")
    void severalInOneTransaction() {
      ArtifactVersionDraft d1 = draft("data");
      ArtifactVersionDraft d2 = draft("data");
      ArtifactVersionDraft d3 = draft("data");
      List<Long> numbers =
          inTx(
              tx ->
                  List.of(
                      tx.createArtifactVersion(d1).version(),
                      tx.createArtifactVersion(d2).version(),
                      tx.createArtifactVersion(d3).version()));
      assertThat(numbers).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("a created version carries exactly the draft's fields and is found again")
    void createdVersionCarriesTheDraft() {
      byte[] bytes = "id,churned\n1,true\n".getBytes(UTF_8);
      Digest digest = Digest.of(bytes);
      Map<String, String> props = Map.of("rows", "1", "source/uri", "s3 bucket/x", "empty", "");
      ArtifactVersionDraft d =
          new ArtifactVersionDraft(
              "churn-data", "dataset", digest, bytes.length, "text/csv", props, START, null);
      ArtifactVersion expected =
          new ArtifactVersion(
              "churn-data",
              1,
              "dataset",
              digest,
              bytes.length,
              "text/csv",
              props,
              START,
              null,
              null);

      assertThat(inTx((MetadataTransaction tx) -> tx.createArtifactVersion(d))).isEqualTo(expected);
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactVersion("churn-data", 1)))
          .contains(expected);
      assertThat(inRead((MetadataTransaction tx) -> tx.findLatestArtifactVersion("churn-data")))
          .contains(expected);
    }

    @Test
    @DisplayName(
        "properties round-trip: many keys, slashes, spaces, empty, non-ASCII and long values")
    void propertiesRoundTrip() {
      Map<String, String> props = new HashMap<>();
      props.put("rows", "1461");
      props.put("a key/with spaces", "x");
      props.put("empty", "");
      props.put("unicode", "Zürich ☃ 𝄞 \u00e9\u0301 日本語");
      props.put("long", repeat("0123456789abcdef", 8_000));
      props.put("quote", "it's \"quoted\" % _ \\ ;");
      for (int i = 0; i < 50; i++) {
        props.put("k" + i, "v" + i);
      }
      byte[] bytes = "x".getBytes(UTF_8);
      ArtifactVersionDraft d =
          new ArtifactVersionDraft(
              "props",
              "file",
              Digest.of(bytes),
              1,
              "application/octet-stream",
              props,
              tick(),
              null);
      exec(tx -> tx.createArtifactVersion(d));
      assertThat(
              inRead((MetadataTransaction tx) -> tx.findArtifactVersion("props", 1))
                  .orElseThrow()
                  .properties())
          .isEqualTo(props);
    }

    @Test
    @DisplayName("the creating run, a size beyond 2^32 and a zero size round-trip")
    void createdByRunAndSizesRoundTrip() {
      startRun("run-7");
      byte[] bytes = "y".getBytes(UTF_8);
      ArtifactVersionDraft big =
          new ArtifactVersionDraft(
              "big", "model", Digest.of(bytes), 5_000_000_000L, "x/y", Map.of(), tick(), "run-7");
      ArtifactVersionDraft empty =
          new ArtifactVersionDraft(
              "empty", "file", Digest.of(new byte[0]), 0, "x/y", Map.of(), tick(), null);
      exec(
          tx -> {
            tx.createArtifactVersion(big);
            tx.createArtifactVersion(empty);
          });
      ArtifactVersion b = inRead(tx -> tx.findArtifactVersion("big", 1)).orElseThrow();
      assertThat(b.createdByRunId()).contains("run-7");
      assertThat(b.size()).isEqualTo(5_000_000_000L);
      ArtifactVersion e = inRead(tx -> tx.findArtifactVersion("empty", 1)).orElseThrow();
      assertThat(e.createdByRunId()).isEmpty();
      assertThat(e.size()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "2026-03-01T12:00:00.123456Z",
          "2026-03-01T12:00:00.000001Z",
          "2026-03-01T12:00:00.999999Z",
          "2000-02-29T23:59:59.5Z",
          "1999-12-31T23:59:59Z",
          "1969-12-31T23:59:59.999999Z",
          "2262-04-11T23:47:16.854775Z"
        })
    @DisplayName("creation and deletion times round-trip at microsecond precision")
    void timesRoundTripAtMicroseconds(String text) {
      Instant at = Instant.parse(text);
      byte[] bytes = "t".getBytes(UTF_8);
      ArtifactVersionDraft d =
          new ArtifactVersionDraft("timed", "file", Digest.of(bytes), 1, "x/y", Map.of(), at, null);
      exec(tx -> tx.createArtifactVersion(d));
      exec(tx -> tx.markArtifactVersionDeleted("timed", 1, at));
      ArtifactVersion v = inRead(tx -> tx.findArtifactVersion("timed", 1)).orElseThrow();
      assertThat(v.createdAt()).isEqualTo(at);
      assertThat(v.deletedAt()).isEqualTo(at);
    }

    @Test
    @DisplayName("looking up a version that was never created finds nothing")
    void unknownVersionsAreEmpty() {
      create("known");
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactVersion("unknown", 1)))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactVersion("known", 2))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactVersion("known", 0))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactVersion("known", -1))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findLatestArtifactVersion("unknown")))
          .isEmpty();
    }

    @Test
    @DisplayName("deleting returns the tombstone: the same version with the deletion time")
    void deletingReturnsTheTombstone() {
      ArtifactVersion v = create("data");
      Instant at = tick();
      ArtifactVersion tombstone = inTx(tx -> tx.markArtifactVersionDeleted("data", 1, at));
      assertThat(tombstone).isEqualTo(v.withDeletedAt(at));
      assertThat(tombstone.isDeleted()).isTrue();
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactVersion("data", 1)))
          .contains(v.withDeletedAt(at));
    }

    @Test
    @DisplayName("deleting a tombstone again returns it unchanged, with the first deletion time")
    void deletingTwiceIsIdempotent() {
      ArtifactVersion v = create("data");
      Instant first = tick();
      exec(tx -> tx.markArtifactVersionDeleted("data", 1, first));
      Instant second = tick();
      assertThat(inTx((MetadataTransaction tx) -> tx.markArtifactVersionDeleted("data", 1, second)))
          .isEqualTo(v.withDeletedAt(first));
      assertThat(
              inRead((MetadataTransaction tx) -> tx.findArtifactVersion("data", 1))
                  .orElseThrow()
                  .deletedAt())
          .isEqualTo(first);
    }

    @Test
    @DisplayName("deleting a version that was never created throws NotFoundException")
    void deletingUnknownThrows() {
      create("data");
      Instant at = tick();
      assertThatThrownBy(() -> exec(tx -> tx.markArtifactVersionDeleted("data", 2, at)))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> exec(tx -> tx.markArtifactVersionDeleted("nothing", 1, at)))
          .isInstanceOf(NotFoundException.class);
      assertThat(
              inRead((MetadataTransaction tx) -> tx.findArtifactVersion("data", 1))
                  .orElseThrow()
                  .isDeleted())
          .isFalse();
    }

    @Test
    @DisplayName("a tombstone keeps its number, and the number is never reused")
    void tombstonesKeepTheirNumbers() {
      create("data");
      create("data");
      create("data");
      Instant at = tick();
      exec(tx -> tx.markArtifactVersionDeleted("data", 3, at));
      assertThat(create("data").version()).isEqualTo(4);
      exec(tx -> tx.markArtifactVersionDeleted("data", 4, at));
      exec(tx -> tx.markArtifactVersionDeleted("data", 2, at));
      exec(tx -> tx.markArtifactVersionDeleted("data", 1, at));
      assertThat(create("data").version()).isEqualTo(5);
      assertThat(versions(inRead(tx -> tx.listArtifactVersions("data", 0, 100))))
          .containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    @DisplayName("the latest version is the greatest live one: tombstones are skipped")
    void latestSkipsTombstones() {
      for (int i = 0; i < 4; i++) {
        create("data");
      }
      Instant at = tick();
      exec(tx -> tx.markArtifactVersionDeleted("data", 4, at));
      exec(tx -> tx.markArtifactVersionDeleted("data", 2, at));
      assertThat(
              inRead((MetadataTransaction tx) -> tx.findLatestArtifactVersion("data"))
                  .orElseThrow()
                  .version())
          .isEqualTo(3);
      exec(tx -> tx.markArtifactVersionDeleted("data", 3, at));
      assertThat(
              inRead((MetadataTransaction tx) -> tx.findLatestArtifactVersion("data"))
                  .orElseThrow()
                  .version())
          .isEqualTo(1);
      exec(tx -> tx.markArtifactVersionDeleted("data", 1, at));
      assertThat(inRead((MetadataTransaction tx) -> tx.findLatestArtifactVersion("data")))
          .isEmpty();
    }

    @Test
    @DisplayName("listing pages of versions never repeat or skip, tombstones included")
    void listingPagesNeverRepeatOrSkip() {
      for (int i = 0; i < 23; i++) {
        create("data");
      }
      create("data-other");
      Instant at = tick();
      exec(tx -> tx.markArtifactVersionDeleted("data", 5, at));
      exec(tx -> tx.markArtifactVersionDeleted("data", 11, at));

      List<ArtifactVersion> all =
          pageThrough(
              0L,
              5,
              after -> inRead(tx -> tx.listArtifactVersions("data", orZero(after), 5)),
              ArtifactVersion::version);
      assertThat(versions(all)).isEqualTo(range(1, 23));
      assertThat(all).allSatisfy(v -> assertThat(v.name()).isEqualTo("data"));
      assertThat(all.stream().filter(ArtifactVersion::isDeleted).map(ArtifactVersion::version))
          .containsExactly(5L, 11L);
      assertThat(versions(inRead(tx -> tx.listArtifactVersions("data", 20, 100))))
          .containsExactly(21L, 22L, 23L);
      assertThat(inRead((MetadataTransaction tx) -> tx.listArtifactVersions("data", 23, 100)))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.listArtifactVersions("nothing", 0, 100)))
          .isEmpty();
    }

    @Test
    @DisplayName("artifact names are listed once each, in code point order, in pages")
    void namesAreListedInCodePointOrder() {
      for (String name :
          List.of("alpha_2", "Zeta", "alpha", "0-data", "alpha.2", "Alpha", "alpha-2", "alpha")) {
        create(name);
      }
      // '0' < 'A' < 'Z' < 'a', and '-' < '.' < '_', so upper case sorts before lower case.
      List<String> expected =
          List.of("0-data", "Alpha", "Zeta", "alpha", "alpha-2", "alpha.2", "alpha_2");
      assertThat(inRead((MetadataTransaction tx) -> tx.listArtifactNames(null, 100)))
          .isEqualTo(expected);

      List<String> paged =
          MetadataStoreCompatibilityKit.<String, String>pageThrough(
              null, 3, after -> inRead(tx -> tx.listArtifactNames(after, 3)), n -> n);
      assertThat(paged).isEqualTo(expected);
      assertThat(inRead((MetadataTransaction tx) -> tx.listArtifactNames("B", 100)))
          .containsExactly("Zeta", "alpha", "alpha-2", "alpha.2", "alpha_2");
    }

    @Test
    @DisplayName("the live versions with a digest are listed by name then version")
    void liveVersionsWithDigest() {
      byte[] shared = "shared bytes".getBytes(UTF_8);
      List<ArtifactVersionDraft> drafts =
          List.of(
              draft("model-b", shared),
              draft("model-a", shared),
              draft("model-a", shared),
              draft("model-a", shared),
              draft("model-a", "other bytes".getBytes(UTF_8)),
              draft("Model-c", shared));
      exec(tx -> drafts.forEach(tx::createArtifactVersion));
      Instant at = tick();
      exec(tx -> tx.markArtifactVersionDeleted("model-a", 2, at));
      Digest digest = Digest.of(shared);

      assertThat(inRead((MetadataTransaction tx) -> tx.liveArtifactVersionsWithDigest(digest)))
          .containsExactly(
              ArtifactRef.of("Model-c", 1),
              ArtifactRef.of("model-a", 1),
              ArtifactRef.of("model-a", 3),
              ArtifactRef.of("model-b", 1));
      assertThat(
              inRead(
                  (MetadataTransaction tx) ->
                      tx.liveArtifactVersionsWithDigest(Digest.of("never".getBytes(UTF_8)))))
          .isEmpty();

      exec(
          tx -> {
            tx.markArtifactVersionDeleted("Model-c", 1, at);
            tx.markArtifactVersionDeleted("model-a", 1, at);
            tx.markArtifactVersionDeleted("model-a", 3, at);
            tx.markArtifactVersionDeleted("model-b", 1, at);
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.liveArtifactVersionsWithDigest(digest)))
          .isEmpty();
      assertThat(
              inRead(
                  (MetadataTransaction tx) ->
                      tx.liveArtifactVersionsWithDigest(Digest.of("other bytes".getBytes(UTF_8)))))
          .containsExactly(ArtifactRef.of("model-a", 4));
    }
  }

  // ================================================================ artifact aliases

  @Nested
  @DisplayName("artifact aliases")
  class ArtifactAliases {

    @Test
    @DisplayName("a new alias returns no previous version and is found afterwards")
    void newAlias() {
      create("model");
      create("model");
      assertThat(inTx((MetadataTransaction tx) -> tx.setArtifactAlias("model", "champion", 1)))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactAlias("model", "champion")))
          .contains(1L);
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactAlias("model", "challenger")))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactAlias("other", "champion")))
          .isEmpty();
    }

    @Test
    @DisplayName("moving an alias returns the version it pointed at before")
    void movingReturnsPrevious() {
      create("model");
      create("model");
      create("model");
      exec(tx -> tx.setArtifactAlias("model", "champion", 1));
      assertThat(inTx((MetadataTransaction tx) -> tx.setArtifactAlias("model", "champion", 3)))
          .contains(1L);
      assertThat(inTx((MetadataTransaction tx) -> tx.setArtifactAlias("model", "champion", 2)))
          .contains(3L);
      assertThat(inTx((MetadataTransaction tx) -> tx.setArtifactAlias("model", "champion", 2)))
          .contains(2L);
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactAlias("model", "champion")))
          .contains(2L);
    }

    @Test
    @DisplayName("removing an alias returns its version once, then nothing")
    void removing() {
      create("model");
      exec(tx -> tx.setArtifactAlias("model", "champion", 1));
      assertThat(inTx((MetadataTransaction tx) -> tx.removeArtifactAlias("model", "champion")))
          .contains(1L);
      assertThat(inTx((MetadataTransaction tx) -> tx.removeArtifactAlias("model", "champion")))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactAlias("model", "champion")))
          .isEmpty();
      assertThat(inTx((MetadataTransaction tx) -> tx.removeArtifactAlias("unknown", "champion")))
          .isEmpty();
    }

    @Test
    @DisplayName("an alias cannot point at a tombstone; the alias stays where it was")
    void aliasToTombstoneRefused() {
      create("model");
      create("model");
      exec(tx -> tx.setArtifactAlias("model", "champion", 1));
      Instant at = tick();
      exec(tx -> tx.markArtifactVersionDeleted("model", 2, at));
      assertThatThrownBy(() -> exec(tx -> tx.setArtifactAlias("model", "champion", 2)))
          .isInstanceOf(NotFoundException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactAlias("model", "champion")))
          .contains(1L);
    }

    @Test
    @DisplayName("an alias cannot point at a version that was never created")
    void aliasToUnknownRefused() {
      create("model");
      assertThatThrownBy(() -> exec(tx -> tx.setArtifactAlias("model", "champion", 2)))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> exec(tx -> tx.setArtifactAlias("unknown", "champion", 1)))
          .isInstanceOf(NotFoundException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactAlias("model", "champion")))
          .isEmpty();
    }

    @Test
    @DisplayName("aliases of different artifacts are independent")
    void aliasesArePerArtifact() {
      create("a");
      create("b");
      create("b");
      exec(
          tx -> {
            tx.setArtifactAlias("a", "champion", 1);
            tx.setArtifactAlias("b", "champion", 2);
          });
      exec(tx -> tx.removeArtifactAlias("a", "champion"));
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactAlias("a", "champion")))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactAlias("b", "champion")))
          .contains(2L);
    }
  }

  // ================================================================ experiments and runs

  @Nested
  @DisplayName("experiments and runs")
  class Runs {

    @Test
    @DisplayName("an experiment is found by id and by name")
    void experimentRoundTrip() {
      Experiment e = new Experiment("exp-42", "churn", tick());
      exec(tx -> tx.createExperiment(e));
      assertThat(inRead((MetadataTransaction tx) -> tx.findExperiment("exp-42"))).contains(e);
      assertThat(inRead((MetadataTransaction tx) -> tx.findExperimentByName("churn"))).contains(e);
      assertThat(inRead((MetadataTransaction tx) -> tx.findExperiment("churn"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findExperimentByName("exp-42"))).isEmpty();
    }

    @Test
    @DisplayName("experiment ids and names are unique: a duplicate throws ConflictException")
    void experimentsAreUnique() {
      Experiment e = new Experiment("exp-1", "churn", tick());
      exec(tx -> tx.createExperiment(e));
      Experiment sameId = new Experiment("exp-1", "other", tick());
      Experiment sameName = new Experiment("exp-2", "churn", tick());
      assertThatThrownBy(() -> exec(tx -> tx.createExperiment(sameId)))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> exec(tx -> tx.createExperiment(sameName)))
          .isInstanceOf(ConflictException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.listExperiments(null, 100)))
          .containsExactly(e);
      assertThat(inRead((MetadataTransaction tx) -> tx.findExperimentByName("other"))).isEmpty();
    }

    @Test
    @DisplayName("experiments are listed by id in code point order, in pages")
    void experimentsListed() {
      List<String> ids = List.of("e-2", "e1", "E-1", "e-10", "f");
      for (String id : ids) {
        Experiment e = new Experiment(id, "name-" + id, tick());
        exec(tx -> tx.createExperiment(e));
      }
      List<String> expected = List.of("E-1", "e-10", "e-2", "e1", "f");
      List<Experiment> paged =
          pageThrough(null, 2, after -> inRead(tx -> tx.listExperiments(after, 2)), Experiment::id);
      assertThat(paged).extracting(Experiment::id).isEqualTo(expected);
    }

    @Test
    @DisplayName("a run round-trips with every field, a nested run with its parent")
    void runRoundTrip() {
      Instant t = tick();
      exec(tx -> tx.createExperiment(new Experiment(EXPERIMENT, "one", t)));
      Run parent =
          new Run("run-1", EXPERIMENT, null, "baseline ✓", RunStatus.RUNNING, t, null, null);
      Run child =
          new Run("run-2", EXPERIMENT, "run-1", null, RunStatus.RUNNING, tick(), null, "a note");
      exec(
          tx -> {
            tx.createRun(parent);
            tx.createRun(child);
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-1"))).contains(parent);
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-2"))).contains(child);
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-3"))).isEmpty();
    }

    @Test
    @DisplayName("a note of the maximum length, with non-ASCII text, round-trips")
    void longNoteRoundTrips() {
      Run run = startRun("run-1");
      Run noted = run.withNote(repeat("notes ✓ 𝄞 ", Run.MAX_NOTE_LENGTH - 1) + "!");
      exec(tx -> tx.updateRun(noted));
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-1"))).contains(noted);
    }

    @Test
    @DisplayName("run ids are unique: a duplicate throws ConflictException")
    void runIdsAreUnique() {
      Run run = startRun("run-1");
      Run again = Run.start("run-1", EXPERIMENT, null, "again", tick());
      assertThatThrownBy(() -> exec(tx -> tx.createRun(again)))
          .isInstanceOf(ConflictException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-1"))).contains(run);
    }

    @Test
    @DisplayName("a run needs an existing experiment and parent: otherwise NotFoundException")
    void runNeedsExperimentAndParent() {
      startRun("run-1");
      Run noExperiment = Run.start("run-2", "no-such-exp", null, null, tick());
      Run noParent = Run.start("run-3", EXPERIMENT, "no-such-run", null, tick());
      assertThatThrownBy(() -> exec(tx -> tx.createRun(noExperiment)))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> exec(tx -> tx.createRun(noParent)))
          .isInstanceOf(NotFoundException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-2"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-3"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"FINISHED", "FAILED", "KILLED"})
    @DisplayName("ending a run stores its status, end time, name and note")
    void updateStoresMutableFields(RunStatus status) {
      Run run = startRun("run-1");
      Run ended =
          new Run(
              "run-1",
              EXPERIMENT,
              null,
              "renamed",
              status,
              run.startTime(),
              tick(),
              "ended because ...");
      exec(tx -> tx.updateRun(ended));
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-1"))).contains(ended);
      assertThat(inRead((MetadataTransaction tx) -> tx.listRuns(EXPERIMENT, null, 10)))
          .containsExactly(ended);
    }

    @Test
    @DisplayName("updating a run that does not exist throws NotFoundException")
    void updateUnknownRun() {
      startRun("run-1");
      Run ghost = Run.start("run-2", EXPERIMENT, null, null, tick());
      assertThatThrownBy(() -> exec(tx -> tx.updateRun(ghost)))
          .isInstanceOf(NotFoundException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-2"))).isEmpty();
    }

    @Test
    @DisplayName("experiment, parent and start time of a run cannot change")
    void immutableFieldsAreRefused() {
      Run parent = startRun("parent");
      Run run = startRun("run-1");
      Instant t = tick();
      exec(tx -> tx.createExperiment(new Experiment("exp-2", "two", t)));
      List<Run> changes =
          List.of(
              new Run(
                  "run-1", "exp-2", null, run.name(), run.status(), run.startTime(), null, null),
              new Run(
                  "run-1",
                  EXPERIMENT,
                  parent.id(),
                  run.name(),
                  run.status(),
                  run.startTime(),
                  null,
                  null),
              new Run(
                  "run-1",
                  EXPERIMENT,
                  null,
                  run.name(),
                  run.status(),
                  run.startTime().plusNanos(1000),
                  null,
                  null));
      for (Run changed : changes) {
        assertThatThrownBy(() -> exec(tx -> tx.updateRun(changed)))
            .as("update to %s", changed)
            .isInstanceOf(IllegalArgumentException.class);
      }
      assertThat(inRead((MetadataTransaction tx) -> tx.findRun("run-1"))).contains(run);
    }

    @Test
    @DisplayName("the runs of an experiment are listed by id in code point order, in pages")
    void runsListed() {
      Instant t = tick();
      exec(
          tx -> {
            tx.createExperiment(new Experiment("exp-a", "a", t));
            tx.createExperiment(new Experiment("exp-b", "b", t));
          });
      Map<String, Run> byId = new HashMap<>();
      for (String id : List.of("r2", "r-b", "x-other", "R-a", "r10", "r-a", "y-other")) {
        Run run = Run.start(id, id.contains("other") ? "exp-b" : "exp-a", null, null, tick());
        byId.put(id, run);
        exec(tx -> tx.createRun(run));
      }
      List<Run> expected =
          Stream.of("R-a", "r-a", "r-b", "r10", "r2").map(byId::get).collect(Collectors.toList());
      List<Run> paged =
          pageThrough(null, 2, after -> inRead(tx -> tx.listRuns("exp-a", after, 2)), Run::id);
      assertThat(paged).isEqualTo(expected);
      assertThat(inRead((MetadataTransaction tx) -> tx.listRuns("exp-b", null, 10)))
          .containsExactly(byId.get("x-other"), byId.get("y-other"));
      assertThat(inRead((MetadataTransaction tx) -> tx.listRuns("exp-b", "y-other", 10))).isEmpty();
    }
  }

  // ================================================================ params

  @Nested
  @DisplayName("parameters")
  class Params {

    @Test
    @DisplayName("parameters round-trip with their types, sorted by key")
    void typedRoundTrip() {
      startRun("run-1");
      List<Param> params =
          List.of(
              Param.of("optimizer", "adam"),
              Param.of("lr", 0.01),
              Param.of("shuffle", true),
              Param.of("layers", 3),
              Param.of("tiny", Double.MIN_VALUE),
              Param.of("huge", -Double.MAX_VALUE),
              Param.of("early_stop", false),
              Param.of("text", "Zürich ☃ 𝄞 'quoted' \"x\""),
              Param.of("a/b c", ""));
      exec(tx -> tx.logParams("run-1", params));
      Map<String, Param> stored = inRead(tx -> tx.params("run-1"));

      assertThat(stored.keySet())
          .containsExactly(
              "a/b c",
              "early_stop",
              "huge",
              "layers",
              "lr",
              "optimizer",
              "shuffle",
              "text",
              "tiny");
      for (Param p : params) {
        assertThat(stored.get(p.key())).isEqualTo(p);
      }
      assertThat(stored.get("lr").type()).isEqualTo(ParamType.NUMBER);
      assertThat(stored.get("lr").asNumber()).isEqualTo(0.01);
      assertThat(stored.get("layers").value()).isEqualTo("3.0");
      assertThat(stored.get("tiny").asNumber()).isEqualTo(Double.MIN_VALUE);
      assertThat(stored.get("shuffle").asBoolean()).isTrue();
      assertThat(stored.get("optimizer").type()).isEqualTo(ParamType.STRING);
    }

    @Test
    @DisplayName("many parameters and a value of the maximum length round-trip")
    void manyAndLong() {
      startRun("run-1");
      List<Param> params = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        params.add(Param.of("p" + i, i * 0.5));
      }
      params.add(Param.of("long", repeat("abcdefghij", Param.MAX_VALUE_LENGTH)));
      exec(tx -> tx.logParams("run-1", params));
      Map<String, Param> expected = new TreeMap<>();
      params.forEach(p -> expected.put(p.key(), p));
      assertThat(inRead((MetadataTransaction tx) -> tx.params("run-1")))
          .containsExactlyEntriesOf(expected);
    }

    @Test
    @DisplayName("logging an equal value again is a no-op")
    void equalValueIsNoOp() {
      startRun("run-1");
      exec(tx -> tx.logParams("run-1", List.of(Param.of("lr", 0.01), Param.of("opt", "adam"))));
      exec(tx -> tx.logParams("run-1", List.of(Param.of("lr", 0.01), Param.of("epochs", 10))));
      exec(tx -> tx.logParams("run-1", List.of(Param.of("opt", "adam"), Param.of("opt", "adam"))));
      assertThat(inRead((MetadataTransaction tx) -> tx.params("run-1")))
          .containsExactly(
              Map.entry("epochs", Param.of("epochs", 10)),
              Map.entry("lr", Param.of("lr", 0.01)),
              Map.entry("opt", Param.of("opt", "adam")));
    }

    @Test
    @DisplayName("another value throws ConflictException naming key, old and new value")
    void differentValueConflicts() {
      startRun("run-1");
      exec(tx -> tx.logParams("run-1", List.of(Param.of("optimizer", "adam"))));
      assertThatThrownBy(
              () ->
                  exec(
                      tx ->
                          tx.logParams(
                              "run-1",
                              List.of(
                                  Param.of("fresh", "x"), Param.of("optimizer", "sgd-nesterov")))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("optimizer")
          .hasMessageContaining("adam")
          .hasMessageContaining("sgd-nesterov");
      assertThat(inRead((MetadataTransaction tx) -> tx.params("run-1")))
          .containsExactly(Map.entry("optimizer", Param.of("optimizer", "adam")));
    }

    @Test
    @DisplayName("a conflicting call writes nothing, even when the work catches it and commits")
    void conflictingCallIsAtomic() {
      startRun("run-1");
      exec(tx -> tx.logParams("run-1", List.of(Param.of("lr", 0.01))));
      Throwable caught =
          inTx(
              tx -> {
                Throwable t =
                    catchThrowable(
                        () ->
                            tx.logParams(
                                "run-1",
                                List.of(
                                    Param.of("aaa-first", 1),
                                    Param.of("lr", 0.02),
                                    Param.of("zzz-last", "x"))));
                tx.logParams("run-1", List.of(Param.of("after", true)));
                return t;
              });
      assertThat(caught).isInstanceOf(ConflictException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.params("run-1")))
          .containsExactly(
              Map.entry("after", Param.of("after", true)), Map.entry("lr", Param.of("lr", 0.01)));
    }

    @Test
    @DisplayName("the same text with another type is another value")
    void typeIsPartOfTheValue() {
      startRun("run-1");
      exec(tx -> tx.logParams("run-1", List.of(Param.of("flag", "true"))));
      assertThatThrownBy(() -> exec(tx -> tx.logParams("run-1", List.of(Param.of("flag", true)))))
          .isInstanceOf(ConflictException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.params("run-1")).get("flag").type())
          .isEqualTo(ParamType.STRING);
    }

    @Test
    @DisplayName("a key twice in one call with different values throws IllegalArgumentException")
    void duplicateKeyInOneCall() {
      startRun("run-1");
      Throwable caught =
          inTx(
              tx ->
                  catchThrowable(
                      () ->
                          tx.logParams(
                              "run-1",
                              List.of(
                                  Param.of("other", 1),
                                  Param.of("lr", 0.1),
                                  Param.of("lr", 0.2)))));
      assertThat(caught).isInstanceOf(IllegalArgumentException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.params("run-1"))).isEmpty();
    }

    @Test
    @DisplayName("parameters belong to their run")
    void paramsArePerRun() {
      startRun("run-1");
      startRun("run-2");
      exec(tx -> tx.logParams("run-1", List.of(Param.of("lr", 0.1))));
      exec(tx -> tx.logParams("run-2", List.of(Param.of("lr", 0.2))));
      assertThat(inRead((MetadataTransaction tx) -> tx.params("run-1")).get("lr"))
          .isEqualTo(Param.of("lr", 0.1));
      assertThat(inRead((MetadataTransaction tx) -> tx.params("run-2")).get("lr"))
          .isEqualTo(Param.of("lr", 0.2));
    }
  }

  // ================================================================ metrics

  @Nested
  @DisplayName("metrics")
  class Metrics {

    @Test
    @DisplayName("a key keeps every value logged, across calls and transactions")
    void manyValuesPerKey() {
      startRun("run-1");
      List<MetricPoint> first = new ArrayList<>();
      for (int step = 0; step < 100; step++) {
        first.add(new MetricPoint("loss", 1.0 / (step + 1), step, tick()));
      }
      List<MetricPoint> second = new ArrayList<>();
      for (int step = 100; step < 150; step++) {
        second.add(new MetricPoint("loss", 1.0 / (step + 1), step, tick()));
      }
      exec(tx -> tx.logMetrics("run-1", first));
      exec(
          tx -> {
            tx.logMetrics("run-1", second.subList(0, 25));
            tx.logMetrics("run-1", second.subList(25, 50));
          });
      List<MetricPoint> expected = new ArrayList<>(first);
      expected.addAll(second);
      assertThat(inRead((MetadataTransaction tx) -> tx.metricHistory("run-1", "loss")))
          .isEqualTo(expected);
    }

    @Test
    @DisplayName("the history is ordered by step, then timestamp, then insertion")
    void historyOrder() {
      startRun("run-1");
      Instant t1 = tick();
      Instant t2 = tick();
      Instant t3 = tick();
      MetricPoint a = new MetricPoint("acc", 0.1, 2, t1);
      MetricPoint b = new MetricPoint("acc", 0.2, 1, t3);
      MetricPoint c = new MetricPoint("acc", 0.3, 1, t2);
      MetricPoint d = new MetricPoint("acc", 0.4, 2, t1);
      MetricPoint e = new MetricPoint("acc", 0.5, 0, t3);
      MetricPoint f = new MetricPoint("acc", 0.6, 2, t1);
      exec(tx -> tx.logMetrics("run-1", List.of(a, b, c, d)));
      exec(tx -> tx.logMetrics("run-1", List.of(e, f)));
      assertThat(inRead((MetadataTransaction tx) -> tx.metricHistory("run-1", "acc")))
          .containsExactly(e, c, b, a, d, f);
    }

    @Test
    @DisplayName("the latest point has the greatest step, even with an older timestamp")
    void latestPrefersStep() {
      startRun("run-1");
      Instant early = tick();
      Instant late = tick();
      MetricPoint bigStep = new MetricPoint("loss", 0.1, 5, early);
      exec(
          tx ->
              tx.logMetrics(
                  "run-1",
                  List.of(
                      new MetricPoint("loss", 0.9, 3, late),
                      bigStep,
                      new MetricPoint("loss", 0.5, -7, late))));
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("run-1")))
          .containsExactly(Map.entry("loss", bigStep));
    }

    @Test
    @DisplayName("on equal steps the later timestamp wins, whatever the insertion order")
    void latestTieOnStepBrokenByTimestamp() {
      startRun("run-1");
      Instant t1 = tick();
      Instant t2 = tick();
      Instant t3 = tick();
      MetricPoint newest = new MetricPoint("loss", 0.2, 5, t3);
      exec(
          tx ->
              tx.logMetrics(
                  "run-1",
                  List.of(
                      new MetricPoint("loss", 0.1, 5, t1),
                      newest,
                      new MetricPoint("loss", 0.3, 5, t2))));
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("run-1")).get("loss"))
          .isEqualTo(newest);
    }

    @Test
    @DisplayName("on equal step and timestamp the last inserted wins, across transactions too")
    void latestFullTieBrokenByInsertion() {
      startRun("run-1");
      Instant t = tick();
      MetricPoint second = new MetricPoint("loss", 0.2, 5, t);
      exec(
          tx ->
              tx.logMetrics(
                  "run-1",
                  List.of(
                      new MetricPoint("loss", 0.1, 5, t),
                      second,
                      new MetricPoint("loss", 9, 4, t))));
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("run-1")).get("loss"))
          .isEqualTo(second);
      MetricPoint third = new MetricPoint("loss", 0.15, 5, t);
      exec(tx -> tx.logMetrics("run-1", List.of(third)));
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("run-1")).get("loss"))
          .isEqualTo(third);
      assertThat(inRead((MetadataTransaction tx) -> tx.metricHistory("run-1", "loss")))
          .containsExactly(
              new MetricPoint("loss", 9, 4, t), new MetricPoint("loss", 0.1, 5, t), second, third);
    }

    @Test
    @DisplayName("the latest points hold one entry per key, sorted by key")
    void latestSortedByKey() {
      startRun("run-1");
      Instant t = tick();
      exec(
          tx ->
              tx.logMetrics(
                  "run-1",
                  List.of(
                      new MetricPoint("val/loss", 0.4, 1, t),
                      new MetricPoint("acc", 0.8, 1, t),
                      new MetricPoint("train/loss", 0.3, 1, t),
                      new MetricPoint("Acc", 0.7, 1, t),
                      new MetricPoint("acc", 0.9, 2, t))));
      Map<String, MetricPoint> latest = inRead(tx -> tx.latestMetrics("run-1"));
      assertThat(latest.keySet()).containsExactly("Acc", "acc", "train/loss", "val/loss");
      assertThat(latest.get("acc")).isEqualTo(new MetricPoint("acc", 0.9, 2, t));
    }

    @Test
    @DisplayName("steps may be any long, negative and extreme ones included")
    void anyStep() {
      startRun("run-1");
      Instant t = tick();
      List<Long> steps = List.of(0L, Long.MAX_VALUE, -1L, Long.MIN_VALUE, 1L);
      List<MetricPoint> points = new ArrayList<>();
      for (long step : steps) {
        points.add(new MetricPoint("m", step, step, t));
      }
      exec(tx -> tx.logMetrics("run-1", points));
      assertThat(inRead((MetadataTransaction tx) -> tx.metricHistory("run-1", "m")))
          .extracting(MetricPoint::step)
          .containsExactly(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE);
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("run-1")).get("m").step())
          .isEqualTo(Long.MAX_VALUE);
    }

    static Stream<Arguments> specialValues() {
      return Stream.of(
          argumentSet("NaN", Double.NaN),
          argumentSet("+Infinity", Double.POSITIVE_INFINITY),
          argumentSet("-Infinity", Double.NEGATIVE_INFINITY),
          argumentSet("-0.0", -0.0),
          argumentSet("0.0", 0.0),
          argumentSet("Double.MIN_VALUE", Double.MIN_VALUE),
          argumentSet("-Double.MIN_VALUE", -Double.MIN_VALUE),
          argumentSet("Double.MIN_NORMAL", Double.MIN_NORMAL),
          argumentSet("Double.MAX_VALUE", Double.MAX_VALUE),
          argumentSet("-Double.MAX_VALUE", -Double.MAX_VALUE),
          argumentSet("0.1", 0.1),
          argumentSet("1/3", 1.0 / 3),
          argumentSet("pi", Math.PI),
          argumentSet("1e-300", 1e-300),
          argumentSet("2^53 + 2", 9007199254740994.0));
    }

    @ParameterizedTest
    @MethodSource("specialValues")
    @DisplayName("a value comes back exactly, keeping its class (NaN, infinities, signed zero)")
    void valuesRoundTripExactly(double value) {
      startRun("run-1");
      MetricPoint p = new MetricPoint("m", value, 1, tick());
      exec(tx -> tx.logMetrics("run-1", List.of(p)));
      MetricPoint history = inRead(tx -> tx.metricHistory("run-1", "m")).get(0);
      MetricPoint latest = inRead(tx -> tx.latestMetrics("run-1")).get("m");
      for (MetricPoint back : List.of(history, latest)) {
        assertThat(back).isEqualTo(p);
        assertThat(Double.doubleToLongBits(back.value()))
            .as("bits of %s", value)
            .isEqualTo(Double.doubleToLongBits(value));
        assertThat(Double.isNaN(back.value())).isEqualTo(Double.isNaN(value));
        assertThat(Double.isInfinite(back.value())).isEqualTo(Double.isInfinite(value));
      }
    }

    @Test
    @DisplayName("metrics belong to their run and key; unknown ones are empty")
    void metricsArePerRunAndKey() {
      startRun("run-1");
      startRun("run-2");
      Instant t = tick();
      exec(
          tx -> {
            tx.logMetrics("run-1", List.of(new MetricPoint("loss", 1, 1, t)));
            tx.logMetrics("run-2", List.of(new MetricPoint("loss", 2, 1, t)));
            tx.logMetrics("run-2", List.of());
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.metricHistory("run-1", "loss")))
          .containsExactly(new MetricPoint("loss", 1, 1, t));
      assertThat(inRead((MetadataTransaction tx) -> tx.metricHistory("run-1", "acc"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("run-2")))
          .containsExactly(Map.entry("loss", new MetricPoint("loss", 2, 1, t)));
      startRun("run-3");
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("run-3"))).isEmpty();
    }
  }

  // ================================================================ tags and batches

  @Nested
  @DisplayName("tags and batches")
  class TagsAndBatches {

    @Test
    @DisplayName("tags are set, replaced by key, and returned sorted by key")
    void setAndReplace() {
      startRun("run-1");
      exec(
          tx ->
              tx.setTags(
                  "run-1",
                  Map.of("phase", "train", "owner", "alice", "Zone", "eu", "ci/job id", "42")));
      exec(tx -> tx.setTags("run-1", Map.of("phase", "eval", "new", "✓ Zürich")));
      assertThat(inRead((MetadataTransaction tx) -> tx.tags("run-1")))
          .containsExactly(
              Map.entry("Zone", "eu"),
              Map.entry("ci/job id", "42"),
              Map.entry("new", "✓ Zürich"),
              Map.entry("owner", "alice"),
              Map.entry("phase", "eval"));
    }

    @Test
    @DisplayName("an empty value and a value of the maximum length round-trip")
    void extremeValues() {
      startRun("run-1");
      String longValue = repeat("0123456789", 8_000);
      exec(tx -> tx.setTags("run-1", Map.of("empty", "", "long", longValue)));
      assertThat(inRead((MetadataTransaction tx) -> tx.tags("run-1")))
          .containsExactly(Map.entry("empty", ""), Map.entry("long", longValue));
    }

    @Test
    @DisplayName("deleting a tag returns true once, then false")
    void delete() {
      startRun("run-1");
      exec(tx -> tx.setTags("run-1", Map.of("a", "1", "b", "2")));
      assertThat(inTx((MetadataTransaction tx) -> tx.deleteTag("run-1", "a"))).isTrue();
      assertThat(inTx((MetadataTransaction tx) -> tx.deleteTag("run-1", "a"))).isFalse();
      assertThat(inTx((MetadataTransaction tx) -> tx.deleteTag("run-1", "never"))).isFalse();
      assertThat(inRead((MetadataTransaction tx) -> tx.tags("run-1")))
          .containsExactly(Map.entry("b", "2"));
      exec(tx -> tx.setTags("run-1", Map.of("a", "3")));
      assertThat(inRead((MetadataTransaction tx) -> tx.tags("run-1")))
          .containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    }

    @Test
    @DisplayName("tags belong to their run")
    void tagsArePerRun() {
      startRun("run-1");
      startRun("run-2");
      exec(
          tx -> {
            tx.setTags("run-1", Map.of("k", "one"));
            tx.setTags("run-2", Map.of("k", "two"));
            tx.setTags("run-2", Map.of());
          });
      exec(tx -> tx.deleteTag("run-1", "k"));
      assertThat(inRead((MetadataTransaction tx) -> tx.tags("run-1"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.tags("run-2")))
          .containsExactly(Map.entry("k", "two"));
    }

    @Test
    @DisplayName("a batch is new once: registerBatch returns true, then false")
    void registerBatchOnce() {
      startRun("run-1");
      startRun("run-2");
      assertThat(inTx((MetadataTransaction tx) -> tx.registerBatch("run-1", "batch-1"))).isTrue();
      assertThat(inTx((MetadataTransaction tx) -> tx.registerBatch("run-1", "batch-1"))).isFalse();
      assertThat(inTx((MetadataTransaction tx) -> tx.registerBatch("run-1", "batch-2"))).isTrue();
      assertThat(inTx((MetadataTransaction tx) -> tx.registerBatch("run-2", "batch-1"))).isTrue();
      assertThat(
              inTx(
                  (MetadataTransaction tx) ->
                      List.of(tx.registerBatch("run-1", "b-3"), tx.registerBatch("run-1", "b-3"))))
          .containsExactly(true, false);
    }

    @Test
    @DisplayName("a batch registered in a failed transaction is still new")
    void batchOfFailedTransactionIsForgotten() {
      startRun("run-1");
      RuntimeException boom = new IllegalStateException("boom");
      assertThatThrownBy(
              () ->
                  exec(
                      tx -> {
                        tx.registerBatch("run-1", "batch-1");
                        throw boom;
                      }))
          .isSameAs(boom);
      assertThat(inTx((MetadataTransaction tx) -> tx.registerBatch("run-1", "batch-1"))).isTrue();
    }
  }

  // ================================================================ transactions

  /** An exception the kit throws from work, to check that it propagates unchanged. */
  static final class KitFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KitFailure() {
      super("thrown by the compatibility kit's work on purpose");
    }
  }

  @Nested
  @DisplayName("transactions")
  class Transactions {

    static Stream<Arguments> failures() {
      return Stream.of(
          argumentSet("a RuntimeException", new KitFailure()),
          argumentSet("an MlopsException", ConflictException.of("thrown by the kit on purpose")),
          argumentSet("an Error", new AssertionError("thrown by the kit on purpose")));
    }

    @ParameterizedTest
    @MethodSource("failures")
    @DisplayName("work that throws leaves no trace, and the exception propagates unchanged")
    void failedWorkLeavesNoTrace(Throwable failure) {
      // state before: one version, one run with a tag, one model with a version and an alias
      create("kept");
      Run run1 = startRun("run-1");
      createModel("model");
      createModelVersion("model", ArtifactRef.of("kept", 1));
      exec(
          tx -> {
            tx.setTags("run-1", Map.of("a", "1"));
            tx.setModelAlias("model", "champion", 1);
            tx.setArtifactAlias("kept", "latest", 1);
          });
      AuditEvent first = appendAudit("before");
      Instant t = tick();
      ArtifactVersionDraft keptDraft = draft("kept");
      ArtifactVersionDraft newDraft = draft("new-art");
      ModelVersionDraft modelDraft = modelDraft("model", ArtifactRef.of("kept", 2));

      Throwable thrown =
          catchThrowable(
              () ->
                  store()
                      .inTransaction(
                          tx -> {
                            tx.createArtifactVersion(keptDraft);
                            tx.createArtifactVersion(newDraft);
                            tx.markArtifactVersionDeleted("kept", 1, t);
                            tx.removeArtifactAlias("kept", "latest");
                            tx.createExperiment(new Experiment("exp-new", "new", t));
                            tx.createRun(Run.start("run-2", "exp-new", null, null, t));
                            tx.updateRun(run1.withNote("renamed").end(RunStatus.FAILED, t));
                            tx.logParams("run-1", List.of(Param.of("lr", 0.1)));
                            tx.logMetrics("run-1", List.of(new MetricPoint("loss", 1, 1, t)));
                            tx.setTags("run-1", Map.of("a", "2", "b", "3"));
                            tx.deleteTag("run-1", "a");
                            tx.registerBatch("run-1", "batch-1");
                            tx.recordLineageEvent(
                                new LineageEvent(
                                    "run-1", ArtifactRef.of("kept", 2), Direction.OUTPUT, t));
                            tx.createRegisteredModel(new RegisteredModel("model-2", null, t));
                            tx.createModelVersion(modelDraft);
                            tx.setModelVersionStage("model", 1, Stage.PRODUCTION);
                            tx.setModelAlias("model", "champion", 2);
                            tx.recordTransition(
                                new Transition(
                                    "model",
                                    1,
                                    TransitionKind.STAGE,
                                    null,
                                    "NONE",
                                    "PRODUCTION",
                                    "kit",
                                    null,
                                    t));
                            AuditCheckpoint head = tx.lockAuditHead();
                            tx.appendAuditEvent(nextAuditEvent(head, t, "during", Map.of()));
                            throwUnchecked(failure);
                            return Boolean.TRUE;
                          }));

      assertThat(thrown).isSameAs(failure);
      inRead(
          tx -> {
            assertThat(versions(tx.listArtifactVersions("kept", 0, 100))).containsExactly(1L);
            assertThat(tx.findArtifactVersion("kept", 1).orElseThrow().isDeleted()).isFalse();
            assertThat(tx.findArtifactAlias("kept", "latest")).contains(1L);
            assertThat(tx.listArtifactNames(null, 100)).containsExactly("kept");
            assertThat(tx.findExperiment("exp-new")).isEmpty();
            assertThat(tx.findExperimentByName("new")).isEmpty();
            assertThat(tx.findRun("run-2")).isEmpty();
            assertThat(tx.findRun("run-1")).contains(run1);
            assertThat(tx.params("run-1")).isEmpty();
            assertThat(tx.metricHistory("run-1", "loss")).isEmpty();
            assertThat(tx.latestMetrics("run-1")).isEmpty();
            assertThat(tx.tags("run-1")).containsExactly(Map.entry("a", "1"));
            assertThat(tx.lineageEventsOfExecution("run-1")).isEmpty();
            assertThat(tx.findRegisteredModel("model-2")).isEmpty();
            assertThat(tx.listModelVersions("model", 0, 100)).hasSize(1);
            assertThat(tx.findModelVersion("model", 1).orElseThrow().stage()).isEqualTo(Stage.NONE);
            assertThat(tx.findModelAlias("model", "champion")).contains(1L);
            assertThat(tx.listTransitions("model")).isEmpty();
            assertThat(tx.listAuditEvents(1, 100)).containsExactly(first);
            return Boolean.TRUE;
          });
      // numbers taken by the failed transaction were never created, so they are not skipped
      assertThat(create("kept").version()).isEqualTo(2);
      assertThat(create("new-art").version()).isEqualTo(1);
      assertThat(inTx((MetadataTransaction tx) -> tx.registerBatch("run-1", "batch-1"))).isTrue();
      assertThat(appendAudit("after").sequence()).isEqualTo(2);
    }

    @Test
    @DisplayName("the work's result is returned and its writes are visible to later transactions")
    void committedWritesAreVisible() throws Exception {
      ArtifactVersionDraft d = draft("data");
      ArtifactVersion created = inTx(tx -> tx.createArtifactVersion(d));
      assertThat(inRead((MetadataTransaction tx) -> tx.findArtifactVersion("data", 1)))
          .contains(created);
      assertThat(inTx((MetadataTransaction tx) -> tx.findArtifactVersion("data", 1)))
          .contains(created);
      ExecutorService other = Executors.newSingleThreadExecutor();
      try {
        assertThat(other.submit(() -> inRead(tx -> tx.findLatestArtifactVersion("data"))).get())
            .contains(created);
      } finally {
        other.shutdownNow();
      }
    }

    @Test
    @DisplayName("a transaction reads its own writes before it commits")
    void readsOwnWrites() {
      startRun("run-1");
      ArtifactVersionDraft d = draft("data");
      Instant t = tick();
      List<Object> seen =
          inTx(
              tx -> {
                ArtifactVersion v = tx.createArtifactVersion(d);
                tx.logMetrics("run-1", List.of(new MetricPoint("loss", 0.5, 1, t)));
                tx.setTags("run-1", Map.of("k", "v"));
                return List.of(
                    tx.findArtifactVersion("data", 1).equals(Optional.of(v)),
                    tx.findLatestArtifactVersion("data").equals(Optional.of(v)),
                    tx.metricHistory("run-1", "loss"),
                    tx.tags("run-1"));
              });
      assertThat(seen)
          .containsExactly(
              true, true, List.of(new MetricPoint("loss", 0.5, 1, t)), Map.of("k", "v"));
    }

    static Stream<Arguments> writes() {
      Instant t = START;
      Digest digest = Digest.of(new byte[] {1});
      Map<String, TxCall> calls = new LinkedHashMap<>();
      calls.put(
          "createArtifactVersion",
          tx ->
              tx.createArtifactVersion(
                  new ArtifactVersionDraft("x", "file", digest, 1, "x/y", Map.of(), t, null)));
      calls.put("markArtifactVersionDeleted", tx -> tx.markArtifactVersionDeleted("data", 1, t));
      calls.put("setArtifactAlias", tx -> tx.setArtifactAlias("data", "a", 1));
      calls.put("removeArtifactAlias", tx -> tx.removeArtifactAlias("data", "fixed"));
      calls.put("createExperiment", tx -> tx.createExperiment(new Experiment("e2", "e2", t)));
      calls.put("createRun", tx -> tx.createRun(Run.start("run-9", EXPERIMENT, null, null, t)));
      calls.put(
          "updateRun",
          tx ->
              tx.updateRun(
                  tx.findRun("run-1").orElseThrow().end(RunStatus.FINISHED, t.plusSeconds(1))));
      calls.put("logParams", tx -> tx.logParams("run-1", List.of(Param.of("p", 1))));
      calls.put("logMetrics", tx -> tx.logMetrics("run-1", List.of(new MetricPoint("m", 1, 1, t))));
      calls.put("setTags", tx -> tx.setTags("run-1", Map.of("k", "v")));
      calls.put("deleteTag", tx -> tx.deleteTag("run-1", "fixed"));
      calls.put("registerBatch", tx -> tx.registerBatch("run-1", "b"));
      calls.put(
          "recordLineageEvent",
          tx ->
              tx.recordLineageEvent(
                  new LineageEvent("run-1", ArtifactRef.of("data", 1), Direction.INPUT, t)));
      calls.put(
          "createRegisteredModel",
          tx -> tx.createRegisteredModel(new RegisteredModel("m2", null, t)));
      calls.put(
          "createModelVersion",
          tx ->
              tx.createModelVersion(
                  new ModelVersionDraft(
                      "model", ArtifactRef.of("data", 1), null, null, Map.of(), t)));
      calls.put("setModelVersionStage", tx -> tx.setModelVersionStage("model", 1, Stage.STAGING));
      calls.put("setModelAlias", tx -> tx.setModelAlias("model", "a", 1));
      calls.put("removeModelAlias", tx -> tx.removeModelAlias("model", "fixed"));
      calls.put(
          "recordTransition",
          tx ->
              tx.recordTransition(
                  new Transition(
                      "model", 1, TransitionKind.STAGE, null, "NONE", "STAGING", "kit", null, t)));
      calls.put(
          "appendAuditEvent",
          tx -> tx.appendAuditEvent(nextAuditEvent(AuditCheckpoint.EMPTY, t, "x", Map.of())));
      return calls.entrySet().stream().map(e -> argumentSet(e.getKey(), e.getValue()));
    }

    @ParameterizedTest
    @MethodSource("writes")
    @DisplayName("a read transaction refuses writes with IllegalStateException and changes nothing")
    void readTransactionRefusesWrites(TxCall write) {
      create("data");
      startRun("run-1");
      createModel("model");
      createModelVersion("model", ArtifactRef.of("data", 1));
      exec(
          tx -> {
            tx.setArtifactAlias("data", "fixed", 1);
            tx.setModelAlias("model", "fixed", 1);
            tx.setTags("run-1", Map.of("fixed", "1"));
          });
      Map<String, Object> before = fingerprint();
      assertThatThrownBy(
              () ->
                  inRead(
                      tx -> {
                        write.call(tx);
                        return Boolean.TRUE;
                      }))
          .isInstanceOf(IllegalStateException.class);
      assertThat(fingerprint()).isEqualTo(before);
    }

    private Map<String, Object> fingerprint() {
      return inRead(
          tx -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("names", tx.listArtifactNames(null, 100));
            f.put("data", tx.listArtifactVersions("data", 0, 100));
            f.put("x", tx.listArtifactVersions("x", 0, 100));
            f.put("alias", tx.findArtifactAlias("data", "fixed"));
            f.put("alias-a", tx.findArtifactAlias("data", "a"));
            f.put("experiments", tx.listExperiments(null, 100));
            f.put("runs", tx.listRuns(EXPERIMENT, null, 100));
            f.put("params", tx.params("run-1"));
            f.put("metrics", tx.latestMetrics("run-1"));
            f.put("tags", tx.tags("run-1"));
            f.put("lineage", tx.lineageEventsOfExecution("run-1"));
            f.put("models", tx.listRegisteredModels(null, 100));
            f.put("model-versions", tx.listModelVersions("model", 0, 100));
            f.put("model-aliases", tx.modelAliases("model"));
            f.put("transitions", tx.listTransitions("model"));
            f.put("audit", tx.listAuditEvents(1, 100));
            return f;
          });
    }

    @Test
    @DisplayName(
        "transactions do not nest: inTransaction or read inside work throws IllegalStateException")
    void transactionsDoNotNest() {
      MetadataStore s = store();
      List<TransactionWork<Object>> inner =
          List.of(tx -> s.inTransaction(t -> Boolean.TRUE), tx -> s.read(t -> Boolean.TRUE));
      for (TransactionWork<Object> work : inner) {
        assertThatThrownBy(() -> s.inTransaction(work)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.read(work)).isInstanceOf(IllegalStateException.class);
      }
      // the store is still usable afterwards
      assertThat(create("data").version()).isEqualTo(1);
    }

    @Test
    @DisplayName("the store declares its durability, and closing it twice is harmless")
    void durabilityAndClose() {
      assertThat(store().durability()).isNotNull();
      store().close();
      store().close();
    }

    @Test
    @DisplayName("the store is usable after a failed transaction")
    void usableAfterFailure() {
      ArtifactVersionDraft d = draft("data");
      assertThatThrownBy(
              () ->
                  exec(
                      tx -> {
                        tx.createArtifactVersion(d);
                        throw new KitFailure();
                      }))
          .isInstanceOf(KitFailure.class);
      assertThat(create("data").version()).isEqualTo(1);
      assertThat(inRead((MetadataTransaction tx) -> tx.listArtifactNames(null, 10)))
          .containsExactly("data");
    }
  }

  /** Throws a throwable that is either unchecked or an error, as work may. */
  private static void throwUnchecked(Throwable t) {
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw new IllegalArgumentException("the kit only throws unchecked exceptions from work", t);
  }

  // ================================================================ lineage

  @Nested
  @DisplayName("pipeline step executions and cache")
  class PipelineSteps {
    private StepExecution execution(
        String runId, String step, StepStatus status, Map<String, ArtifactRef> outputs) {
      Instant started = tick();
      return new StepExecution(
          runId + "." + step,
          runId,
          "etl",
          step,
          "2",
          status,
          status == StepStatus.CACHED ? 0 : 3,
          started,
          tick(),
          "a".repeat(64),
          Map.of("param.rows", "100", "input.raw", "sha256:" + "b".repeat(64)),
          Map.of("raw", ArtifactRef.of("etl.raw", 1)),
          outputs,
          status == StepStatus.FAILED ? "java.lang.IllegalStateException: boom \u00e9" : null,
          "ran because parameter rows changed from 99 to 100");
    }

    private StepCacheEntry entry(
        String key, String step, String runId, Map<String, ArtifactRef> out) {
      return new StepCacheEntry(
          key, "etl", step, runId, runId + "." + step, out, Map.of("seed", "0"), tick());
    }

    @Test
    @DisplayName("a step execution reads back field for field, and a run lists its steps by name")
    void executionsRoundTrip() {
      startRun("run-1");
      create("etl.raw");
      create("etl.clean");
      StepExecution clean =
          execution(
              "run-1",
              "clean",
              StepStatus.SUCCEEDED,
              Map.of("clean", ArtifactRef.of("etl.clean", 1)));
      StepExecution a = execution("run-1", "a-first", StepStatus.FAILED, Map.of());
      StepExecution skipped =
          new StepExecution(
              "run-1.z",
              "run-1",
              "etl",
              "z",
              "1",
              StepStatus.SKIPPED,
              0,
              tick(),
              tick(),
              null,
              Map.of(),
              Map.of(),
              Map.of(),
              null,
              "not run because step 'a-first' failed");
      exec(
          tx -> {
            tx.recordStepExecution(clean);
            tx.recordStepExecution(a);
            tx.recordStepExecution(skipped);
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.findStepExecution("run-1.clean")))
          .contains(clean);
      assertThat(inRead((MetadataTransaction tx) -> tx.listStepExecutions("run-1")))
          .containsExactly(a, clean, skipped);
      assertThat(inRead((MetadataTransaction tx) -> tx.listStepExecutions("run-2"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findStepExecution("run-1.none"))).isEmpty();
    }

    @Test
    @DisplayName("an execution id is recorded once, and only for an existing run")
    void executionConflicts() {
      startRun("run-1");
      create("etl.raw");
      StepExecution e = execution("run-1", "s", StepStatus.CACHED, Map.of());
      exec(tx -> tx.recordStepExecution(e));
      assertThatThrownBy(() -> exec(tx -> tx.recordStepExecution(e)))
          .isInstanceOf(ConflictException.class);
      StepExecution orphan = execution("no-such-run", "s", StepStatus.CACHED, Map.of());
      assertThatThrownBy(() -> exec(tx -> tx.recordStepExecution(orphan)))
          .isInstanceOf(NotFoundException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.listStepExecutions("run-1")))
          .containsExactly(e);
    }

    @Test
    @DisplayName(
        "600 executions of 2 runs recorded in one call read back as if recorded one by one")
    void bulkRecordRoundTrips() {
      startRun("run-1");
      startRun("run-2");
      create("etl.raw");
      List<StepExecution> batch = new ArrayList<>();
      List<StepExecution> ofRun1 = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        String run = i < 400 ? "run-1" : "run-2";
        // zero-padded, so the expected order by step name is the order of i
        StepExecution e = execution(run, String.format("s%03d", i), StepStatus.CACHED, Map.of());
        batch.add(e);
        if (i < 400) {
          ofRun1.add(e);
        }
      }
      exec(tx -> tx.recordStepExecutions(batch));
      assertThat(inRead((MetadataTransaction tx) -> tx.listStepExecutions("run-1")))
          .containsExactlyElementsOf(ofRun1);
      assertThat(inRead((MetadataTransaction tx) -> tx.listStepExecutions("run-2")))
          .hasSize(200)
          .first()
          .isEqualTo(batch.get(400));
      assertThat(inRead((MetadataTransaction tx) -> tx.findStepExecution("run-2.s599")))
          .contains(batch.get(599));
      exec(tx -> tx.recordStepExecutions(List.of()));
      assertThat(inRead((MetadataTransaction tx) -> tx.listStepExecutions("run-1"))).hasSize(400);
    }

    @Test
    @DisplayName(
        "a bulk record with an id recorded before, an id twice or a missing run throws and keeps"
            + " nothing of the call, even when the work catches it and commits")
    void bulkRecordIsAtomic() {
      startRun("run-1");
      create("etl.raw");
      StepExecution old = execution("run-1", "m-old", StepStatus.CACHED, Map.of());
      exec(tx -> tx.recordStepExecution(old));
      StepExecution first = execution("run-1", "a-new", StepStatus.CACHED, Map.of());
      StepExecution last = execution("run-1", "z-new", StepStatus.CACHED, Map.of());
      StepExecution orphan = execution("no-such-run", "s", StepStatus.CACHED, Map.of());
      StepExecution after = execution("run-1", "after", StepStatus.CACHED, Map.of());
      List<Throwable> caught =
          inTx(
              tx -> {
                List<Throwable> t = new ArrayList<>();
                t.add(catchThrowable(() -> tx.recordStepExecutions(List.of(first, old, last))));
                t.add(catchThrowable(() -> tx.recordStepExecutions(List.of(first, last, first))));
                t.add(catchThrowable(() -> tx.recordStepExecutions(List.of(first, orphan))));
                tx.recordStepExecution(after);
                return t;
              });
      assertThat(caught.get(0)).isInstanceOf(ConflictException.class).hasMessageContaining("m-old");
      assertThat(caught.get(1)).isInstanceOf(ConflictException.class).hasMessageContaining("a-new");
      assertThat(caught.get(2)).isInstanceOf(NotFoundException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.listStepExecutions("run-1")))
          .containsExactly(after, old);
      assertThat(inRead((MetadataTransaction tx) -> tx.findStepExecution("run-1.a-new"))).isEmpty();
    }

    @Test
    @DisplayName(
        "a cache entry is found by key, replaced by a put of the same key, and the latest of a step is found")
    void cacheEntries() {
      startRun("run-1");
      startRun("run-2");
      create("etl.clean");
      create("etl.clean");
      String k1 = "1".repeat(64);
      String k2 = "2".repeat(64);
      StepCacheEntry first =
          entry(k1, "clean", "run-1", Map.of("clean", ArtifactRef.of("etl.clean", 1)));
      StepCacheEntry second =
          entry(k2, "clean", "run-2", Map.of("clean", ArtifactRef.of("etl.clean", 2)));
      exec(
          tx -> {
            tx.putStepCacheEntry(first);
            tx.putStepCacheEntry(second);
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.findStepCacheEntry(k1))).contains(first);
      assertThat(inRead((MetadataTransaction tx) -> tx.latestStepCacheEntry("etl", "clean")))
          .contains(second);
      assertThat(inRead((MetadataTransaction tx) -> tx.latestStepCacheEntry("etl", "other")))
          .isEmpty();
      StepCacheEntry replaced =
          entry(k1, "clean", "run-2", Map.of("clean", ArtifactRef.of("etl.clean", 2)));
      exec(tx -> tx.putStepCacheEntry(replaced));
      assertThat(inRead((MetadataTransaction tx) -> tx.findStepCacheEntry(k1))).contains(replaced);
      assertThat(inRead((MetadataTransaction tx) -> tx.latestStepCacheEntry("etl", "clean")))
          .contains(replaced);
    }

    @Test
    @DisplayName(
        "a cache entry naming a missing artifact version is refused, and nothing is stored")
    void cacheEntryNeedsArtifacts() {
      startRun("run-1");
      StepCacheEntry e =
          entry("3".repeat(64), "s", "run-1", Map.of("x", ArtifactRef.of("nothing", 1)));
      assertThatThrownBy(() -> exec(tx -> tx.putStepCacheEntry(e)))
          .isInstanceOf(NotFoundException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.findStepCacheEntry("3".repeat(64))))
          .isEmpty();
    }

    @Test
    @DisplayName("invalidating by step or by run deletes exactly those entries")
    void invalidation() {
      startRun("run-1");
      startRun("run-2");
      create("etl.x");
      Map<String, ArtifactRef> out = Map.of("x", ArtifactRef.of("etl.x", 1));
      exec(
          tx -> {
            tx.putStepCacheEntry(entry("1".repeat(64), "a", "run-1", out));
            tx.putStepCacheEntry(entry("2".repeat(64), "a", "run-2", out));
            tx.putStepCacheEntry(entry("3".repeat(64), "b", "run-1", out));
            tx.putStepCacheEntry(entry("4".repeat(64), "c", "run-2", out));
          });
      assertThat(inTx((MetadataTransaction tx) -> tx.deleteStepCacheEntries("etl", "a")))
          .isEqualTo(2);
      assertThat(inTx((MetadataTransaction tx) -> tx.deleteStepCacheEntries("etl", "a"))).isZero();
      assertThat(inTx((MetadataTransaction tx) -> tx.deleteStepCacheEntriesOfRun("run-1")))
          .isEqualTo(1);
      assertThat(inRead((MetadataTransaction tx) -> tx.findStepCacheEntry("3".repeat(64))))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findStepCacheEntry("4".repeat(64))))
          .isPresent();
    }
  }

  @Nested
  @DisplayName("lineage")
  class Lineage {

    @Test
    @DisplayName("the events of an artifact version are ordered by time, then execution id")
    void byArtifact() {
      create("data");
      create("data");
      Instant t1 = tick();
      Instant t2 = tick();
      LineageEvent producedBy =
          new LineageEvent("run-0", ArtifactRef.of("data", 1), Direction.OUTPUT, t1);
      LineageEvent readB =
          new LineageEvent("run-b", ArtifactRef.of("data", 1), Direction.INPUT, t2);
      LineageEvent readA =
          new LineageEvent("run-a", ArtifactRef.of("data", 1), Direction.INPUT, t2);
      LineageEvent readUpper =
          new LineageEvent("Run-z", ArtifactRef.of("data", 1), Direction.INPUT, t2);
      LineageEvent otherVersion =
          new LineageEvent("run-a", ArtifactRef.of("data", 2), Direction.INPUT, t1);
      exec(
          tx -> {
            tx.recordLineageEvent(readB);
            tx.recordLineageEvent(otherVersion);
            tx.recordLineageEvent(readA);
          });
      exec(
          tx -> {
            tx.recordLineageEvent(producedBy);
            tx.recordLineageEvent(readUpper);
          });
      assertThat(
              inRead(
                  (MetadataTransaction tx) ->
                      tx.lineageEventsOfArtifact(ArtifactRef.of("data", 1))))
          .containsExactly(producedBy, readUpper, readA, readB);
      assertThat(
              inRead(
                  (MetadataTransaction tx) ->
                      tx.lineageEventsOfArtifact(ArtifactRef.of("data", 2))))
          .containsExactly(otherVersion);
    }

    @Test
    @DisplayName("the events of an execution are ordered by time, then artifact")
    void byExecution() {
      create("data");
      create("features");
      create("model");
      Instant t1 = tick();
      Instant t2 = tick();
      LineageEvent model =
          new LineageEvent("step-7", ArtifactRef.of("model", 1), Direction.OUTPUT, t2);
      LineageEvent features =
          new LineageEvent("step-7", ArtifactRef.of("features", 1), Direction.INPUT, t1);
      LineageEvent data =
          new LineageEvent("step-7", ArtifactRef.of("data", 1), Direction.INPUT, t1);
      LineageEvent elsewhere =
          new LineageEvent("step-8", ArtifactRef.of("data", 1), Direction.INPUT, t1);
      exec(
          tx -> {
            tx.recordLineageEvent(model);
            tx.recordLineageEvent(features);
            tx.recordLineageEvent(elsewhere);
            tx.recordLineageEvent(data);
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.lineageEventsOfExecution("step-7")))
          .containsExactly(data, features, model);
      assertThat(inRead((MetadataTransaction tx) -> tx.lineageEventsOfExecution("step-8")))
          .containsExactly(elsewhere);
    }

    @Test
    @DisplayName("recording the same edge again keeps the first event, in one transaction or many")
    void duplicatesKeptOnce() {
      create("data");
      Instant t1 = tick();
      LineageEvent first =
          new LineageEvent("run-1", ArtifactRef.of("data", 1), Direction.INPUT, t1);
      LineageEvent later =
          new LineageEvent("run-1", ArtifactRef.of("data", 1), Direction.INPUT, tick());
      LineageEvent latest =
          new LineageEvent("run-1", ArtifactRef.of("data", 1), Direction.INPUT, tick());
      exec(
          tx -> {
            tx.recordLineageEvent(first);
            tx.recordLineageEvent(later);
          });
      exec(tx -> tx.recordLineageEvent(latest));
      assertThat(inRead((MetadataTransaction tx) -> tx.lineageEventsOfExecution("run-1")))
          .containsExactly(first);
      assertThat(
              inRead(
                  (MetadataTransaction tx) ->
                      tx.lineageEventsOfArtifact(ArtifactRef.of("data", 1))))
          .containsExactly(first);
    }

    @Test
    @DisplayName("reading and writing the same version are two different edges")
    void directionsAreDistinct() {
      create("data");
      Instant t = tick();
      LineageEvent in = new LineageEvent("run-1", ArtifactRef.of("data", 1), Direction.INPUT, t);
      LineageEvent out = new LineageEvent("run-1", ArtifactRef.of("data", 1), Direction.OUTPUT, t);
      exec(
          tx -> {
            tx.recordLineageEvent(out);
            tx.recordLineageEvent(in);
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.lineageEventsOfExecution("run-1")))
          .containsExactlyInAnyOrder(in, out);
    }

    @Test
    @DisplayName("an event about an artifact version that does not exist throws NotFoundException")
    void unknownArtifactRefused() {
      create("data");
      Instant t = tick();
      List<LineageEvent> bad =
          List.of(
              new LineageEvent("run-1", ArtifactRef.of("data", 2), Direction.INPUT, t),
              new LineageEvent("run-1", ArtifactRef.of("nothing", 1), Direction.OUTPUT, t));
      for (LineageEvent e : bad) {
        assertThatThrownBy(() -> exec(tx -> tx.recordLineageEvent(e)))
            .isInstanceOf(NotFoundException.class);
      }
      assertThat(inRead((MetadataTransaction tx) -> tx.lineageEventsOfExecution("run-1")))
          .isEmpty();
    }

    @Test
    @DisplayName("an execution or artifact without events has an empty history")
    void emptyHistories() {
      create("data");
      assertThat(inRead((MetadataTransaction tx) -> tx.lineageEventsOfExecution("run-1")))
          .isEmpty();
      assertThat(
              inRead(
                  (MetadataTransaction tx) ->
                      tx.lineageEventsOfArtifact(ArtifactRef.of("data", 1))))
          .isEmpty();
      assertThat(
              inRead(
                  (MetadataTransaction tx) ->
                      tx.lineageEventsOfArtifact(ArtifactRef.of("nothing", 3))))
          .isEmpty();
    }
  }

  // ================================================================ registry

  @Nested
  @DisplayName("registry")
  class Registry {

    @Test
    @DisplayName("a registered model round-trips with and without a description")
    void modelRoundTrip() {
      RegisteredModel plain = new RegisteredModel("churn", null, tick());
      RegisteredModel described = new RegisteredModel("fraud", "detects ✓ fraud", tick());
      exec(
          tx -> {
            tx.createRegisteredModel(plain);
            tx.createRegisteredModel(described);
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.findRegisteredModel("churn")))
          .contains(plain);
      assertThat(inRead((MetadataTransaction tx) -> tx.findRegisteredModel("fraud")))
          .contains(described);
      assertThat(inRead((MetadataTransaction tx) -> tx.findRegisteredModel("other"))).isEmpty();
    }

    @Test
    @DisplayName("model names are unique: a duplicate throws ConflictException")
    void modelsAreUnique() {
      RegisteredModel model = new RegisteredModel("churn", "first", tick());
      exec(tx -> tx.createRegisteredModel(model));
      RegisteredModel again = new RegisteredModel("churn", "second", tick());
      assertThatThrownBy(() -> exec(tx -> tx.createRegisteredModel(again)))
          .isInstanceOf(ConflictException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.findRegisteredModel("churn")))
          .contains(model);
    }

    @Test
    @DisplayName("registered models are listed by name in code point order, in pages")
    void modelsListed() {
      for (String name : List.of("b", "a-2", "B", "a", "a.1")) {
        createModel(name);
      }
      List<RegisteredModel> paged =
          pageThrough(
              null,
              2,
              after -> inRead(tx -> tx.listRegisteredModels(after, 2)),
              RegisteredModel::name);
      assertThat(paged)
          .extracting(RegisteredModel::name)
          .containsExactly("B", "a", "a-2", "a.1", "b");
    }

    @Test
    @DisplayName(
        "model versions are numbered 1, 2, 3 per model, in stage NONE, with the draft's fields")
    void modelVersionsGapFree() {
      create("model-bytes");
      create("model-bytes");
      startRun("run-1");
      createModel("churn");
      createModel("fraud");
      Instant t = tick();
      ModelVersionDraft full =
          new ModelVersionDraft(
              "churn", ArtifactRef.of("model-bytes", 2), "run-1", "first ✓", Map.of("k", "v"), t);
      ModelVersion v1 = inTx(tx -> tx.createModelVersion(full));
      assertThat(v1)
          .isEqualTo(
              new ModelVersion(
                  "churn",
                  1,
                  ArtifactRef.of("model-bytes", 2),
                  "run-1",
                  "first ✓",
                  Map.of("k", "v"),
                  Stage.NONE,
                  t));
      assertThat(inRead((MetadataTransaction tx) -> tx.findModelVersion("churn", 1))).contains(v1);
      List<Long> numbers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ModelVersionDraft d = modelDraft("churn", ArtifactRef.of("model-bytes", 1));
        numbers.add(inTx(tx -> tx.createModelVersion(d)).version());
      }
      assertThat(numbers).containsExactly(2L, 3L, 4L, 5L);
      ModelVersionDraft other = modelDraft("fraud", ArtifactRef.of("model-bytes", 1));
      assertThat(inTx((MetadataTransaction tx) -> tx.createModelVersion(other)).version())
          .isEqualTo(1);
      assertThat(inRead((MetadataTransaction tx) -> tx.findModelVersion("churn", 6))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findModelVersion("nothing", 1))).isEmpty();
    }

    @Test
    @DisplayName("a model version needs an existing model and a live artifact version")
    void modelVersionNeedsModelAndArtifact() {
      create("bytes");
      create("bytes");
      Instant at = tick();
      exec(tx -> tx.markArtifactVersionDeleted("bytes", 2, at));
      createModel("churn");
      List<ModelVersionDraft> bad =
          List.of(
              modelDraft("no-model", ArtifactRef.of("bytes", 1)),
              modelDraft("churn", ArtifactRef.of("bytes", 3)),
              modelDraft("churn", ArtifactRef.of("no-bytes", 1)),
              modelDraft("churn", ArtifactRef.of("bytes", 2)));
      for (ModelVersionDraft d : bad) {
        assertThatThrownBy(() -> exec(tx -> tx.createModelVersion(d)))
            .as("%s", d)
            .isInstanceOf(NotFoundException.class);
      }
      assertThat(inRead((MetadataTransaction tx) -> tx.listModelVersions("churn", 0, 10)))
          .isEmpty();
      ModelVersionDraft good = modelDraft("churn", ArtifactRef.of("bytes", 1));
      assertThat(inTx((MetadataTransaction tx) -> tx.createModelVersion(good)).version())
          .isEqualTo(1);
    }

    @Test
    @DisplayName("model versions are listed by version, in pages that never repeat or skip")
    void modelVersionsListed() {
      create("bytes");
      createModel("churn");
      createModel("other");
      for (int i = 0; i < 12; i++) {
        ModelVersionDraft d =
            modelDraft(i % 4 == 3 ? "other" : "churn", ArtifactRef.of("bytes", 1));
        exec(tx -> tx.createModelVersion(d));
      }
      List<ModelVersion> paged =
          pageThrough(
              0L,
              4,
              after -> inRead(tx -> tx.listModelVersions("churn", orZero(after), 4)),
              ModelVersion::version);
      assertThat(paged).extracting(ModelVersion::version).isEqualTo(range(1, 9));
      assertThat(inRead((MetadataTransaction tx) -> tx.listModelVersions("other", 0, 10)))
          .hasSize(3);
      assertThat(inRead((MetadataTransaction tx) -> tx.listModelVersions("nothing", 0, 10)))
          .isEmpty();
    }

    @Test
    @DisplayName("the stage of a model version changes and is stored")
    void stages() {
      create("bytes");
      createModel("churn");
      ModelVersion v = createModelVersion("churn", ArtifactRef.of("bytes", 1));
      for (Stage stage : List.of(Stage.STAGING, Stage.PRODUCTION, Stage.ARCHIVED, Stage.NONE)) {
        assertThat(inTx((MetadataTransaction tx) -> tx.setModelVersionStage("churn", 1, stage)))
            .isEqualTo(v.withStage(stage));
        assertThat(inRead((MetadataTransaction tx) -> tx.findModelVersion("churn", 1)))
            .contains(v.withStage(stage));
      }
      assertThatThrownBy(() -> exec(tx -> tx.setModelVersionStage("churn", 2, Stage.STAGING)))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> exec(tx -> tx.setModelVersionStage("other", 1, Stage.STAGING)))
          .isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("a model alias moves atomically and returns the version it pointed at before")
    void modelAliases() {
      create("bytes");
      createModel("churn");
      for (int i = 0; i < 3; i++) {
        createModelVersion("churn", ArtifactRef.of("bytes", 1));
      }
      assertThat(inTx((MetadataTransaction tx) -> tx.setModelAlias("churn", "champion", 1)))
          .isEmpty();
      assertThat(inTx((MetadataTransaction tx) -> tx.setModelAlias("churn", "champion", 3)))
          .contains(1L);
      assertThat(inTx((MetadataTransaction tx) -> tx.setModelAlias("churn", "challenger", 2)))
          .isEmpty();
      assertThat(inTx((MetadataTransaction tx) -> tx.setModelAlias("churn", "Baseline", 1)))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findModelAlias("churn", "champion")))
          .contains(3L);
      assertThat(inRead((MetadataTransaction tx) -> tx.modelAliases("churn")))
          .containsExactly(
              Map.entry("Baseline", 1L), Map.entry("challenger", 2L), Map.entry("champion", 3L));
      assertThat(inTx((MetadataTransaction tx) -> tx.removeModelAlias("churn", "challenger")))
          .contains(2L);
      assertThat(inTx((MetadataTransaction tx) -> tx.removeModelAlias("churn", "challenger")))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.findModelAlias("churn", "challenger")))
          .isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.modelAliases("other"))).isEmpty();
    }

    @Test
    @DisplayName("a model alias cannot point at a version that does not exist")
    void modelAliasNeedsVersion() {
      create("bytes");
      createModel("churn");
      createModelVersion("churn", ArtifactRef.of("bytes", 1));
      exec(tx -> tx.setModelAlias("churn", "champion", 1));
      assertThatThrownBy(() -> exec(tx -> tx.setModelAlias("churn", "champion", 2)))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> exec(tx -> tx.setModelAlias("other", "champion", 1)))
          .isInstanceOf(NotFoundException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.findModelAlias("churn", "champion")))
          .contains(1L);
    }

    @Test
    @DisplayName("transitions are listed in the order they were recorded, with every field")
    void transitionsInOrder() {
      createModel("churn");
      createModel("other");
      Instant t1 = tick();
      Instant t2 = tick();
      Instant t3 = tick();
      // recorded out of time order on purpose: the order of recording counts
      Transition a =
          new Transition(
              "churn", 1, TransitionKind.STAGE, null, "NONE", "STAGING", "alice", "why", t3);
      Transition b =
          new Transition(
              "churn", 1, TransitionKind.ALIAS_SET, "champion", null, "1", "bob", null, t1);
      Transition c =
          new Transition(
              "churn",
              2,
              TransitionKind.REFUSED,
              null,
              "NONE",
              "PRODUCTION",
              "ci ✓",
              "gate failed",
              t2);
      Transition d =
          new Transition(
              "churn", 1, TransitionKind.ALIAS_REMOVED, "champion", "1", null, "bob", null, t1);
      Transition elsewhere =
          new Transition("other", 1, TransitionKind.STAGE, null, "NONE", "ARCHIVED", "x", null, t1);
      exec(
          tx -> {
            tx.recordTransition(a);
            tx.recordTransition(b);
            tx.recordTransition(elsewhere);
          });
      exec(
          tx -> {
            tx.recordTransition(c);
            tx.recordTransition(d);
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.listTransitions("churn")))
          .containsExactly(a, b, c, d);
      assertThat(inRead((MetadataTransaction tx) -> tx.listTransitions("other")))
          .containsExactly(elsewhere);
      assertThat(inRead((MetadataTransaction tx) -> tx.listTransitions("nothing"))).isEmpty();
    }

    @Test
    @DisplayName("a transition of a model that does not exist throws NotFoundException")
    void transitionNeedsModel() {
      Transition t =
          new Transition(
              "ghost", 1, TransitionKind.STAGE, null, "NONE", "STAGING", "a", null, tick());
      assertThatThrownBy(() -> exec(tx -> tx.recordTransition(t)))
          .isInstanceOf(NotFoundException.class);
    }
  }

  // ================================================================ audit

  @Nested
  @DisplayName("audit log")
  class Audit {

    @Test
    @DisplayName("the head of an empty log is AuditCheckpoint.EMPTY and the log lists nothing")
    void emptyLog() {
      assertThat(inTx(MetadataTransaction::lockAuditHead)).isEqualTo(AuditCheckpoint.EMPTY);
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(1, 100))).isEmpty();
    }

    @Test
    @DisplayName("appended events form a chain and the head follows it")
    void chain() {
      List<AuditEvent> appended = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        appended.add(appendAudit("subject-" + i));
        AuditEvent last = appended.get(i);
        assertThat(inTx(MetadataTransaction::lockAuditHead))
            .isEqualTo(new AuditCheckpoint(i + 1, last.hash()));
      }
      List<AuditEvent> stored = inRead(tx -> tx.listAuditEvents(1, 100));
      assertThat(stored).isEqualTo(appended);
      assertThat(stored.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
      for (int i = 1; i < stored.size(); i++) {
        assertThat(stored.get(i).previousHash()).isEqualTo(stored.get(i - 1).hash());
      }
    }

    @Test
    @DisplayName("several events appended in one transaction after one lock")
    void severalInOneTransaction() {
      Instant t = tick();
      Map<String, String> details = Map.of("version", "7", "note", "Zürich ✓", "empty", "");
      List<AuditEvent> appended =
          inTx(
              tx -> {
                List<AuditEvent> out = new ArrayList<>();
                AuditCheckpoint head = tx.lockAuditHead();
                for (int i = 0; i < 3; i++) {
                  AuditEvent e = nextAuditEvent(head, t, "s" + i, details);
                  tx.appendAuditEvent(e);
                  out.add(e);
                  head = new AuditCheckpoint(e.sequence(), e.hash());
                }
                return out;
              });
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(1, 100)))
          .isEqualTo(appended);
      assertThat(appended).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName(
        "an event that does not extend the head throws ConflictException and is not stored")
    void mustExtendTheHead() {
      AuditEvent first = appendAudit("first");
      AuditCheckpoint head = new AuditCheckpoint(1, first.hash());
      Instant t = tick();
      AuditEvent good = nextAuditEvent(head, t, "good", Map.of());
      List<AuditEvent> bad =
          List.of(
              // sequence skips one
              new AuditEvent(3, t, "kit", "x", "s", Map.of(), first.hash(), good.hash()),
              // sequence repeats the head's
              new AuditEvent(1, t, "kit", "x", "s", Map.of(), first.hash(), good.hash()),
              // right sequence, wrong previous hash (a fork from genesis)
              new AuditEvent(2, t, "kit", "x", "s", Map.of(), AuditEvent.GENESIS_HASH, good.hash()),
              // right sequence, previous hash of another event
              new AuditEvent(2, t, "kit", "x", "s", Map.of(), good.hash(), first.hash()));
      for (AuditEvent e : bad) {
        assertThatThrownBy(
                () ->
                    exec(
                        tx -> {
                          tx.lockAuditHead();
                          tx.appendAuditEvent(e);
                        }))
            .as("%s", e)
            .isInstanceOf(ConflictException.class);
      }
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(1, 100)))
          .containsExactly(first);
      exec(
          tx -> {
            tx.lockAuditHead();
            tx.appendAuditEvent(good);
          });
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(1, 100)))
          .containsExactly(first, good);
    }

    @Test
    @DisplayName(
        "appending without locking the head in this transaction throws IllegalStateException")
    void appendNeedsLock() {
      AuditEvent e = nextAuditEvent(AuditCheckpoint.EMPTY, tick(), "s", Map.of());
      assertThatThrownBy(() -> exec(tx -> tx.appendAuditEvent(e)))
          .isInstanceOf(IllegalStateException.class);
      // a lock taken by an earlier transaction does not count
      exec(tx -> tx.lockAuditHead());
      assertThatThrownBy(() -> exec(tx -> tx.appendAuditEvent(e)))
          .isInstanceOf(IllegalStateException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(1, 100))).isEmpty();
    }

    @Test
    @DisplayName("audit events are listed from a sequence, in pages that never repeat or skip")
    void paging() {
      List<AuditEvent> appended = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        appended.add(appendAudit("s" + i));
      }
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(1, 5)))
          .isEqualTo(appended.subList(0, 5));
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(6, 5)))
          .isEqualTo(appended.subList(5, 10));
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(11, 5)))
          .isEqualTo(appended.subList(10, 12));
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(13, 5))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(4, 1)))
          .containsExactly(appended.get(3));
    }
  }

  // ================================================================ concurrency

  @Nested
  @DisplayName("concurrency")
  class Concurrency {

    private static final int PER_THREAD = 25;

    @Test
    @Timeout(120)
    @DisplayName("versions of one name are gap-free and distinct under concurrent writers")
    void artifactVersionsOfOneName() throws Exception {
      int threads = concurrentWriters();
      List<Long> returned =
          concurrently(
              threads,
              i -> {
                List<Long> mine = new ArrayList<>();
                for (int j = 0; j < PER_THREAD; j++) {
                  ArtifactVersionDraft d = draft("contended");
                  mine.add(inTx(tx -> tx.createArtifactVersion(d)).version());
                }
                return mine;
              });
      long total = (long) threads * PER_THREAD;
      assertThat(returned).doesNotHaveDuplicates().hasSize((int) total);
      assertThat(returned.stream().sorted().collect(Collectors.toList()))
          .isEqualTo(range(1, total));
      assertThat(versions(inRead(tx -> tx.listArtifactVersions("contended", 0, 10_000))))
          .isEqualTo(range(1, total));
    }

    @Test
    @Timeout(120)
    @DisplayName("versions of different names are numbered independently under concurrent writers")
    void artifactVersionsOfManyNames() throws Exception {
      int threads = concurrentWriters();
      List<ArtifactRef> returned =
          concurrently(
              threads,
              i -> {
                List<ArtifactRef> mine = new ArrayList<>();
                for (int j = 0; j < PER_THREAD; j++) {
                  ArtifactVersionDraft d = draft("name-" + i);
                  mine.add(inTx(tx -> tx.createArtifactVersion(d)).ref());
                }
                return mine;
              });
      Set<ArtifactRef> expected = new HashSet<>();
      for (int i = 0; i < threads; i++) {
        for (long v = 1; v <= PER_THREAD; v++) {
          expected.add(ArtifactRef.of("name-" + i, v));
        }
      }
      assertThat(returned).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
      for (int i = 0; i < threads; i++) {
        String name = "name-" + i;
        assertThat(versions(inRead(tx -> tx.listArtifactVersions(name, 0, 100))))
            .isEqualTo(range(1, PER_THREAD));
      }
    }

    @Test
    @Timeout(120)
    @DisplayName("model versions of one model are gap-free and distinct under concurrent writers")
    void modelVersionsOfOneModel() throws Exception {
      create("bytes");
      createModel("churn");
      int threads = concurrentWriters();
      List<Long> returned =
          concurrently(
              threads,
              i -> {
                List<Long> mine = new ArrayList<>();
                for (int j = 0; j < PER_THREAD; j++) {
                  ModelVersionDraft d = modelDraft("churn", ArtifactRef.of("bytes", 1));
                  mine.add(inTx(tx -> tx.createModelVersion(d)).version());
                }
                return mine;
              });
      long total = (long) threads * PER_THREAD;
      assertThat(returned).doesNotHaveDuplicates();
      assertThat(returned.stream().sorted().collect(Collectors.toList()))
          .isEqualTo(range(1, total));
      assertThat(inRead((MetadataTransaction tx) -> tx.listModelVersions("churn", 0, 10_000)))
          .extracting(ModelVersion::version)
          .isEqualTo(range(1, total));
    }

    @Test
    @Timeout(120)
    @DisplayName("the audit chain never forks under concurrent appenders")
    void auditChainNeverForks() throws Exception {
      int threads = concurrentWriters();
      List<AuditEvent> returned =
          concurrently(
              threads,
              i -> {
                List<AuditEvent> mine = new ArrayList<>();
                for (int j = 0; j < PER_THREAD; j++) {
                  String subject = "thread-" + i + "-event-" + j;
                  mine.add(
                      inTx(
                          tx -> {
                            AuditEvent e =
                                nextAuditEvent(
                                    tx.lockAuditHead(), clock.instant(), subject, Map.of());
                            tx.appendAuditEvent(e);
                            return e;
                          }));
                }
                return mine;
              });
      long total = (long) threads * PER_THREAD;
      List<AuditEvent> stored = inRead(tx -> tx.listAuditEvents(1, 10_000));
      assertThat(stored).extracting(AuditEvent::sequence).isEqualTo(range(1, total));
      assertThat(stored.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
      for (int i = 1; i < stored.size(); i++) {
        assertThat(stored.get(i).previousHash())
            .as("previous hash of event %d", i + 1)
            .isEqualTo(stored.get(i - 1).hash());
      }
      assertThat(returned).containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    @Timeout(120)
    @DisplayName("a read transaction sees one consistent snapshot while writers commit")
    void readersSeeConsistentSnapshots() throws Exception {
      record Snapshot(
          List<ArtifactVersion> first,
          Optional<ArtifactVersion> latest,
          Map<String, String> tags,
          List<ArtifactVersion> second) {}
      startRun("run-1");
      int writers = Math.max(2, concurrentWriters() / 2);
      int readers = 2;
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger writersLeft = new AtomicInteger(writers);
      List<Snapshot> snapshots =
          concurrently(
              writers + readers,
              i -> {
                if (i < writers) {
                  try {
                    for (int j = 0; j < PER_THREAD; j++) {
                      // each transaction creates two versions and records the count in a tag
                      ArtifactVersionDraft a = draft("snap");
                      ArtifactVersionDraft b = draft("snap");
                      exec(
                          tx -> {
                            tx.createArtifactVersion(a);
                            long v = tx.createArtifactVersion(b).version();
                            tx.setTags("run-1", Map.of("count", Long.toString(v)));
                          });
                    }
                  } finally {
                    if (writersLeft.decrementAndGet() == 0) {
                      writing.set(false);
                    }
                  }
                  return List.<Snapshot>of();
                }
                List<Snapshot> seen = new ArrayList<>();
                while (true) {
                  // a read that starts after the writers finished sees all their work
                  boolean last = !writing.get();
                  seen.add(
                      inRead(
                          tx ->
                              new Snapshot(
                                  tx.listArtifactVersions("snap", 0, 10_000),
                                  tx.findLatestArtifactVersion("snap"),
                                  tx.tags("run-1"),
                                  tx.listArtifactVersions("snap", 0, 10_000))));
                  if (last) {
                    return seen;
                  }
                }
              });
      assertThat(snapshots).hasSizeGreaterThanOrEqualTo(readers);
      for (Snapshot s : snapshots) {
        int n = s.first().size();
        assertThat(versions(s.first())).isEqualTo(range(1, n));
        assertThat(n % 2).as("versions come in pairs, one pair per transaction").isZero();
        assertThat(s.second()).isEqualTo(s.first());
        if (n == 0) {
          assertThat(s.latest()).isEmpty();
          assertThat(s.tags()).isEmpty();
        } else {
          assertThat(s.latest().map(ArtifactVersion::version)).contains((long) n);
          assertThat(s.tags()).containsEntry("count", Long.toString(n));
        }
      }
      assertThat(snapshots.get(snapshots.size() - 1).first()).hasSize(2 * writers * PER_THREAD);
    }
  }

  // ================================================================ bad input

  @Nested
  @DisplayName("bad input")
  class BadInput {

    /** Sets up what the calls below refer to, so that only the bad argument can fail them. */
    private void fixture() {
      create("data");
      startRun("run-1");
      createModel("model");
      createModelVersion("model", ArtifactRef.of("data", 1));
    }

    static Stream<Arguments> nullArguments() {
      Instant t = START;
      Map<String, TxCall> calls = new LinkedHashMap<>();
      calls.put("createArtifactVersion(null)", tx -> tx.createArtifactVersion(nullOf()));
      calls.put("findArtifactVersion(null, 1)", tx -> tx.findArtifactVersion(nullOf(), 1));
      calls.put("findLatestArtifactVersion(null)", tx -> tx.findLatestArtifactVersion(nullOf()));
      calls.put(
          "listArtifactVersions(null, 0, 10)", tx -> tx.listArtifactVersions(nullOf(), 0, 10));
      calls.put(
          "markArtifactVersionDeleted(null, 1, t)",
          tx -> tx.markArtifactVersionDeleted(nullOf(), 1, t));
      calls.put(
          "markArtifactVersionDeleted(data, 1, null)",
          tx -> tx.markArtifactVersionDeleted("data", 1, nullOf()));
      calls.put(
          "liveArtifactVersionsWithDigest(null)",
          tx -> tx.liveArtifactVersionsWithDigest(nullOf()));
      calls.put("setArtifactAlias(null, a, 1)", tx -> tx.setArtifactAlias(nullOf(), "a", 1));
      calls.put("setArtifactAlias(data, null, 1)", tx -> tx.setArtifactAlias("data", nullOf(), 1));
      calls.put("findArtifactAlias(null, a)", tx -> tx.findArtifactAlias(nullOf(), "a"));
      calls.put("findArtifactAlias(data, null)", tx -> tx.findArtifactAlias("data", nullOf()));
      calls.put("removeArtifactAlias(null, a)", tx -> tx.removeArtifactAlias(nullOf(), "a"));
      calls.put("removeArtifactAlias(data, null)", tx -> tx.removeArtifactAlias("data", nullOf()));
      calls.put("createExperiment(null)", tx -> tx.createExperiment(nullOf()));
      calls.put("findExperiment(null)", tx -> tx.findExperiment(nullOf()));
      calls.put("findExperimentByName(null)", tx -> tx.findExperimentByName(nullOf()));
      calls.put("createRun(null)", tx -> tx.createRun(nullOf()));
      calls.put("updateRun(null)", tx -> tx.updateRun(nullOf()));
      calls.put("findRun(null)", tx -> tx.findRun(nullOf()));
      calls.put("listRuns(null, null, 10)", tx -> tx.listRuns(nullOf(), null, 10));
      calls.put("logParams(null, [p])", tx -> tx.logParams(nullOf(), List.of(Param.of("p", 1))));
      calls.put("logParams(run-1, null)", tx -> tx.logParams("run-1", nullOf()));
      calls.put(
          "logParams(run-1, [p, null])",
          tx -> tx.logParams("run-1", Arrays.asList(Param.of("p", 1), nullOf())));
      calls.put("params(null)", tx -> tx.params(nullOf()));
      calls.put(
          "logMetrics(null, [m])",
          tx -> tx.logMetrics(nullOf(), List.of(new MetricPoint("m", 1, 1, t))));
      calls.put("logMetrics(run-1, null)", tx -> tx.logMetrics("run-1", nullOf()));
      calls.put(
          "logMetrics(run-1, [m, null])",
          tx -> tx.logMetrics("run-1", Arrays.asList(new MetricPoint("m", 1, 1, t), nullOf())));
      calls.put("metricHistory(null, m)", tx -> tx.metricHistory(nullOf(), "m"));
      calls.put("metricHistory(run-1, null)", tx -> tx.metricHistory("run-1", nullOf()));
      calls.put("latestMetrics(null)", tx -> tx.latestMetrics(nullOf()));
      calls.put("setTags(null, {k=v})", tx -> tx.setTags(nullOf(), Map.of("k", "v")));
      calls.put("setTags(run-1, null)", tx -> tx.setTags("run-1", nullOf()));
      calls.put(
          "setTags(run-1, {k=null})",
          tx -> tx.setTags("run-1", Collections.singletonMap("k", nullOf())));
      calls.put(
          "setTags(run-1, {null=v})",
          tx -> tx.setTags("run-1", Collections.singletonMap(nullOf(), "v")));
      calls.put("deleteTag(null, k)", tx -> tx.deleteTag(nullOf(), "k"));
      calls.put("deleteTag(run-1, null)", tx -> tx.deleteTag("run-1", nullOf()));
      calls.put("tags(null)", tx -> tx.tags(nullOf()));
      calls.put("registerBatch(null, b)", tx -> tx.registerBatch(nullOf(), "b"));
      calls.put("registerBatch(run-1, null)", tx -> tx.registerBatch("run-1", nullOf()));
      calls.put("recordLineageEvent(null)", tx -> tx.recordLineageEvent(nullOf()));
      calls.put("lineageEventsOfArtifact(null)", tx -> tx.lineageEventsOfArtifact(nullOf()));
      calls.put("lineageEventsOfExecution(null)", tx -> tx.lineageEventsOfExecution(nullOf()));
      calls.put("createRegisteredModel(null)", tx -> tx.createRegisteredModel(nullOf()));
      calls.put("findRegisteredModel(null)", tx -> tx.findRegisteredModel(nullOf()));
      calls.put("createModelVersion(null)", tx -> tx.createModelVersion(nullOf()));
      calls.put("findModelVersion(null, 1)", tx -> tx.findModelVersion(nullOf(), 1));
      calls.put("listModelVersions(null, 0, 10)", tx -> tx.listModelVersions(nullOf(), 0, 10));
      calls.put(
          "setModelVersionStage(null, 1, STAGING)",
          tx -> tx.setModelVersionStage(nullOf(), 1, Stage.STAGING));
      calls.put(
          "setModelVersionStage(model, 1, null)",
          tx -> tx.setModelVersionStage("model", 1, nullOf()));
      calls.put("setModelAlias(null, a, 1)", tx -> tx.setModelAlias(nullOf(), "a", 1));
      calls.put("setModelAlias(model, null, 1)", tx -> tx.setModelAlias("model", nullOf(), 1));
      calls.put("removeModelAlias(null, a)", tx -> tx.removeModelAlias(nullOf(), "a"));
      calls.put("removeModelAlias(model, null)", tx -> tx.removeModelAlias("model", nullOf()));
      calls.put("findModelAlias(null, a)", tx -> tx.findModelAlias(nullOf(), "a"));
      calls.put("findModelAlias(model, null)", tx -> tx.findModelAlias("model", nullOf()));
      calls.put("modelAliases(null)", tx -> tx.modelAliases(nullOf()));
      calls.put("recordTransition(null)", tx -> tx.recordTransition(nullOf()));
      calls.put("listTransitions(null)", tx -> tx.listTransitions(nullOf()));
      calls.put(
          "appendAuditEvent(null) after lockAuditHead",
          tx -> {
            tx.lockAuditHead();
            tx.appendAuditEvent(nullOf());
          });
      return calls.entrySet().stream().map(e -> argumentSet(e.getKey(), e.getValue()));
    }

    @ParameterizedTest
    @MethodSource("nullArguments")
    @DisplayName("a null argument throws NullPointerException and writes nothing")
    void nullArgumentsThrow(TxCall call) {
      fixture();
      assertThatThrownBy(() -> exec(call)).isInstanceOf(NullPointerException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.params("run-1"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.tags("run-1"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("run-1"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.listAuditEvents(1, 10))).isEmpty();
    }

    @Test
    @DisplayName("null work throws NullPointerException")
    void nullWork() {
      assertThatThrownBy(() -> store().inTransaction(nullOf()))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> store().read(nullOf())).isInstanceOf(NullPointerException.class);
    }

    static Stream<Arguments> listings() {
      Map<String, BiConsumer<MetadataTransaction, Integer>> listings = new LinkedHashMap<>();
      listings.put(
          "listArtifactVersions", (tx, limit) -> tx.listArtifactVersions("data", 0, limit));
      listings.put("listArtifactNames", (tx, limit) -> tx.listArtifactNames(null, limit));
      listings.put("listExperiments", (tx, limit) -> tx.listExperiments(null, limit));
      listings.put("listRuns", (tx, limit) -> tx.listRuns(EXPERIMENT, null, limit));
      listings.put("listRegisteredModels", (tx, limit) -> tx.listRegisteredModels(null, limit));
      listings.put("listModelVersions", (tx, limit) -> tx.listModelVersions("model", 0, limit));
      listings.put("listAuditEvents", (tx, limit) -> tx.listAuditEvents(1, limit));
      List<Arguments> out = new ArrayList<>();
      for (Map.Entry<String, BiConsumer<MetadataTransaction, Integer>> e : listings.entrySet()) {
        for (int limit : new int[] {0, -1, MetadataTransaction.MAX_PAGE + 1, Integer.MIN_VALUE}) {
          TxCall call = tx -> e.getValue().accept(tx, limit);
          out.add(argumentSet(e.getKey() + " with limit " + limit, call));
        }
      }
      return out.stream();
    }

    @ParameterizedTest
    @MethodSource("listings")
    @DisplayName("a listing limit outside 1 to MAX_PAGE throws IllegalArgumentException")
    void badLimitsThrow(TxCall call) {
      fixture();
      assertThatThrownBy(
              () ->
                  inRead(
                      tx -> {
                        call.call(tx);
                        return Boolean.TRUE;
                      }))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("listing limits of 1 and MAX_PAGE are accepted")
    void limitBoundsAccepted() {
      fixture();
      int max = MetadataTransaction.MAX_PAGE;
      inRead(
          tx -> {
            for (int limit : new int[] {1, max}) {
              assertThat(tx.listArtifactVersions("data", 0, limit)).hasSize(1);
              assertThat(tx.listArtifactNames(null, limit)).hasSize(1);
              assertThat(tx.listExperiments(null, limit)).hasSize(1);
              assertThat(tx.listRuns(EXPERIMENT, null, limit)).hasSize(1);
              assertThat(tx.listRegisteredModels(null, limit)).hasSize(1);
              assertThat(tx.listModelVersions("model", 0, limit)).hasSize(1);
              assertThat(tx.listAuditEvents(1, limit)).isEmpty();
            }
            return Boolean.TRUE;
          });
    }

    static Stream<Arguments> unknownRunCalls() {
      Map<String, TxCall> calls = new LinkedHashMap<>();
      calls.put("logParams", tx -> tx.logParams("no-such-run", List.of(Param.of("p", 1))));
      calls.put(
          "logMetrics",
          tx -> tx.logMetrics("no-such-run", List.of(new MetricPoint("m", 1, 1, START))));
      calls.put("setTags", tx -> tx.setTags("no-such-run", Map.of("k", "v")));
      calls.put("registerBatch", tx -> tx.registerBatch("no-such-run", "batch-1"));
      return calls.entrySet().stream().map(e -> argumentSet(e.getKey(), e.getValue()));
    }

    @ParameterizedTest
    @MethodSource("unknownRunCalls")
    @DisplayName("writing to a run that does not exist throws NotFoundException")
    void unknownRunThrows(TxCall call) {
      fixture();
      assertThatThrownBy(() -> exec(call)).isInstanceOf(NotFoundException.class);
      assertThat(inRead((MetadataTransaction tx) -> tx.params("no-such-run"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.tags("no-such-run"))).isEmpty();
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("no-such-run"))).isEmpty();
    }
  }

  // ================================================================ run search

  @Nested
  @DisplayName("run search")
  class Search {
    /** What the kit stored, for the reference evaluation. */
    private final List<SearchReference.RunData> stored = new ArrayList<>();

    private final Set<String> experiments = new HashSet<>();

    /** A run to store, built fluently. */
    private final class Spec {
      private final String id;
      private String experiment = EXPERIMENT;
      private @Nullable String parent;
      private @Nullable String name;
      private RunStatus status = RunStatus.RUNNING;
      private final List<Param> params = new ArrayList<>();
      private final List<MetricPoint> points = new ArrayList<>();
      private final Map<String, String> tags = new TreeMap<>();

      Spec(String id) {
        this.id = id;
        this.name = "run " + id;
      }

      Spec experiment(String e) {
        experiment = e;
        return this;
      }

      Spec parent(String p) {
        parent = p;
        return this;
      }

      Spec name(@Nullable String n) {
        name = n;
        return this;
      }

      Spec status(RunStatus s) {
        status = s;
        return this;
      }

      Spec param(Param p) {
        params.add(p);
        return this;
      }

      Spec metric(String key, double value) {
        return metric(key, value, 0, tick());
      }

      Spec metric(String key, double value, long step, Instant at) {
        points.add(new MetricPoint(key, value, step, at));
        return this;
      }

      Spec tag(String key, String value) {
        tags.put(key, value);
        return this;
      }

      String save() {
        Instant start = tick();
        Run run =
            new Run(
                id,
                experiment,
                parent,
                name,
                status,
                start,
                status.isTerminal() ? tick() : null,
                null);
        boolean newExperiment = experiments.add(experiment);
        Instant created = tick();
        exec(
            tx -> {
              if (newExperiment) {
                tx.createExperiment(new Experiment(experiment, "name-" + experiment, created));
              }
              tx.createRun(run);
              tx.logParams(id, params);
              tx.logMetrics(id, points);
              tx.setTags(id, tags);
            });
        record(run, points);
        return id;
      }

      private void record(Run run, List<MetricPoint> logged) {
        Map<String, Param> ps = new TreeMap<>();
        params.forEach(p -> ps.put(p.key(), p));
        Map<String, List<MetricPoint>> ms = new TreeMap<>();
        logged.forEach(p -> ms.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p));
        stored.add(new SearchReference.RunData(run, ps, ms, new TreeMap<>(tags)));
      }
    }

    private Spec run(String id) {
      return new Spec(id);
    }

    /** Logs more points to a stored run, in a transaction of their own. */
    private void logMore(String runId, MetricPoint... points) {
      exec(tx -> tx.logMetrics(runId, List.of(points)));
      for (SearchReference.RunData d : stored) {
        if (d.run().id().equals(runId)) {
          for (MetricPoint p : points) {
            d.metrics().computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
          }
        }
      }
    }

    private RunPage page(RunQuery q) {
      return inRead(tx -> tx.searchRuns(q));
    }

    /** Every run id the query matches, from one page. */
    private List<String> ids(String text) {
      RunPage page = page(RunQuery.parse(text).withPageSize(RunQuery.MAX_PAGE_SIZE));
      assertThat(page.next()).as("a page larger than the result is the last").isNull();
      return page.runs().stream().map(Run::id).collect(Collectors.toList());
    }

    /**
     * Pages through a query, passing each cursor through its token as a client would; fails on a
     * page longer than the page size, on a short page with a cursor, and on a run seen twice.
     */
    private List<String> paged(RunQuery first) {
      List<String> all = new ArrayList<>();
      RunQuery q = first;
      for (int pages = 0; pages < 10_000; pages++) {
        RunPage page = page(q);
        assertThat(page.runs().size()).isLessThanOrEqualTo(q.pageSize());
        for (Run r : page.runs()) {
          assertThat(all).as("run %s came again on a later page", r.id()).doesNotContain(r.id());
          all.add(r.id());
        }
        if (page.next() == null) {
          return all;
        }
        assertThat(page.runs()).as("a page followed by a cursor is full").hasSize(q.pageSize());
        q = q.after(RunCursor.decode(page.next().encode()));
      }
      throw new AssertionError("paging did not end after 10000 pages");
    }

    private List<String> expected(RunQuery q) {
      return SearchReference.expectedIds(stored, q);
    }

    private void assertQuery(String text, String... expectedIds) {
      assertThat(ids(text)).as(text).containsExactly(expectedIds);
      assertThat(expected(RunQuery.parse(text)))
          .as("the kit's reference for %s", text)
          .containsExactly(expectedIds);
      assertThat(paged(RunQuery.parse(text).withPageSize(2))).as(text).containsExactly(expectedIds);
    }

    private void nonFiniteRuns() {
      run("a-nan").metric("m", Double.NaN).save();
      run("b-pinf").metric("m", Double.POSITIVE_INFINITY).save();
      run("c-ninf").metric("m", Double.NEGATIVE_INFINITY).save();
      run("d-one").metric("m", 1).save();
      run("e-negzero").metric("m", -0.0).save();
      run("f-none").metric("other", 1).save();
    }

    @Test
    @DisplayName("non-finite metric values keep their class, and search reads them as numbers")
    void nonFiniteMetrics() {
      nonFiniteRuns();
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("a-nan")).get("m").value())
          .isNaN();
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("b-pinf")).get("m").value())
          .isEqualTo(Double.POSITIVE_INFINITY);
      assertThat(
              Double.doubleToRawLongBits(
                  inRead((MetadataTransaction tx) -> tx.latestMetrics("e-negzero"))
                      .get("m")
                      .value()))
          .isEqualTo(Double.doubleToRawLongBits(-0.0));
      assertQuery("metrics.m > 0", "b-pinf", "d-one");
      assertQuery("metrics.m < 0", "c-ninf");
      assertQuery("metrics.m = 0", "e-negzero");
      assertQuery("metrics.m >= -1e308 AND metrics.m <= 1e308", "d-one", "e-negzero");
    }

    @Test
    @DisplayName("comparisons with NaN or a missing key are false, also under NOT")
    void nanAndMissingAreUnknown() {
      nonFiniteRuns();
      assertQuery("metrics.m != 1", "b-pinf", "c-ninf", "e-negzero");
      assertQuery("NOT metrics.m = 1", "b-pinf", "c-ninf", "e-negzero");
      assertQuery("NOT (metrics.m > 0)", "c-ninf", "e-negzero");
      assertQuery("NOT metrics.m IN (1, 0)", "b-pinf", "c-ninf");
      assertQuery("metrics.m NOT IN (1)", "b-pinf", "c-ninf", "e-negzero");
      assertQuery("metrics.m > 0 OR NOT metrics.m > 0", "b-pinf", "c-ninf", "d-one", "e-negzero");
      assertQuery("NOT (metrics.m > 0 AND metrics.other = 1)", "c-ninf", "e-negzero");
      assertQuery("NOT (metrics.m = 1 OR metrics.missing = 1)");
    }

    @Test
    @DisplayName("IS NULL is true exactly for a missing key; a NaN metric is present")
    void isNull() {
      nonFiniteRuns();
      assertQuery("metrics.m IS NULL", "f-none");
      assertQuery("metrics.m IS NOT NULL", "a-nan", "b-pinf", "c-ninf", "d-one", "e-negzero");
      assertQuery("NOT metrics.m IS NULL", "a-nan", "b-pinf", "c-ninf", "d-one", "e-negzero");
      assertQuery(
          "metrics.nothing IS NULL", "a-nan", "b-pinf", "c-ninf", "d-one", "e-negzero", "f-none");
      assertQuery("tags.t IS NOT NULL");
      assertQuery("params.p IS NULL AND metrics.other IS NOT NULL", "f-none");
    }

    @Test
    @DisplayName("ordering puts NaN and missing metrics last in both directions")
    void nonFiniteOrder() {
      nonFiniteRuns();
      assertQuery(
          "ORDER BY metrics.m ASC", "c-ninf", "e-negzero", "d-one", "b-pinf", "a-nan", "f-none");
      assertQuery(
          "ORDER BY metrics.m DESC", "b-pinf", "d-one", "e-negzero", "c-ninf", "a-nan", "f-none");
    }

    @Test
    @DisplayName("LIKE is case-sensitive, ILIKE folds ASCII letters only; _ is one character")
    void likeAndIlike() {
      run("a").tag("t", "Adam").save();
      run("b").tag("t", "adam").save();
      run("c").tag("t", "ADAM").save();
      run("d").tag("t", "\u00c1dam").save(); // Á
      run("e").tag("t", "\u00e1dam").save(); // á
      run("f").tag("t", "x_y").save();
      run("g").tag("t", "x%y").save();
      run("h").tag("t", "xay").save();
      run("i").tag("other", "adam").save();
      run("j").tag("t", "a*c").save();
      run("k").tag("t", "a?c").save();
      run("l").tag("t", "a[c]").save();
      run("m").tag("t", "\ud83d\ude00dam").save(); // an emoji beyond U+FFFF
      assertQuery("tags.t LIKE 'adam'", "b");
      assertQuery("tags.t LIKE 'a%'", "b", "j", "k", "l");
      assertQuery("tags.t ILIKE 'adam'", "a", "b", "c");
      assertQuery("tags.t ILIKE 'ADA%'", "a", "b", "c");
      assertQuery("tags.t ILIKE '\u00e1dam'", "e");
      assertQuery("tags.t LIKE '_dam'", "a", "b", "d", "e", "m");
      assertQuery("tags.t ILIKE '_DAM'", "a", "b", "c", "d", "e", "m");
      assertQuery("tags.t LIKE 'x\\_y'", "f");
      assertQuery("tags.t LIKE 'x\\%y'", "g");
      assertQuery("tags.t LIKE 'x_y'", "f", "g", "h");
      assertQuery("tags.t LIKE 'a*c'", "j");
      assertQuery("tags.t LIKE 'a?c'", "k");
      assertQuery("tags.t LIKE 'a[c]'", "l");
      assertQuery("tags.t LIKE 'a_c'", "j", "k");
      assertQuery("tags.t NOT LIKE '%a%'", "c", "f", "g");
      assertQuery("tags.t NOT ILIKE '%a%'", "f", "g");
      assertQuery(
          "attributes.run_name LIKE 'run _'",
          "a",
          "b",
          "c",
          "d",
          "e",
          "f",
          "g",
          "h",
          "i",
          "j",
          "k",
          "l",
          "m");
    }

    @Test
    @DisplayName(
        "parameters compare by type: numbers with NUMBER, booleans with BOOLEAN, text with all")
    void typedParams() {
      run("a").param(Param.of("p", 1.0)).save();
      run("b").param(Param.of("p", "1.0")).save();
      run("c").param(Param.of("p", true)).save();
      run("d").param(Param.of("p", "true")).save();
      run("e").param(Param.of("p", 2.5)).save();
      run("f").param(Param.of("q", 1.0)).save();
      assertQuery("params.p = 1", "a");
      assertQuery("params.p = '1.0'", "a", "b");
      assertQuery("params.p = true", "c");
      assertQuery("params.p = 'true'", "c", "d");
      assertQuery("params.p > 1", "e");
      assertQuery("params.p <= 2.5", "a", "e");
      assertQuery("params.p != 1", "e");
      assertQuery("params.p != true");
      assertQuery("params.p != 'true'", "a", "b", "e");
      assertQuery("NOT params.p = 1", "e");
      assertQuery("params.p IN (1, 2.5)", "a", "e");
      assertQuery("params.p NOT IN (1)", "e");
      assertQuery("params.p IN ('1.0', 'true')", "a", "b", "c", "d");
      assertQuery("params.p LIKE '%.%'", "a", "b", "e");
      assertQuery("params.p IS NULL", "f");
      assertQuery("ORDER BY params.p ASC", "a", "e", "b", "c", "d", "f");
      assertQuery("ORDER BY params.p DESC", "c", "d", "b", "e", "a", "f");
    }

    @Test
    @DisplayName("attributes: status, start and end time, experiment, run name, parent run")
    void attributes() {
      String a = run("run-a").name("alpha").status(RunStatus.FINISHED).save();
      run("run-b").experiment("exp-2").name(null).parent(a).save();
      run("run-c").name("Beta").status(RunStatus.FAILED).parent(a).save();
      run("run-d").experiment("exp-2").name("alpha").status(RunStatus.KILLED).save();
      long startC = stored.get(2).run().startTime().toEpochMilli();
      assertQuery("attributes.status = 'FINISHED'", "run-a");
      assertQuery("attributes.status IN ('RUNNING', 'killed')", "run-b", "run-d");
      assertQuery("attributes.status != 'RUNNING'", "run-a", "run-c", "run-d");
      assertQuery("attributes.experiment_id = 'exp-2'", "run-b", "run-d");
      assertQuery("attributes.run_name = 'alpha'", "run-a", "run-d");
      assertQuery("attributes.run_name IS NULL", "run-b");
      assertQuery("attributes.run_name != 'alpha'", "run-c");
      assertQuery("attributes.parent_run_id = 'run-a'", "run-b", "run-c");
      assertQuery("attributes.parent_run_id IS NULL", "run-a", "run-d");
      assertQuery("NOT attributes.parent_run_id = 'run-a'");
      assertQuery("attributes.start_time >= " + startC, "run-c", "run-d");
      assertQuery("attributes.start_time < " + startC, "run-a", "run-b");
      assertQuery("attributes.end_time IS NULL", "run-b");
      assertQuery("attributes.end_time > 0", "run-a", "run-c", "run-d");
      assertQuery("attributes.run_id LIKE 'run-_'", "run-a", "run-b", "run-c", "run-d");
      assertQuery("ORDER BY attributes.start_time DESC", "run-d", "run-c", "run-b", "run-a");
      assertQuery("ORDER BY attributes.run_name ASC", "run-c", "run-a", "run-d", "run-b");
      assertQuery("ORDER BY attributes.run_name DESC", "run-a", "run-d", "run-c", "run-b");
      assertQuery("ORDER BY attributes.end_time ASC", "run-a", "run-c", "run-d", "run-b");
      assertQuery("ORDER BY attributes.status ASC", "run-c", "run-a", "run-d", "run-b");
      assertQuery("ORDER BY attributes.parent_run_id DESC", "run-b", "run-c", "run-a", "run-d");
    }

    @Test
    @DisplayName("runs lacking the order key come last in both directions; ties go by run id")
    void missingLastAndTies() {
      run("r1").metric("m", 2).save();
      run("r2").save();
      run("r3").metric("m", 1).save();
      run("r4").metric("m", 2).save();
      run("r5").metric("m", Double.NaN).save();
      run("r6").metric("m", 1).save();
      assertQuery("ORDER BY metrics.m ASC", "r3", "r6", "r1", "r4", "r2", "r5");
      assertQuery("ORDER BY metrics.m DESC", "r1", "r4", "r3", "r6", "r2", "r5");
      assertQuery("metrics.m > 1 ORDER BY metrics.m DESC", "r1", "r4");
      assertQuery("ORDER BY tags.none DESC", "r1", "r2", "r3", "r4", "r5", "r6");
    }

    private void groupedRuns() {
      run("a").tag("g", "x").metric("m", 1).save();
      run("b").tag("g", "y").metric("m", 3).save();
      run("c").tag("g", "x").metric("m", 2).save();
      run("d").tag("g", "y").save();
      run("e").metric("m", 5).save();
      run("f").tag("g", "x").metric("m", 2).save();
    }

    @Test
    @DisplayName("an order of several keys sorts by each in turn, missing last within each")
    void multiKeyOrder() {
      groupedRuns();
      assertQuery("ORDER BY tags.g ASC, metrics.m DESC", "c", "f", "a", "b", "d", "e");
      assertQuery("ORDER BY tags.g DESC, metrics.m ASC", "b", "d", "a", "c", "f", "e");
      assertQuery("tags.g = 'x' ORDER BY tags.g DESC, metrics.m ASC", "a", "c", "f");
    }

    static Stream<Arguments> pagedQueries() {
      return Stream.of(
              "",
              "ORDER BY metrics.m ASC",
              "ORDER BY metrics.m DESC",
              "metrics.m >= 1 ORDER BY metrics.m DESC",
              "ORDER BY tags.g ASC, metrics.m DESC",
              "ORDER BY tags.g DESC, metrics.m ASC, attributes.start_time DESC",
              "tags.g IS NOT NULL ORDER BY attributes.run_name DESC",
              "ORDER BY params.p DESC, attributes.status ASC")
          .map(q -> argumentSet(q.isEmpty() ? "no filter, no order" : q, q));
    }

    @ParameterizedTest
    @MethodSource("pagedQueries")
    @DisplayName("cursor pages of every size never repeat or skip a run")
    void pagingNeverRepeatsOrSkips(String text) {
      groupedRuns();
      run("g").param(Param.of("p", 3.0)).tag("g", "x").save();
      run("h").param(Param.of("p", "t")).metric("m", 2).save();
      List<String> all = ids(text);
      assertThat(all).isEqualTo(expected(RunQuery.parse(text)));
      for (int size = 1; size <= all.size() + 1; size++) {
        assertThat(paged(RunQuery.parse(text).withPageSize(size)))
            .as("pages of %d", size)
            .isEqualTo(all);
      }
    }

    @Test
    @DisplayName(
        "metric filters and orders use the latest value: step, then timestamp, then insertion")
    void latestMetricRule() {
      Instant t0 = tick();
      Instant t1 = tick();
      run("a").metric("m", 5, 1, t1).metric("m", 1, 2, t0).save();
      run("b").metric("m", 1, 1, t1).metric("m", 7, 1, t0).save();
      run("c").metric("m", 2, 1, t0).metric("m", 9, 1, t0).save();
      run("d").metric("m", 4, 3, t0).save();
      run("e").metric("m", 3, 1, t0).save();
      logMore("d", new MetricPoint("m", 100, 2, t1));
      logMore("e", new MetricPoint("m", 8, 1, t0));
      assertQuery("metrics.m > 3", "c", "d", "e");
      assertQuery("metrics.m = 1", "a", "b");
      assertQuery("ORDER BY metrics.m DESC", "c", "e", "d", "a", "b");
    }

    @Test
    @Timeout(120)
    @DisplayName(
        "paging under concurrent inserts returns every run that existed before, exactly once")
    void pagingUnderConcurrentInserts() throws Exception {
      int before = 60;
      for (int i = 0; i < before; i++) {
        run(String.format("base-%03d", i)).metric("m", (i * 37) % before).save();
      }
      List<String> initial = ids("metrics.m >= 0 ORDER BY metrics.m DESC");
      assertThat(initial).hasSize(before);
      java.util.concurrent.Semaphore inserted = new java.util.concurrent.Semaphore(0);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writer = Executors.newSingleThreadExecutor();
      try {
        Future<Integer> writes =
            writer.submit(
                () -> {
                  int n = 0;
                  while (!stop.get() && n < 150) {
                    String id = String.format("new-%05d", n);
                    double value = (n * 53) % before + 0.5;
                    Instant at = START.plusSeconds(n);
                    store()
                        .inTransaction(
                            tx -> {
                              tx.createRun(Run.start(id, EXPERIMENT, null, null, at));
                              tx.logMetrics(id, List.of(new MetricPoint("m", value, 0, at)));
                              return null;
                            });
                    n++;
                    inserted.release();
                  }
                  inserted.release(1_000_000); // done: the reader no longer waits
                  return n;
                });
        RunQuery q = RunQuery.parse("metrics.m >= 0 ORDER BY metrics.m DESC").withPageSize(7);
        List<String> seen = new ArrayList<>();
        for (int pages = 0; pages < 10_000; pages++) {
          RunPage page = page(q);
          page.runs().forEach(r -> seen.add(r.id()));
          if (page.next() == null) {
            break;
          }
          q = q.after(page.next());
          // let at least one insert land between two pages (until the writer's 150 are in)
          assertThat(inserted.tryAcquire(60, TimeUnit.SECONDS)).isTrue();
        }
        stop.set(true);
        assertThat(writes.get(60, TimeUnit.SECONDS)).isPositive();
        assertThat(seen.stream().filter(id -> id.startsWith("new-"))).isNotEmpty();
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(initial);
        assertThat(seen.stream().filter(id -> id.startsWith("base-")))
            .containsExactlyElementsOf(initial);
      } finally {
        stop.set(true);
        writer.shutdownNow();
        assertThat(writer.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      }
    }

    @Test
    @DisplayName("string literals and keys holding SQL match exactly that text and change nothing")
    void injection() {
      List<String> hostile =
          List.of(
              "'; DROP TABLE runs; --",
              "x' OR '1'='1",
              "\"; DELETE FROM metrics; --",
              "') OR 1=1 --",
              "%' OR 'a' LIKE 'a",
              "\\'; SELECT 1; --");
      for (int i = 0; i < hostile.size(); i++) {
        run("h" + i)
            .tag("t", hostile.get(i))
            .param(Param.of("p", hostile.get(i)))
            .name(hostile.get(i))
            .metric("x DROP TABLE metrics --", i)
            .save();
      }
      run("plain").tag("t", "plain").metric("m", 1).save();
      for (int i = 0; i < hostile.size(); i++) {
        Literal lit = Literal.of(hostile.get(i));
        for (Field f :
            List.of(Field.tag("t"), Field.param("p"), Field.attribute(Attribute.RUN_NAME))) {
          RunFilter eq = new RunFilter.Compare(f, Operator.EQ, lit);
          assertThat(ids(eq.toQueryString())).as(eq.toQueryString()).containsExactly("h" + i);
          RunFilter like =
              new RunFilter.Like(f, RunFilter.Like.escape(hostile.get(i)), false, false);
          assertThat(ids(like.toQueryString())).as(like.toQueryString()).containsExactly("h" + i);
          RunFilter in = new RunFilter.In(f, List.of(lit), false);
          assertThat(ids(in.toQueryString())).containsExactly("h" + i);
        }
        RunFilter hostileKey =
            new RunFilter.Compare(
                Field.metric("x DROP TABLE metrics --"), Operator.EQ, Literal.of(i));
        assertThat(ids(hostileKey.toQueryString())).containsExactly("h" + i);
      }
      assertThat(ids("ORDER BY tags.`x DROP TABLE runs --` DESC, metrics.`a b` ASC"))
          .hasSize(hostile.size() + 1);
      assertThat(ids("")).hasSize(hostile.size() + 1);
      assertThat(inRead((MetadataTransaction tx) -> tx.latestMetrics("plain")))
          .containsOnlyKeys("m");
      assertThat(inRead((MetadataTransaction tx) -> tx.tags("h0")))
          .containsEntry("t", hostile.get(0));
      assertThat(inRead((MetadataTransaction tx) -> tx.listRuns(EXPERIMENT, null, 100)))
          .hasSize(hostile.size() + 1);
    }

    // ---------------------------------------------------------------- differential check

    private static final double[] METRIC_VALUES = {
      Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -1, -0.0, 0, 0.5, 1, 2
    };
    private static final double[] NUMBERS = {-1, 0, 0.5, 1, 2, 1e300};
    private static final String[] TEXTS = {
      "a", "A", "ab", "Ab", "b", "1.0", "true", "x_y", "x%y", "\u00e9", "\u00c9", "a b", "'--"
    };
    private static final String[] PATTERNS = {
      "a%", "A%", "%b", "_", "%", "x\\_y", "x\\%y", "\u00e9", "\u00c9%", "%1%", "tru_", "'%", "%"
    };
    private static final String[] KEYS = {"k1", "k2", "k3"};

    private <T> T pick(Random r, T[] items) {
      return items[r.nextInt(items.length)];
    }

    private void randomRuns(Random r, int round, int count) {
      Instant base = tick();
      for (int i = 0; i < count; i++) {
        Spec s = run(String.format("d%02d-r%02d", round, i));
        if (r.nextBoolean()) {
          s.experiment("exp-2");
        }
        s.name(r.nextInt(3) == 0 ? null : pick(r, TEXTS));
        s.status(RunStatus.values()[r.nextInt(RunStatus.values().length)]);
        if (i > 0 && r.nextInt(3) == 0) {
          s.parent(String.format("d%02d-r%02d", round, r.nextInt(i)));
        }
        for (String k : KEYS) {
          switch (r.nextInt(4)) {
            case 0 -> s.param(Param.of(k, NUMBERS[r.nextInt(NUMBERS.length)]));
            case 1 -> s.param(Param.of(k, pick(r, TEXTS)));
            case 2 -> s.param(Param.of(k, r.nextBoolean()));
            default -> {}
          }
          int points = r.nextInt(4);
          for (int p = 0; p < points; p++) {
            s.metric(
                k,
                METRIC_VALUES[r.nextInt(METRIC_VALUES.length)],
                r.nextInt(3),
                base.plusMillis(r.nextInt(3)));
          }
          if (r.nextBoolean()) {
            s.tag(k, pick(r, TEXTS));
          }
        }
        s.save();
      }
    }

    private Field randomField(Random r) {
      String k = pick(r, KEYS);
      return switch (r.nextInt(5)) {
        case 0 -> Field.metric(k);
        case 1 -> Field.param(k);
        case 2 -> Field.tag(k);
        default -> Field.attribute(Attribute.values()[r.nextInt(Attribute.values().length)]);
      };
    }

    private Literal randomLiteral(Random r, Field f, boolean numberOnly) {
      if (f instanceof Field.MetricField
          || (f instanceof Field.AttributeField a && a.attribute().isNumeric())) {
        if (f instanceof Field.AttributeField) {
          long t = stored.get(r.nextInt(stored.size())).run().startTime().toEpochMilli();
          return Literal.of((double) t + r.nextInt(3) - 1);
        }
        return Literal.of(NUMBERS[r.nextInt(NUMBERS.length)]);
      }
      if (f instanceof Field.AttributeField a && a.attribute() == Attribute.STATUS) {
        return Literal.of(RunStatus.values()[r.nextInt(4)].name());
      }
      if (f instanceof Field.AttributeField a && a.attribute() == Attribute.PARENT_RUN_ID) {
        return Literal.of(stored.get(r.nextInt(stored.size())).run().id());
      }
      if (f instanceof Field.ParamField && (numberOnly || r.nextInt(3) == 0)) {
        return Literal.of(NUMBERS[r.nextInt(NUMBERS.length)]);
      }
      if (f instanceof Field.ParamField && r.nextInt(3) == 0) {
        return Literal.of(r.nextBoolean());
      }
      return Literal.of(pick(r, TEXTS));
    }

    private RunFilter randomPredicate(Random r) {
      Field f = randomField(r);
      boolean numeric =
          f instanceof Field.MetricField
              || (f instanceof Field.AttributeField a && a.attribute().isNumeric());
      boolean textual =
          f instanceof Field.ParamField
              || f instanceof Field.TagField
              || (f instanceof Field.AttributeField a
                  && !a.attribute().isNumeric()
                  && a.attribute() != Attribute.STATUS);
      int kind = r.nextInt(4);
      if (kind == 0) {
        return new RunFilter.IsNull(f, r.nextBoolean());
      }
      if (kind == 1 && textual) {
        return new RunFilter.Like(f, pick(r, PATTERNS), r.nextBoolean(), r.nextBoolean());
      }
      if (kind <= 2) {
        Literal first = randomLiteral(r, f, false);
        List<Literal> values = new ArrayList<>(List.of(first));
        for (int i = r.nextInt(3); i > 0; i--) {
          Literal more = randomLiteral(r, f, false);
          if (more.getClass() == first.getClass()) {
            values.add(more);
          }
        }
        return new RunFilter.In(f, values, r.nextBoolean());
      }
      Operator op;
      if (numeric || (f instanceof Field.ParamField && r.nextBoolean())) {
        op = Operator.values()[r.nextInt(Operator.values().length)];
      } else {
        op = r.nextBoolean() ? Operator.EQ : Operator.NE;
      }
      return new RunFilter.Compare(f, op, randomLiteral(r, f, op.isOrdering()));
    }

    private RunFilter randomFilter(Random r, int depth) {
      int choice = depth == 0 ? 0 : r.nextInt(5);
      return switch (choice) {
        case 1 -> RunFilter.and(randomFilter(r, depth - 1), randomFilter(r, depth - 1));
        case 2 -> RunFilter.or(randomFilter(r, depth - 1), randomFilter(r, depth - 1));
        case 3 -> RunFilter.not(randomFilter(r, depth - 1));
        default -> randomPredicate(r);
      };
    }

    private RunQuery randomQuery(Random r) {
      RunFilter filter = r.nextInt(6) == 0 ? RunFilter.all() : randomFilter(r, r.nextInt(4));
      List<OrderBy> order = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) {
        Field f = randomField(r);
        if (order.stream().noneMatch(o -> o.field().equals(f))) {
          order.add(r.nextBoolean() ? OrderBy.asc(f) : OrderBy.desc(f));
        }
      }
      return new RunQuery(filter, order, 1 + r.nextInt(6), null);
    }

    @Test
    @Timeout(300)
    @DisplayName("random queries over random runs page to what the kit's reference evaluation says")
    void differential() {
      Random r = new Random(20260301L);
      for (int round = 0; round < 6; round++) {
        randomRuns(r, round, 10);
        for (int q = 0; q < 40; q++) {
          RunQuery query = randomQuery(r);
          String text = query.toQueryString();
          assertThat(paged(query))
              .as("query %s with pages of %d", text, query.pageSize())
              .isEqualTo(expected(query));
          assertThat(RunQuery.parse(text))
              .isEqualTo(query.withPageSize(RunQuery.DEFAULT_PAGE_SIZE));
        }
      }
    }
  }

  /**
   * Returns null typed as anything, to pass a null where the SPI forbids one on purpose.
   *
   * @return null
   */
  private static <T> @Nullable T nullOf() {
    return null;
  }
}
