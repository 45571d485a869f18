package dev.mlops.monitoring.alert;

import static dev.mlops.api.Verdict.FAIL;
import static dev.mlops.api.Verdict.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertState;
import dev.mlops.api.monitor.RetrainRequest;
import dev.mlops.api.monitor.RetrainResult;
import dev.mlops.spi.AlertSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("AlertEngine delivery isolation")
class AlertDeliveryTest {
  private final TestClock clock = new TestClock();
  private final CountDownLatch release = new CountDownLatch(1);
  private final BlockingQueue<Alert> healthy = new LinkedBlockingQueue<>();
  private final List<AlertEngine> engines = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    release.countDown();
    engines.forEach(AlertEngine::close);
  }

  private AlertEngine.Builder builder() {
    return AlertEngine.builder()
        .clock(clock)
        .rule(AlertRules.driftFailFor(1))
        .sink(AlertSinks.callback("healthy", healthy::add));
  }

  private AlertEngine track(AlertEngine e) {
    engines.add(e);
    return e;
  }

  /** Window i alternates FAIL, PASS: with a for of 1 every window is a transition. */
  private static List<Alert> evaluate(AlertEngine e, int from, int to) {
    List<Alert> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.addAll(e.evaluate(Window.drift(i, i % 2 == 0 ? FAIL : PASS)));
    }
    return out;
  }

  private List<Alert> healthyReceives(int n) throws InterruptedException {
    List<Alert> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Alert a = healthy.poll(10, TimeUnit.SECONDS);
      assertThat(a).as("alert %d of %d at the healthy sink", i + 1, n).isNotNull();
      got.add(a);
    }
    return got;
  }

  @Nested
  @DisplayName("a sink that throws")
  class Throwing {
    @Test
    @DisplayName(
        "never reaches evaluate; its failures are counted and the other sink gets every alert")
    void throwing() throws InterruptedException {
      AtomicInteger calls = new AtomicInteger();
      AlertSink bad =
          AlertSinks.callback(
              "bad",
              a -> {
                calls.incrementAndGet();
                throw new IllegalStateException("receiver is down");
              });
      AlertEngine e = track(builder().sink(bad).build());
      List<Alert> transitions = evaluate(e, 0, 6);
      assertThat(transitions).hasSize(6);
      assertThat(healthyReceives(6)).isEqualTo(transitions);
      Await.until(
          "6 failures are counted", () -> e.deliveryStats("bad").orElseThrow().failed() == 6);
      assertThat(e.deliveryStats("bad").orElseThrow())
          .isEqualTo(new DeliveryStats("bad", 0, 0, 6, 0));
      assertThat(e.deliveryStats("healthy").orElseThrow())
          .isEqualTo(new DeliveryStats("healthy", 6, 0, 0, 0));
      assertThat(calls).hasValue(6);
      // Logged once for the cause, not six times.
      assertThat(e.warningsLogged("bad")).isEqualTo(1);
    }

    @Test
    @DisplayName("logs once per sink and exception class")
    void logOncePerCause() {
      AtomicInteger calls = new AtomicInteger();
      AlertSink bad =
          AlertSinks.callback(
              "bad",
              a -> {
                if (calls.incrementAndGet() % 2 == 0) {
                  throw new IllegalStateException("down");
                }
                throw new IllegalArgumentException("refused");
              });
      AlertEngine e = track(builder().sink(bad).build());
      evaluate(e, 0, 8);
      Await.until("8 failures", () -> e.deliveryStats("bad").orElseThrow().failed() == 8);
      assertThat(e.warningsLogged("bad")).isEqualTo(2);
      assertThat(e.warningsLogged("healthy")).isZero();
    }

    @Test
    @DisplayName("an Error-free sink that throws a checked exception sneakily is contained too")
    void sneaky() {
      AlertSink sneaky =
          AlertSinks.callback("sneaky", a -> AlertDeliveryTest.<RuntimeException>sneakyThrow());
      AlertEngine e = track(builder().sink(sneaky).build());
      evaluate(e, 0, 2);
      Await.until("2 failures", () -> e.deliveryStats("sneaky").orElseThrow().failed() == 2);
    }
  }

  @SuppressWarnings("unchecked") // the point: a checked exception the compiler does not see
  private static <E extends Exception> void sneakyThrow() throws E {
    throw (E) new java.io.IOException("checked, undeclared");
  }

  @Nested
  @DisplayName("a sink that blocks")
  class Blocking {
    @Test
    @DisplayName(
        "evaluate returns at once; its queue fills, the rest is dropped and counted; the other sink gets every alert")
    void blockingIgnoringInterrupts() throws InterruptedException {
      CountDownLatch entered = new CountDownLatch(1);
      AlertSink stuck =
          AlertSinks.callback(
              "stuck",
              a -> {
                entered.countDown();
                boolean released = false;
                while (!released) {
                  try {
                    released = release.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException ignored) {
                    // a badly behaved sink: ignores interrupts
                  }
                }
              });
      AlertEngine e = track(builder().sink(stuck, 2).sendTimeout(Duration.ofMinutes(5)).build());
      evaluate(e, 0, 1);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue(); // alert 1 is inside the sink
      // The sink holds its thread until released (never before the end of this test), so
      // evaluate returning at all shows it does not wait for the sink; the bound only keeps a
      // regression from hanging the build, and is generous for a loaded machine.
      long t0 = System.nanoTime();
      evaluate(e, 1, 10);
      long elapsed = System.nanoTime() - t0;
      assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(20));
      assertThat(healthyReceives(10)).hasSize(10);
      // 1 in the sink, 2 queued, 7 dropped.
      assertThat(e.deliveryStats("stuck").orElseThrow())
          .isEqualTo(new DeliveryStats("stuck", 0, 7, 0, 0));
      release.countDown();
      Await.until(
          "the 3 held alerts are delivered",
          () -> e.deliveryStats("stuck").orElseThrow().delivered() == 3);
    }

    @Test
    @DisplayName(
        "a send past the timeout is counted, its thread interrupted, and the next alert still goes through")
    void timeout() throws InterruptedException {
      CountDownLatch interrupted = new CountDownLatch(1);
      AtomicBoolean first = new AtomicBoolean(true);
      BlockingQueue<Alert> slowGot = new LinkedBlockingQueue<>();
      AlertSink slow =
          AlertSinks.callback(
              "slow",
              a -> {
                if (first.getAndSet(false)) {
                  try {
                    release.await();
                  } catch (InterruptedException ex) {
                    interrupted.countDown();
                    throw new IllegalStateException("interrupted", ex);
                  }
                }
                slowGot.add(a);
              });
      AlertEngine e = track(builder().sink(slow).sendTimeout(Duration.ofMillis(500)).build());
      evaluate(e, 0, 2);
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      Alert second = slowGot.poll(10, TimeUnit.SECONDS);
      assertThat(second).isNotNull();
      assertThat(second.state()).isEqualTo(AlertState.RESOLVED);
      Await.until(
          "the second is delivered", () -> e.deliveryStats("slow").orElseThrow().delivered() == 1);
      // The interrupted send threw, but it counts once, as a timeout, not also as a failure.
      assertThat(e.deliveryStats("slow").orElseThrow())
          .isEqualTo(new DeliveryStats("slow", 1, 0, 0, 1));
    }
  }

  @Nested
  @DisplayName("closing")
  class Closing {
    @Test
    @DisplayName("delivers what is queued, ends every thread, closes the sinks, and is idempotent")
    void close() throws InterruptedException {
      AtomicInteger closes = new AtomicInteger();
      AlertSink counting =
          new AlertSink() {
            @Override
            public String name() {
              return "counting";
            }

            @Override
            public void send(Alert alert) {}

            @Override
            public void close() {
              closes.incrementAndGet();
            }
          };
      AlertEngine e =
          builder().sink(counting).rule(retrainRule(req -> RetrainResult.failed("no"))).build();
      evaluate(e, 0, 4);
      e.close();
      e.close();
      assertThat(e.threadsEnded()).isTrue();
      assertThat(closes).hasValue(1);
      assertThat(e.deliveryStats("counting").orElseThrow().delivered()).isEqualTo(4);
      assertThat(healthy).hasSize(4);
    }

    @Test
    @DisplayName(
        "after close, evaluate still returns transitions but delivers nothing (counted as dropped)")
    void afterClose() {
      AlertEngine e = builder().build();
      e.close();
      assertThat(evaluate(e, 0, 2)).hasSize(2);
      assertThat(e.deliveryStats("healthy").orElseThrow())
          .isEqualTo(new DeliveryStats("healthy", 0, 2, 0, 0));
      assertThat(healthy).isEmpty();
    }
  }

  private static AlertRule retrainRule(dev.mlops.api.monitor.RetrainTrigger trigger) {
    return AlertRule.builder("retrain-on-drift")
        .whenVerdict("drift.dataset", FAIL)
        .forWindows(2)
        .retrain(trigger)
        .build();
  }

  @Nested
  @DisplayName("a retraining trigger")
  class Retrain {
    @Test
    @DisplayName("is called once per episode, on FIRING, with the alert as the cause")
    void oncePerEpisode() throws InterruptedException {
      BlockingQueue<RetrainRequest> requests = new LinkedBlockingQueue<>();
      AlertEngine e =
          track(
              AlertEngine.builder()
                  .clock(clock)
                  .rule(
                      retrainRule(
                          r -> {
                            requests.add(r);
                            return RetrainResult.started("run-" + requests.size(), "ok");
                          }))
                  .build());
      List<Alert> fired = new ArrayList<>();
      var seq = new dev.mlops.api.Verdict[] {FAIL, FAIL, FAIL, FAIL, PASS, FAIL, FAIL};
      for (int i = 0; i < seq.length; i++) {
        fired.addAll(e.evaluate(Window.drift(i, seq[i])));
      }
      assertThat(fired)
          .extracting(Alert::state)
          .containsExactly(AlertState.FIRING, AlertState.RESOLVED, AlertState.FIRING);
      RetrainRequest r1 = requests.poll(10, TimeUnit.SECONDS);
      RetrainRequest r2 = requests.poll(10, TimeUnit.SECONDS);
      assertThat(r1).isNotNull();
      assertThat(r2).isNotNull();
      assertThat(r1.cause()).contains(fired.get(0));
      assertThat(r2.cause()).contains(fired.get(2));
      assertThat(r1.model()).isEqualTo("churn");
      assertThat(r1.modelVersion()).isEqualTo(3);
      Await.until(
          "2 delivered",
          () -> e.deliveryStats("retrain:retrain-on-drift").orElseThrow().delivered() == 2);
      assertThat(requests).isEmpty();
    }

    @Test
    @DisplayName("that throws, or fails to start a job, is counted and never reaches evaluate")
    void failing() {
      AtomicInteger calls = new AtomicInteger();
      AlertEngine e =
          track(
              AlertEngine.builder()
                  .clock(clock)
                  .rule(
                      retrainRule(
                          r -> {
                            if (calls.incrementAndGet() == 1) {
                              throw new IllegalStateException("scheduler down");
                            }
                            return RetrainResult.failed("no capacity");
                          }))
                  .rule(AlertRules.driftFailFor(1))
                  .build());
      var seq = new dev.mlops.api.Verdict[] {FAIL, FAIL, PASS, FAIL, FAIL};
      List<Alert> out = new ArrayList<>();
      for (int i = 0; i < seq.length; i++) {
        out.addAll(e.evaluate(Window.drift(i, seq[i])));
      }
      assertThat(out).hasSize(6);
      Await.until(
          "2 failures",
          () -> e.deliveryStats("retrain:retrain-on-drift").orElseThrow().failed() == 2);
    }
  }
}
