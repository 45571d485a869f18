package dev.mlops.cli;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.core.Mlops;
import dev.mlops.core.storage.FileStorageProvider;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store prepared with core for the store commands, with known content:
 *
 * <pre>
 * experiment churn: run A "baseline" (lr 0.1, optimizer adam, accuracy 0.7, 0.8, 0.85 at steps
 *                   0..2, tag team=ml) reads train-data:1 and writes churn-model:1;
 *                   run B "tuned" (optimizer sgd, accuracy 0.93) reads train-data:1, writes
 *                   churn-model:2
 * experiment scoring: run D "batch" reads churn-model:2 and writes predictions:1; run C "live"
 *                   is still running
 * model churn: version 1 = churn-model:1 (run A) in STAGING, version 2 = churn-model:2 (run B),
 *              with report churn-eval:1 (kind evaluation, PASS, about churn v2) linked to it
 * </pre>
 *
 * Runs start in the order A, B, C, D on a clock that starts at 2026-01-01 and advances one second
 * per reading, so a later run starts later.
 */
final class StoreFixture {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final Path dir;
  String runA = "";
  String runB = "";
  String runC = "";
  String runD = "";

  StoreFixture(Path dir) {
    this.dir = dir;
  }

  /** Opens the store with a clock that advances one second per reading. */
  static Mlops open(Path dir) {
    AtomicLong ticks = new AtomicLong();
    InstantSource clock = () -> T0.plusSeconds(ticks.getAndIncrement());
    return Mlops.builder()
        .provider(new FileStorageProvider())
        .store(dir.toAbsolutePath().normalize().toUri())
        .clock(clock)
        .actor("fixture")
        .build();
  }

  StoreFixture prepare() {
    try (Mlops m = open(dir)) {
      ArtifactVersion data =
          m.artifacts()
              .put(
                  "train-data",
                  ArtifactVersion.KIND_DATASET,
                  "text/csv",
                  bytes("x\n1\n"),
                  Map.of());
      ArtifactRef dataRef = ArtifactRef.of(data.name(), data.version());
      try (ActiveRun a = m.tracking().startRun("churn").name("baseline").withoutGit().start()) {
        runA = a.id();
        a.logParam("lr", 0.1);
        a.logParam("optimizer", "adam");
        a.logMetric("accuracy", 0.7, 0);
        a.logMetric("accuracy", 0.8, 1);
        a.logMetric("accuracy", 0.85, 2);
        a.setTag("team", "ml");
        a.logInput(dataRef);
        a.logArtifact(
            "churn-model",
            ArtifactVersion.KIND_MODEL,
            "application/octet-stream",
            bytes("model one"),
            Map.of());
      }
      try (ActiveRun b = m.tracking().startRun("churn").name("tuned").withoutGit().start()) {
        runB = b.id();
        b.logParam("optimizer", "sgd");
        b.logMetric("accuracy", 0.93);
        b.logInput(dataRef);
        b.logArtifact(
            "churn-model",
            ArtifactVersion.KIND_MODEL,
            "application/octet-stream",
            bytes("model two"),
            Map.of());
      }
      ActiveRun c = m.tracking().startRun("scoring").name("live").withoutGit().start();
      runC = c.id();
      try (ActiveRun d = m.tracking().startRun("scoring").name("batch").withoutGit().start()) {
        runD = d.id();
        d.logInput(ArtifactRef.of("churn-model", 2));
        d.logArtifact(
            "predictions", ArtifactVersion.KIND_DATASET, "text/csv", bytes("p\n0.3\n"), Map.of());
      }
      m.registry().registerModel("churn", "monthly churn classifier");
      m.registry()
          .registerVersion("churn", ArtifactRef.of("churn-model", 1), runA, "first", Map.of());
      m.registry()
          .registerVersion("churn", ArtifactRef.of("churn-model", 2), runB, "tuned", Map.of());
      m.registry().transition("churn", 1, Stage.STAGING, "first candidate");
      ArtifactVersion report =
          m.artifacts()
              .put(
                  "churn-eval",
                  ArtifactVersion.KIND_REPORT,
                  LinkedReport.MEDIA_TYPE,
                  bytes(
                      "{\"format_version\": 1, \"kind\": \"evaluation\", \"verdict\": \"PASS\","
                          + " \"subject\": {\"model\": \"churn\", \"version\": 2}}"),
                  Map.of());
      m.artifacts().link(ArtifactRef.of(report.name(), report.version()), "churn", 2);
    }
    return this;
  }

  static ByteArrayInputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
