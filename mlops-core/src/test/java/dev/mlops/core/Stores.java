package dev.mlops.core;

import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.spi.MetadataTransaction;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

/** The stores facade tests run on, a settable clock, and an independent audit chain check. */
final class Stores {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

  private Stores() {}

  /** A clock that stands still until advanced. */
  static final class SettableClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);

    @Override
    public Instant instant() {
      return now.get();
    }

    Instant advance(Duration d) {
      return now.updateAndGet(t -> t.plus(d));
    }
  }

  /** Opens an Mlops on a store of one kind in a directory, with a clock and actor. */
  interface Opener {
    Mlops open(Path dir, InstantSource clock, String actor);
  }

  static Stream<Arguments> stores() {
    Opener memory =
        (dir, clock, actor) ->
            Mlops.builder().store(URI.create("mem:/")).clock(clock).actor(actor).build();
    Opener embedded =
        (dir, clock, actor) ->
            Mlops.builder().store(dir.resolve("store").toUri()).clock(clock).actor(actor).build();
    Opener postgres =
        (dir, clock, actor) -> {
          String schema = "reg_" + UUID.randomUUID().toString().replace("-", "");
          String base = pgUrl();
          SCHEMAS.add(schema);
          return Mlops.builder()
              .metadata(
                  URI.create(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema))
              .blobs(dir.resolve("store").toUri())
              .clock(clock)
              .actor(actor)
              .build();
        };
    return Stream.of(
        Arguments.argumentSet("in memory", memory),
        Arguments.argumentSet("embedded directory", embedded),
        Arguments.argumentSet("PostgreSQL", postgres));
  }

  private static final List<String> SCHEMAS = new CopyOnWriteArrayList<>();

  /**
   * The PostgreSQL URL from {@code MLOPS_TEST_PG_URL}: without it the test is skipped, or fails
   * when {@code CI=true}.
   */
  static String pgUrl() {
    String url = System.getenv("MLOPS_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      String message =
          "MLOPS_TEST_PG_URL is not set, so the PostgreSQL variant cannot run; run the build"
              + " through .ci/run, which starts PostgreSQL and sets it";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return url;
  }

  /** Drops the schemas the PostgreSQL variant created; call from {@code @AfterAll}. */
  static void dropSchemas() throws SQLException {
    if (SCHEMAS.isEmpty()) {
      return;
    }
    try (Connection c = DriverManager.getConnection(pgUrl());
        Statement st = c.createStatement()) {
      for (String schema : SCHEMAS) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        SCHEMAS.remove(schema);
      }
    }
  }

  static List<AuditEvent> audit(Mlops mlops) {
    return mlops
        .metadata()
        .read(
            tx -> {
              List<AuditEvent> all = new ArrayList<>();
              long from = 1;
              while (true) {
                List<AuditEvent> page = tx.listAuditEvents(from, MetadataTransaction.MAX_PAGE);
                all.addAll(page);
                if (page.size() < MetadataTransaction.MAX_PAGE) {
                  return all;
                }
                from = page.get(page.size() - 1).sequence() + 1;
              }
            });
  }

  /**
   * Checks the chain the way a verifier must: sequences 1..n without gaps, each previous hash the
   * hash of the event before (genesis for the first), and each hash recomputed from the fields.
   */
  static void assertChainIntact(Mlops mlops) {
    AuditChain chain = new AuditChain(null);
    String previous = AuditEvent.GENESIS_HASH;
    long expected = 1;
    for (AuditEvent e : audit(mlops)) {
      if (e.sequence() != expected) {
        throw new AssertionError("audit sequence " + e.sequence() + ", expected " + expected);
      }
      if (!e.previousHash().equals(previous)) {
        throw new AssertionError("audit event " + e.sequence() + " does not link to the previous");
      }
      if (!chain.hash(e).equals(e.hash())) {
        throw new AssertionError("audit event " + e.sequence() + " has a wrong hash");
      }
      previous = e.hash();
      expected++;
    }
    AuditCheckpoint head = mlops.metadata().inTransaction(tx -> tx.lockAuditHead());
    if (head.sequence() != expected - 1) {
      throw new AssertionError("head " + head.sequence() + " but " + (expected - 1) + " events");
    }
  }

  static Function<String, Long> countActions(Mlops mlops) {
    List<AuditEvent> events = audit(mlops);
    return action -> events.stream().filter(e -> e.action().equals(action)).count();
  }
}
