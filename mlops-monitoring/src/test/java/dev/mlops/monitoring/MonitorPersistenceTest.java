package dev.mlops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MonitorPersistenceTest {

  @Test
  @DisplayName(
      "closed and final snapshots are stored as versions linked to the model version, with the reference dataset in their properties")
  void stored() throws Exception {
    TestClock clock = new TestClock(ModelMonitorTest.T0);
    FakeRepository repo = new FakeRepository();
    ModelMonitor m =
        ModelMonitor.builder("churn", 3)
            .numericFeatures("a", "b")
            .reference(ModelMonitorTest.reference(100, 1))
            .referenceDataset("churn-train", 12)
            .clock(clock)
            .executor(Runnable::run)
            .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
            .labelMaturity(Duration.ofSeconds(1))
            .repository(repo)
            .build();
    m.record(new double[] {0.1, 0.2}, 0.7, 1_000);
    clock.advanceMillis(2_000);
    m.advance();
    // window 0 closed and final, window 1 closed
    assertThat(repo.versions).hasSize(3);
    ArtifactVersion v = repo.versions.get(0);
    assertThat(v.name()).isEqualTo("churn-monitor");
    assertThat(v.kind()).isEqualTo("monitor-window");
    assertThat(v.properties())
        .containsEntry("reference_dataset", "churn-train")
        .containsEntry("reference_dataset_version", "12")
        .containsEntry("model_version", "3")
        .containsEntry("final", "false");
    // closing runs before finalizing: closed window 0, closed window 1 (empty), final window 0
    assertThat(repo.versions.get(1).properties())
        .containsEntry("final", "false")
        .doesNotContainKey("drift_dataset"); // no drift verdict for a window without traffic
    assertThat(repo.versions.get(2).properties())
        .containsEntry("final", "true")
        .containsEntry("window_start", v.properties().get("window_start"));
    assertThat(repo.links)
        .containsExactly(
            "churn-monitor:1->churn:3", "churn-monitor:2->churn:3", "churn-monitor:3->churn:3");
    assertThat(repo.derivedLinks)
        .containsExactly(
            "churn-monitor:1<-churn-train:12",
            "churn-monitor:2<-churn-train:12",
            "churn-monitor:3<-churn-train:12");
    JsonNode json = new ObjectMapper().readTree(repo.contents.get(0));
    assertThat(json.get("format_version").asInt()).isEqualTo(1);
    assertThat(json.get("values").get("traffic.count").asDouble()).isEqualTo(1.0);
    assertThat(json.get("verdicts").has("drift.dataset")).isTrue();
    assertThat(json.get("profile").isObject()).isTrue();
    assertThat(json.get("drift").get(0).get("mode").asText()).isEqualTo("exact");
  }

  @Test
  @DisplayName("without a reference dataset, snapshots are linked to the model version only")
  void noDataset() {
    TestClock clock = new TestClock(ModelMonitorTest.T0);
    FakeRepository repo = new FakeRepository();
    ModelMonitor m =
        ModelMonitor.builder("churn", 3)
            .numericFeatures("a")
            .clock(clock)
            .executor(Runnable::run)
            .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
            .repository(repo)
            .build();
    m.record(new double[] {1}, 0.5, 1);
    clock.advanceMillis(1_000);
    m.advance();
    assertThat(repo.versions).isNotEmpty();
    assertThat(repo.links).hasSameSizeAs(repo.versions);
    assertThat(repo.derivedLinks).isEmpty();
  }

  @Test
  @DisplayName(
      "a refused derived-from link (dataset version missing) is counted; the snapshot stays stored")
  void refusedDerivedLink() {
    TestClock clock = new TestClock(ModelMonitorTest.T0);
    FakeRepository repo =
        new FakeRepository() {
          @Override
          public synchronized void linkDerivedFrom(ArtifactRef derived, ArtifactRef source) {
            throw NotFoundException.artifactVersion(source.name(), source.version(), null);
          }
        };
    ModelMonitor m =
        ModelMonitor.builder("churn", 3)
            .numericFeatures("a")
            .referenceDataset("churn-train", 12)
            .clock(clock)
            .executor(Runnable::run)
            .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
            .repository(repo)
            .build();
    m.record(new double[] {1}, 0.5, 1);
    clock.advanceMillis(1_000);
    m.record(new double[] {1}, 0.5, 1);
    assertThat(m.listenerFailures()).isEqualTo(1);
    assertThat(repo.versions).hasSize(1);
    assertThat(repo.links).containsExactly("churn-monitor:1->churn:3");
  }

  @Test
  @DisplayName("a failing repository is counted and never reaches the recording thread")
  void failingRepository() {
    TestClock clock = new TestClock(ModelMonitorTest.T0);
    FakeRepository repo =
        new FakeRepository() {
          @Override
          public synchronized ArtifactVersion put(
              String name,
              String kind,
              String mediaType,
              java.io.InputStream content,
              java.util.Map<String, String> props) {
            throw new dev.mlops.api.StorageException("disk full");
          }
        };
    ModelMonitor m =
        ModelMonitor.builder("churn", 3)
            .numericFeatures("a")
            .clock(clock)
            .executor(Runnable::run)
            .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
            .repository(repo)
            .build();
    m.record(new double[] {1}, 0.5, 1);
    clock.advanceMillis(1_000);
    m.record(new double[] {1}, 0.5, 1);
    assertThat(m.listenerFailures()).isEqualTo(1);
  }
}
