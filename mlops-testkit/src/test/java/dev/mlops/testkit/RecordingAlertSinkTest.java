package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.monitor.AlertState;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RecordingAlertSink")
class RecordingAlertSinkTest {

  @Test
  @DisplayName("records alerts in arrival order and filters them by state")
  void records() {
    RecordingAlertSink sink = RecordingAlertSink.create();
    sink.send(AlertSinkCompatibilityKit.verdictAlert(AlertState.FIRING));
    sink.send(AlertSinkCompatibilityKit.verdictAlert(AlertState.RESOLVED));
    assertThat(sink.alerts())
        .extracting(a -> a.state())
        .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    assertThat(sink.alerts(AlertState.RESOLVED)).hasSize(1);
    sink.clear();
    assertThat(sink.alerts()).isEmpty();
    assertThat(sink.name()).isEqualTo("recording");
    assertThat(RecordingAlertSink.named("pager").name()).isEqualTo("pager");
  }

  @Test
  @DisplayName("await returns once another thread delivered enough, and false on timeout")
  void await() throws InterruptedException {
    RecordingAlertSink sink = RecordingAlertSink.create();
    CountDownLatch go = new CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                return;
              }
              sink.send(AlertSinkCompatibilityKit.verdictAlert(AlertState.FIRING));
            });
    t.start();
    assertThat(sink.await(1, Duration.ofMillis(50))).isFalse();
    go.countDown();
    assertThat(sink.await(1, Duration.ofSeconds(30))).isTrue();
    t.join();
  }

  @Test
  @DisplayName("after close, refuses sends and counts close calls")
  void close() {
    RecordingAlertSink sink = RecordingAlertSink.create();
    sink.close();
    sink.close();
    assertThat(sink.isClosed()).isTrue();
    assertThat(sink.closeCalls()).isEqualTo(2);
    assertThatThrownBy(() -> sink.send(AlertSinkCompatibilityKit.verdictAlert(AlertState.FIRING)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(sink.alerts()).isEmpty();
  }
}
