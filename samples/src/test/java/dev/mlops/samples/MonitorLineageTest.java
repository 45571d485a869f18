package dev.mlops.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.core.Mlops;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.WindowSpec;
import dev.mlops.monitoring.alert.AlertEngine;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.alert.AlertSinks;
import dev.mlops.validation.profile.Profiler;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("monitoring lineage end to end")
class MonitorLineageTest {
  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  static final int REFERENCE_ROWS = 500;
  static final int TRAFFIC = 300;

  @Test
  @DisplayName(
      "the alerts of a drifted window trace to the reference dataset version in one downstream query")
  void alertsTraceToDataset() throws Exception {
    try (Mlops mlops = Mlops.inMemory()) {
      // The reference dataset: standard normal temp_max and wind, stored as CSV.
      SplittableRandom r = new SplittableRandom(7);
      double[] temp = new double[REFERENCE_ROWS];
      double[] wind = new double[REFERENCE_ROWS];
      StringBuilder csv = new StringBuilder("temp_max,wind\n");
      for (int i = 0; i < REFERENCE_ROWS; i++) {
        temp[i] = r.nextGaussian();
        wind[i] = r.nextGaussian();
        csv.append(String.format(Locale.ROOT, "%.17g,%.17g%n", temp[i], wind[i]));
      }
      mlops
          .artifacts()
          .put(
              "weather",
              ArtifactVersion.KIND_DATASET,
              "text/csv",
              new ByteArrayInputStream(new byte[] {1}),
              Map.of());
      ArtifactVersion weather =
          mlops
              .artifacts()
              .put(
                  "weather",
                  ArtifactVersion.KIND_DATASET,
                  "text/csv",
                  new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                  Map.of());
      assertThat(weather.version()).isEqualTo(2); // so that version 1 must not be the answer
      ArtifactRef model =
          mlops
              .artifacts()
              .put(
                  "rain-model",
                  ArtifactVersion.KIND_MODEL,
                  "application/json",
                  new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                  Map.of())
              .ref();
      mlops.registry().registerModel("rain", null);
      long modelVersion =
          mlops.registry().registerVersion("rain", model, null, null, Map.of()).version();

      AtomicReference<Instant> now = new AtomicReference<>(T0);
      InstantSource clock = now::get;
      List<Alert> raised = new CopyOnWriteArrayList<>();
      try (AlertEngine engine =
              AlertEngine.builder()
                  .clock(clock)
                  .rule(AlertRules.driftFailFor(1))
                  .sink(AlertSinks.callback("test", raised::add))
                  .build();
          ModelMonitor monitor =
              ModelMonitor.builder("rain", modelVersion)
                  .numericFeatures("temp_max", "wind")
                  .reference(
                      Profiler.profile(
                          Table.of(
                              NumericColumn.of("temp_max", temp), NumericColumn.of("wind", wind))))
                  .referenceDataset("weather", weather.version())
                  .clock(clock)
                  .executor(Runnable::run)
                  .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
                  .maxPendingLabels(0)
                  .alerts(engine)
                  .repository(mlops.artifacts())
                  .build()) {
        // temp_max shifted by 3 reference standard deviations: a winter in a summer model
        for (int i = 0; i < TRAFFIC; i++) {
          now.set(T0.plusMillis(i * 100L));
          monitor.record(new double[] {r.nextGaussian() + 3, r.nextGaussian()}, 0.5, 1_000);
        }
        now.set(T0.plus(Duration.ofMinutes(1)));
        monitor.advance();
        assertThat(monitor.listenerFailures()).isZero();
      }
      assertThat(raised).extracting(Alert::rule).contains(AlertRules.DRIFT_FAIL);

      // The one query: everything downstream of the dataset version.
      LineageGraph down = mlops.lineage().downstream(ArtifactRef.of("weather", 2), 2);
      List<JsonNode> alerts = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String id : down.artifactIds()) {
        int colon = id.lastIndexOf(':');
        ArtifactRef ref =
            ArtifactRef.of(id.substring(0, colon), Long.parseLong(id.substring(colon + 1)));
        if (!ref.name().equals("rain-monitor")) {
          continue;
        }
        try (InputStream in = mlops.artifacts().open(ref.name(), ref.version())) {
          JsonNode snapshot = json.readTree(in);
          assertThat(snapshot.get("reference_dataset_version").asLong()).isEqualTo(2);
          snapshot.get("alerts").forEach(alerts::add);
        }
      }
      assertThat(down.artifactIds()).contains("rain-monitor:1");
      assertThat(alerts)
          .anySatisfy(
              a -> {
                assertThat(a.get("rule").asText()).isEqualTo(AlertRules.DRIFT_FAIL);
                assertThat(a.get("state").asText()).isEqualTo("FIRING");
                assertThat(a.get("model").asText()).isEqualTo("rain");
              });
      // and nothing traces to the other version of the dataset
      assertThat(mlops.lineage().downstream(ArtifactRef.of("weather", 1), 2).nodes()).hasSize(1);
    }
  }
}
