package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ConflictException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditEvent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("artifact aliases, deletion and audit")
class ArtifactLifecycleTest {
  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  @AfterAll
  static void dropSchemas() throws java.sql.SQLException {
    Stores.dropSchemas();
  }

  static Stream<Arguments> stores() {
    return Stores.stores();
  }

  final Stores.SettableClock clock = new Stores.SettableClock();

  static ArtifactVersion put(ArtifactRepository a, String name, byte[] bytes) {
    return a.put(name, "dataset", "text/csv", new ByteArrayInputStream(bytes), Map.of());
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a put appends artifact.version.created with the digest in the same transaction")
  void putIsAudited(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "carol")) {
      byte[] bytes = TestBytes.random(1, 100);
      ArtifactVersion v = put(mlops.artifacts(), "data", bytes);
      List<AuditEvent> events = Stores.audit(mlops);
      assertThat(events)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.action()).isEqualTo("artifact.version.created");
                assertThat(e.subject()).isEqualTo("artifact:data:1");
                assertThat(e.actor()).isEqualTo("carol");
                assertThat(e.details())
                    .containsEntry("digest", TestBytes.sha256(bytes))
                    .containsEntry("size", "100");
              });
      assertThat(v.version()).isEqualTo(1);
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("an alias points at a live version, moves, and is removed; all audited")
  void aliases(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "carol")) {
      ArtifactRepository a = mlops.artifacts();
      put(a, "data", new byte[] {1});
      put(a, "data", new byte[] {2});
      assertThat(a.setAlias("data", "latest-good", 1)).isEmpty();
      assertThat(a.byAlias("data", "latest-good")).map(ArtifactVersion::version).contains(1L);
      assertThat(a.setAlias("data", "latest-good", 2)).contains(1L);
      assertThat(a.byAlias("data", "latest-good")).map(ArtifactVersion::version).contains(2L);
      assertThatThrownBy(() -> a.setAlias("data", "x", 3)).isInstanceOf(NotFoundException.class);
      a.delete("data", 1, "bad rows");
      assertThatThrownBy(() -> a.setAlias("data", "x", 1))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("deleted");
      assertThat(a.removeAlias("data", "latest-good")).contains(2L);
      assertThat(a.removeAlias("data", "latest-good")).isEmpty();
      assertThat(a.byAlias("data", "latest-good")).isEmpty();
      var count = Stores.countActions(mlops);
      assertThat(count.apply("artifact.alias.set")).isEqualTo(2);
      assertThat(count.apply("artifact.alias.removed")).isEqualTo(1);
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("deletion keeps the number as a tombstone and removes bytes only when unreferenced")
  void deletion(Stores.Opener opener) throws Exception {
    try (Mlops mlops = opener.open(tmp, clock, "carol")) {
      ArtifactRepository a = mlops.artifacts();
      byte[] shared = TestBytes.random(7, 64);
      byte[] own = TestBytes.random(8, 64);
      put(a, "data", shared); // 1
      put(a, "other", shared); // other:1, same bytes
      put(a, "data", own); // 2
      Digest sharedDigest = Digest.parse(TestBytes.sha256(shared));
      Digest ownDigest = Digest.parse(TestBytes.sha256(own));

      ArtifactVersion tomb = a.delete("data", 1, "contains PII");
      assertThat(tomb.isDeleted()).isTrue();
      assertThat(mlops.blobs().exists(sharedDigest)).as("still named by other:1").isTrue();
      ArtifactVersion tomb2 = a.delete("data", 2, "superseded");
      assertThat(tomb2.isDeleted()).isTrue();
      assertThat(mlops.blobs().exists(ownDigest)).as("no live version names it").isFalse();

      assertThat(a.versions("data")).extracting(ArtifactVersion::version).containsExactly(1L, 2L);
      assertThat(put(a, "data", new byte[] {9}).version()).as("never reused").isEqualTo(3);
      assertThatThrownBy(() -> a.open("data", 1))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("deleted");
      try (InputStream in = a.open("other", 1)) {
        assertThat(in.readAllBytes()).isEqualTo(shared);
      }
      long before = Stores.audit(mlops).size();
      assertThat(a.delete("data", 1, "again").isDeleted()).isTrue();
      assertThat(Stores.audit(mlops))
          .as("deleting a tombstone records nothing")
          .hasSize((int) before);
      assertThatThrownBy(() -> a.delete("data", 9, "x"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("latest is 3");

      List<AuditEvent> deletions =
          Stores.audit(mlops).stream()
              .filter(e -> e.action().equals("artifact.version.deleted"))
              .toList();
      assertThat(deletions).extracting(AuditEvent::subject).containsExactly("data:1", "data:2");
      assertThat(deletions.get(0).details()).containsEntry("reason", "contains PII");
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a put racing a delete of the same bytes never leaves a live version without bytes")
  void putRacingDelete(Stores.Opener opener) throws Exception {
    try (Mlops mlops = opener.open(tmp, clock, "carol")) {
      ArtifactRepository a = mlops.artifacts();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 30; round++) {
          byte[] bytes = TestBytes.random(100 + round, 32);
          String name = "race-" + round;
          put(a, name, bytes);
          CyclicBarrier start = new CyclicBarrier(2);
          Future<?> deleter =
              pool.submit(
                  () -> {
                    start.await();
                    return a.delete(name, 1, "race");
                  });
          Future<ArtifactVersion> putter =
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      return put(a, name + "-copy", bytes);
                    } catch (ConflictException e) {
                      return null;
                    }
                  });
          deleter.get(60, TimeUnit.SECONDS);
          ArtifactVersion copy = putter.get(60, TimeUnit.SECONDS);
          if (copy == null) {
            assertThat(a.versions(name + "-copy")).as("a refused put writes nothing").isEmpty();
          } else {
            try (InputStream in = a.open(copy.name(), copy.version())) {
              assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
          }
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(mlops.fsck().missingBlobs()).isEmpty();
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("links join an artifact version to a model version, once, and are audited")
  void links(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "carol")) {
      ArtifactRepository a = mlops.artifacts();
      ArtifactRef m = put(a, "model", new byte[] {1}).ref();
      ArtifactRef report = put(a, "eval", new byte[] {2}).ref();
      mlops.registry().registerModel("churn", null);
      mlops.registry().registerVersion("churn", m, null, null, Map.of());
      assertThatThrownBy(() -> a.link(report, "churn", 2)).isInstanceOf(NotFoundException.class);
      a.link(report, "churn", 1);
      a.link(report, "churn", 1);
      assertThat(a.linked("churn", 1)).containsExactly(report);
      assertThat(a.linked("churn", 2)).isEmpty();
      assertThat(Stores.countActions(mlops).apply("artifact.linked")).isEqualTo(1);
      Stores.assertChainIntact(mlops);
    }
  }
}
