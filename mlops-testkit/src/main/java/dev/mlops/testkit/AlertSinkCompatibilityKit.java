package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertSeverity;
import dev.mlops.api.monitor.AlertState;
import dev.mlops.spi.AlertSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AlertSink} must keep, as an abstract JUnit 5 suite: extend it in your
 * test sources and implement {@link #newSink(Consumer)}.
 *
 * <p>Not thread-safe (JUnit creates one instance per test). The factory gets a receiver: every
 * alert the sink delivers must end up in it, decoded back into an {@link Alert} (a sink that talks
 * to a remote system stands up a local one in the test whose handler decodes what arrives and
 * passes it on). Checks: the name is not blank; a FIRING and a RESOLVED alert, of a threshold and a
 * verdict rule, arrive with every field intact (labels and non-ASCII text included); 8 threads
 * sending at once each get every alert delivered exactly once; {@code send(null)} throws {@link
 * NullPointerException}; {@code close()} is idempotent; a send after close either throws {@link
 * IllegalStateException} or returns without delivering. The kit closes each sink it creates.
 *
 * <pre>{@code
 * class ChatSinkCompatibilityTest extends AlertSinkCompatibilityKit {
 *   protected AlertSink newSink(Consumer<Alert> receiver) {
 *     return new ChatSink(fakeChatServer(json -> receiver.accept(ChatJson.decode(json))));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class AlertSinkCompatibilityKit {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 25;
  private static final long WAIT_SECONDS = 30;

  private final BlockingQueue<Alert> received = new LinkedBlockingQueue<>();
  private AlertSink sink;

  /** Creates the kit; subclasses need no constructor arguments. */
  protected AlertSinkCompatibilityKit() {}

  /**
   * Creates the sink under check; called before every test.
   *
   * @param receiver where every delivered alert must arrive; thread-safe
   * @return a new sink
   */
  protected abstract AlertSink newSink(Consumer<Alert> receiver);

  @BeforeEach
  void createSink() {
    sink = newSink(received::add);
    assertThat(sink).as("newSink(..)").isNotNull();
  }

  @AfterEach
  void closeSink() {
    sink.close();
  }

  /** A FIRING threshold alert with every optional field set. */
  static Alert thresholdAlert(AlertState state, String rule) {
    return Alert.builder()
        .rule(rule)
        .severity(AlertSeverity.CRITICAL)
        .state(state)
        .model("churn-model", 12)
        .window(Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T10:05:00Z"))
        .signal("latency.p99")
        .observedValue(312.125)
        .threshold(state == AlertState.FIRING ? 250.0 : 200.0)
        .condition("latency.p99 > 250.0 for 2 windows")
        .message("p99 was 312.125 ms > 250 ms — \"slow\" ü 🚨")
        .time(Instant.parse("2026-06-01T10:05:00.123456789Z"))
        .label("team", "ml-platform")
        .label("runbook", "https://wiki.example/latency?x=1&y=2")
        .build();
  }

  static Alert verdictAlert(AlertState state) {
    return Alert.builder()
        .rule("drift-fail")
        .severity(AlertSeverity.WARNING)
        .state(state)
        .model("churn-model", 12)
        .window(Instant.parse("2026-06-01T10:05:00Z"), Instant.parse("2026-06-01T10:10:00Z"))
        .signal("drift.dataset")
        .observedVerdict(state == AlertState.FIRING ? Verdict.FAIL : Verdict.PASS)
        .condition("drift.dataset == FAIL for 2 windows")
        .message("churn-model v12: drift.dataset was FAIL in 2 consecutive windows")
        .time(Instant.parse("2026-06-01T10:10:00Z"))
        .build();
  }

  private List<Alert> receive(int n) throws InterruptedException {
    List<Alert> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Alert a = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(a).as("alert %d of %d delivered to the receiver", i + 1, n).isNotNull();
      got.add(a);
    }
    return got;
  }

  /** Naming and delivery of single alerts. */
  @Nested
  @DisplayName("delivery")
  class Delivery {
    @Test
    @DisplayName("the sink has a name that is not blank")
    void name() {
      assertThat(sink.name()).isNotBlank();
    }

    @Test
    @DisplayName("a FIRING and a RESOLVED alert arrive with every field intact")
    void firingAndResolved() throws InterruptedException {
      List<Alert> sent =
          List.of(
              thresholdAlert(AlertState.FIRING, "p99-latency"),
              thresholdAlert(AlertState.RESOLVED, "p99-latency"),
              verdictAlert(AlertState.FIRING),
              verdictAlert(AlertState.RESOLVED));
      for (Alert a : sent) {
        sink.send(a);
      }
      assertThat(receive(sent.size())).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    @DisplayName("send(null) throws NullPointerException")
    void nullAlert() {
      assertThatThrownBy(() -> sink.send(null)).isInstanceOf(NullPointerException.class);
    }
  }

  /** Concurrent sends. */
  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @DisplayName("8 threads sending at once each get every alert delivered exactly once")
    void concurrentSends() throws Exception {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                      sink.send(thresholdAlert(AlertState.FIRING, "rule-" + thread + "-" + i));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      List<Alert> got = receive(THREADS * PER_THREAD);
      Map<String, Integer> perRule = new HashMap<>();
      for (Alert a : got) {
        perRule.merge(a.rule(), 1, Integer::sum);
      }
      assertThat(perRule).hasSize(THREADS * PER_THREAD);
      assertThat(perRule.values()).containsOnly(1);
    }
  }

  /** Closing. */
  @Nested
  @DisplayName("closing")
  class Closing {
    @Test
    @DisplayName("close is idempotent")
    void idempotent() {
      assertThatCode(
              () -> {
                sink.close();
                sink.close();
              })
          .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("a send after close throws IllegalStateException or returns without delivering")
    void sendAfterClose() {
      sink.close();
      Alert a = verdictAlert(AlertState.FIRING);
      try {
        sink.send(a);
      } catch (IllegalStateException refused) {
        assertThat(received).isEmpty();
        return;
      }
      assertThat(received).as("a closed sink that accepts a send ignores it").isEmpty();
    }
  }
}
