package dev.mlops.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertDeliveryException;
import dev.mlops.api.monitor.AlertState;
import dev.mlops.api.monitor.RetrainRequest;
import dev.mlops.api.monitor.RetrainResult;
import dev.mlops.spi.AlertSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("monitoring values and the AlertSink SPI helpers")
class AlertValuesTest {

  @Nested
  @DisplayName("Alert")
  class AlertRecord {
    @Test
    @DisplayName("is a value (equals and hashCode over every component)")
    void equalsVerifier() {
      // Alert and RetrainResult validate combinations of components in their constructors, which
      // EqualsVerifier cannot respect; their equality is checked by hand below.
      EqualsVerifier.forClass(RetrainRequest.class)
          .withPrefabValues(
              Alert.class, Alerts.verdict(AlertState.FIRING), Alerts.threshold(AlertState.FIRING))
          .verify();
      EqualsVerifier.forClass(DeliveryStats.class).verify();
      Alert a = Alerts.threshold(AlertState.FIRING);
      Alert same = Alerts.threshold(AlertState.FIRING);
      assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
      assertThat(a).isNotEqualTo(a.toBuilder().observedValue(312.25).build());
      assertThat(a).isNotEqualTo(a.toBuilder().label("x", "y").build());
      assertThat(a).isNotEqualTo(a.toBuilder().time(a.time().plusNanos(1)).build());
      assertThat(a).isNotEqualTo(a.toBuilder().state(AlertState.RESOLVED).build());
      assertThat(RetrainResult.started("r", "d"))
          .isEqualTo(RetrainResult.started("r", "d"))
          .isNotEqualTo(RetrainResult.started("s", "d"));
    }

    @Test
    @DisplayName("derives its dedup key from rule, model, version and signal")
    void dedupKey() {
      assertThat(Alerts.threshold(AlertState.FIRING).dedupKey())
          .isEqualTo("p99-latency/churn/3/latency.p99");
    }

    @Test
    @DisplayName("copies its labels and round-trips through toBuilder")
    void copies() {
      Map<String, String> labels = new HashMap<>(Map.of("a", "b"));
      Alert a = Alerts.threshold(AlertState.FIRING).toBuilder().labels(labels).build();
      labels.put("c", "d");
      assertThat(a.labels()).containsOnlyKeys("a");
      Alert t = Alerts.threshold(AlertState.RESOLVED);
      assertThat(t.toBuilder().build()).isEqualTo(t);
      Alert v = Alerts.verdict(AlertState.FIRING);
      assertThat(v.toBuilder().build()).isEqualTo(v);
    }

    @Test
    @DisplayName(
        "rejects both or neither observation, non-finite numbers, blank names and a reversed window")
    void rejects() {
      Alert.Builder both =
          Alerts.threshold(AlertState.FIRING).toBuilder().observedVerdict(Verdict.FAIL);
      assertThatThrownBy(both::build)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exactly one");
      assertThatThrownBy(
              () ->
                  Alerts.threshold(AlertState.FIRING).toBuilder().observedValue(Double.NaN).build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  Alerts.threshold(AlertState.FIRING).toBuilder()
                      .threshold(Double.POSITIVE_INFINITY)
                      .build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Alerts.threshold(AlertState.FIRING).toBuilder().rule(" ").build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  Alerts.threshold(AlertState.FIRING).toBuilder()
                      .window(
                          Instant.parse("2026-01-02T00:00:00Z"),
                          Instant.parse("2026-01-01T00:00:00Z"))
                      .build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Alert.builder().build()).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  @DisplayName("retraining values")
  class Retraining {
    @Test
    @DisplayName("a request from an alert carries its model, message, time and the alert")
    void request() {
      Alert a = Alerts.verdict(AlertState.FIRING);
      RetrainRequest r = RetrainRequest.of(a);
      assertThat(r.model()).isEqualTo("churn");
      assertThat(r.modelVersion()).isEqualTo(3);
      assertThat(r.reason()).isEqualTo("drift");
      assertThat(r.requestedAt()).isEqualTo(a.time());
      assertThat(r.cause()).contains(a);
      assertThat(RetrainRequest.manual("churn", 3, "refresh", a.time()).cause()).isEmpty();
    }

    @Test
    @DisplayName("a result has a job id exactly when STARTED and a retry time only when SUPPRESSED")
    void result() {
      assertThat(RetrainResult.started("run-1", "ok").jobId()).contains("run-1");
      assertThat(RetrainResult.suppressed(Instant.EPOCH, "cool-down").retryAfter())
          .contains(Instant.EPOCH);
      assertThat(RetrainResult.failed("x").outcome()).isEqualTo(RetrainResult.Outcome.FAILED);
      assertThatThrownBy(
              () ->
                  new RetrainResult(
                      RetrainResult.Outcome.FAILED, Optional.of("j"), Optional.empty(), ""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  new RetrainResult(
                      RetrainResult.Outcome.STARTED, Optional.empty(), Optional.empty(), ""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  new RetrainResult(
                      RetrainResult.Outcome.FAILED,
                      Optional.empty(),
                      Optional.of(Instant.EPOCH),
                      ""))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a delivery exception names the sink and says what to do")
    void deliveryException() {
      AlertDeliveryException e = new AlertDeliveryException("webhook:x", "HTTP 500", null);
      assertThat(e.sink()).isEqualTo("webhook:x");
      assertThat(e)
          .hasMessageContaining("webhook:x")
          .hasMessageContaining("HTTP 500")
          .hasMessageContaining("check");
    }
  }

  @Nested
  @DisplayName("AlertSink.noop and composite")
  class SpiHelpers {
    @Test
    @DisplayName("composite of none is noop, of one is that sink")
    void degenerate() {
      AlertSink one = AlertSinks.callback(a -> {});
      assertThat(AlertSink.composite()).isSameAs(AlertSink.noop());
      assertThat(AlertSink.composite(one)).isSameAs(one);
      AlertSink.noop().send(Alerts.verdict(AlertState.FIRING));
      assertThat(AlertSink.noop().name()).isEqualTo("noop");
    }

    @Test
    @DisplayName("a composite sends to every sink even when one throws, then rethrows the first")
    void composite() {
      List<String> got = new ArrayList<>();
      AlertSink a = AlertSinks.callback("a", x -> got.add("a"));
      AlertSink bad =
          AlertSinks.callback(
              "bad",
              x -> {
                throw new IllegalStateException("bad");
              });
      AlertSink c = AlertSinks.callback("c", x -> got.add("c"));
      AlertSink all = AlertSink.composite(a, bad, c);
      assertThat(all.name()).isEqualTo("composite(a,bad,c)");
      assertThatThrownBy(() -> all.send(Alerts.verdict(AlertState.FIRING))).hasMessage("bad");
      assertThat(got).containsExactly("a", "c");
      all.close();
      assertThatThrownBy(() -> a.send(Alerts.verdict(AlertState.FIRING)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }
}
