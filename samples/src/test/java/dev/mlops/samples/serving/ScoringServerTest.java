package dev.mlops.samples.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.WindowSnapshot;
import dev.mlops.monitoring.WindowSpec;
import dev.mlops.testkit.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("the serving sample: a monitor in the request handlers of an HTTP server")
class ScoringServerTest {
  private static final Pattern ID = Pattern.compile("\"id\": (-?\\d+)");
  private static final Pattern P = Pattern.compile("\"rain_probability\": ([-0-9.eE+]+)");
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:10Z");

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Queue<WindowSnapshot> snapshots = new ConcurrentLinkedQueue<>();
  private ManualClock clock = ManualClock.of(T0);
  private ModelMonitor monitor;
  private ScoringServer server;

  @BeforeEach
  void start() {
    clock = ManualClock.of(T0);
    monitor =
        ScoringServer.monitor(clock)
            .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
            .labelMaturity(Duration.ofMinutes(5))
            .executor(Runnable::run)
            .listener(snapshots::add)
            .build();
    server = ScoringServer.start(monitor);
  }

  @AfterEach
  void stop() {
    server.close();
    monitor.close();
  }

  /** The model's formula, written out here. */
  private static double expected(double precipitation, double tempMax, double tempMin) {
    return 1 / (1 + Math.exp(1 - 2 * precipitation + 0.15 * (tempMax - tempMin)));
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.uri().resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Closes the window of T0 and returns its closed (not final) snapshot. */
  private WindowSnapshot closedWindow() {
    clock.set(T0.plus(Duration.ofMinutes(1)));
    monitor.advance();
    List<WindowSnapshot> closed = snapshots.stream().filter(s -> !s.isFinal()).toList();
    assertThat(closed).hasSize(1);
    return closed.get(0);
  }

  @Nested
  @DisplayName("requests over loopback")
  class Requests {
    @Test
    @DisplayName(
        "20 predictions from 4 client threads, 5 of them malformed, and 10 labels: the window"
            + " counts 20 requests, 5 errors and 10 labels")
    void windowCounts() throws Exception {
      int threads = 4;
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<HttpResponse<String>>>> futures = new ArrayList<>();
      try {
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    start.await(1, TimeUnit.MINUTES);
                    List<HttpResponse<String>> rs = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                      // the last request of each thread, and one more, lack a feature or garble it
                      String form =
                          i == 4
                              ? "precipitation=0&temp_max=10&temp_min=5"
                              : thread == 0 && i == 0
                                  ? "precipitation=abc&temp_max=10&temp_min=5&wind=1"
                                  : "precipitation=" + i + "&temp_max=10&temp_min=5&wind=2.5";
                      rs.add(post("/predict", form));
                    }
                    return rs;
                  }));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<List<HttpResponse<String>>> f : futures) {
          responses.addAll(f.get(2, TimeUnit.MINUTES));
        }
        List<HttpResponse<String>> ok =
            responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(ok).hasSize(15);
        assertThat(responses).filteredOn(r -> r.statusCode() == 400).hasSize(5);
        for (HttpResponse<String> r : ok) {
          Matcher p = P.matcher(r.body());
          assertThat(p.find()).isTrue();
          double value = Double.parseDouble(p.group(1));
          assertThat(closeTo(value))
              .isIn(
                  closeTo(expected(0, 10, 5)),
                  closeTo(expected(1, 10, 5)),
                  closeTo(expected(2, 10, 5)),
                  closeTo(expected(3, 10, 5)));
        }
        for (HttpResponse<String> r : ok.subList(0, 10)) {
          Matcher m = ID.matcher(r.body());
          assertThat(m.find()).isTrue();
          assertThat(post("/outcome", "id=" + m.group(1) + "&rain=1").statusCode()).isEqualTo(204);
        }
      } finally {
        pool.shutdownNow();
      }

      WindowSnapshot w = closedWindow();
      assertThat(w.value("traffic.count")).hasValue(20);
      assertThat(w.value("errors.count")).hasValue(5);
      assertThat(w.value("labels.count")).hasValue(10);
      assertThat(w.value("latency.p99").orElseThrow()).isPositive();
      assertThat(monitor.labelStats().matched()).isEqualTo(10);
    }

    @Test
    @DisplayName("with every label joined, the window's accuracy is the accuracy computed here")
    void accuracy() throws Exception {
      // precipitation 0, 1, 2, 3 with range 5: p = 0.148, 0.562, 0.905, 0.986; labels 0, 0, 1, 1
      double[][] days = {{0, 10, 5}, {1, 10, 5}, {2, 10, 5}, {3, 10, 5}};
      int[] labels = {0, 0, 1, 1};
      int correct = 0;
      for (int i = 0; i < days.length; i++) {
        HttpResponse<String> r =
            post(
                "/predict",
                "precipitation="
                    + days[i][0]
                    + "&temp_max="
                    + days[i][1]
                    + "&temp_min="
                    + days[i][2]
                    + "&wind=1");
        Matcher m = ID.matcher(r.body());
        assertThat(m.find()).isTrue();
        post("/outcome", "id=" + m.group(1) + "&rain=" + labels[i]);
        boolean predictedRain = expected(days[i][0], days[i][1], days[i][2]) >= 0.5;
        correct += predictedRain == (labels[i] == 1) ? 1 : 0;
      }
      assertThat(correct).isEqualTo(3); // the second day is predicted rain and was dry
      WindowSnapshot w = closedWindow();
      assertThat(w.value("quality.accuracy").orElseThrow()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    @DisplayName("an outcome for an unknown id is counted as unmatched; a bad label is a 400")
    void badOutcomes() throws Exception {
      assertThat(post("/outcome", "id=123456&rain=1").statusCode()).isEqualTo(204);
      assertThat(post("/outcome", "id=1&rain=2").statusCode()).isEqualTo(400);
      assertThat(post("/outcome", "rain=1").statusCode()).isEqualTo(400);
      assertThat(monitor.labelStats().unmatched()).isEqualTo(1);
      assertThat(monitor.labelStats().matched()).isZero();
    }

    @Test
    @DisplayName("GET is refused with 405 and not recorded")
    void getIsRefused() throws Exception {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(server.uri().resolve("/predict")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(monitor.recorded()).isZero();
      clock.set(T0.plus(Duration.ofMinutes(10)));
      monitor.advance();
      assertThat(snapshots)
          .allSatisfy(w -> assertThat(w.value("traffic.count").orElse(0)).isZero());
    }
  }

  @Test
  @DisplayName(
      "the sample's year: 365 requests of 2015 in 30-day windows, every 40th an error (9), the"
          + " 356 answered days labelled with their weather, and as many correct predictions as counted here")
  void year() throws IOException {
    List<WindowSnapshot> windows = ServingSample.serveYear();
    double traffic = 0;
    double errors = 0;
    double labels = 0;
    double correct = 0;
    for (WindowSnapshot w : windows) {
      traffic += w.value("traffic.count").orElse(0);
      errors += w.value("errors.count").orElse(0);
      double n = w.value("labels.count").orElse(0);
      labels += n;
      correct += n * w.value("quality.accuracy").orElse(0);
    }
    assertThat(traffic).isEqualTo(365);
    assertThat(errors).isEqualTo(9); // requests 40, 80, ..., 360
    assertThat(labels).isEqualTo(356);
    // windows are aligned to the epoch: 2014-12-06 + k * 30 days covers 2015 in 14 windows
    assertThat(windows).hasSize(14);

    int byHand = 0;
    try (InputStream in =
        ScoringServerTest.class.getResourceAsStream(
            "/dev/mlops/samples/data/seattle-weather.csv")) {
      List<String> days =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> l.startsWith("2015-"))
              .toList();
      for (int i = 0; i < days.size(); i++) {
        if (i % 40 == 39) {
          continue;
        }
        String[] f = days.get(i).split(",");
        double p =
            expected(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
        byHand += (p >= 0.5) == f[5].equals("rain") ? 1 : 0;
      }
    }
    assertThat(correct).isCloseTo(byHand, within(1e-6));
  }

  private static double closeTo(double v) {
    return Math.round(v * 1e12) / 1e12;
  }
}
