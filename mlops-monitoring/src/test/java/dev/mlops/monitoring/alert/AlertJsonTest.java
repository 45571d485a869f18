package dev.mlops.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AlertJson")
class AlertJsonTest {

  @Test
  @DisplayName("round-trips every field of threshold and verdict alerts")
  void roundTrip() {
    for (AlertState s : AlertState.values()) {
      Alert t = Alerts.threshold(s);
      assertThat(AlertJson.read(AlertJson.write(t))).isEqualTo(t);
      Alert v = Alerts.verdict(s);
      assertThat(AlertJson.read(AlertJson.write(v))).isEqualTo(v);
    }
  }

  @Test
  @DisplayName("writes the documented layout")
  void layout() {
    String json = AlertJson.write(Alerts.verdict(AlertState.FIRING));
    assertThat(json)
        .isEqualTo(
            "{\"format\":\"mlops.alert\",\"format_version\":1,\"rule\":\"drift-fail\","
                + "\"severity\":\"WARNING\",\"state\":\"FIRING\",\"model\":\"churn\","
                + "\"model_version\":3,\"window_start\":\"2026-06-01T10:00:00Z\","
                + "\"window_end\":\"2026-06-01T10:05:00Z\",\"signal\":\"drift.dataset\","
                + "\"observed_verdict\":\"FAIL\","
                + "\"condition\":\"drift.dataset == FAIL for 2 windows\",\"message\":\"drift\","
                + "\"dedup_key\":\"drift-fail/churn/3/drift.dataset\","
                + "\"time\":\"2026-06-01T10:05:01Z\",\"labels\":{}}");
  }

  @Test
  @DisplayName("refuses a newer format version, saying to upgrade")
  void newer() {
    String json =
        AlertJson.write(Alerts.verdict(AlertState.FIRING))
            .replace("\"format_version\":1", "\"format_version\":2");
    assertThatThrownBy(() -> AlertJson.read(json))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("upgrade mlops");
  }

  @Test
  @DisplayName("refuses unknown fields, duplicates, wrong types and non-JSON, naming the field")
  void refuses() {
    String ok = AlertJson.write(Alerts.verdict(AlertState.FIRING));
    assertThatThrownBy(() -> AlertJson.read(ok.replace("\"labels\"", "\"extra\":1,\"labels\"")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("extra");
    assertThatThrownBy(() -> AlertJson.read(ok.replace("\"labels\"", "\"rule\":\"x\",\"labels\"")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () -> AlertJson.read(ok.replace("\"model_version\":3", "\"model_version\":\"3\"")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("model_version");
    assertThatThrownBy(() -> AlertJson.read(ok.replace("\"FAIL\"", "\"BAD\"")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> AlertJson.read(ok.replace("\"observed_verdict\":\"FAIL\",", "")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> AlertJson.read("[1]")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> AlertJson.read("{")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> AlertJson.read(ok + " {}")).isInstanceOf(InvalidInputException.class);
  }
}
