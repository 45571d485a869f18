package dev.mlops.samples.serving;

import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.WindowSnapshot;
import dev.mlops.monitoring.WindowSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A monitor in a request handler: starts a {@link ScoringServer} on 127.0.0.1, sends the 365 days
 * of 2015 from the Seattle weather data through {@code /predict} over loopback (every 40th day
 * without its wind, which the handler answers with 400 and records as an error), posts each day's
 * true label to {@code /outcome}, and prints the monitor's 30-day windows: traffic, errors, joined
 * labels and accuracy.
 *
 * <p>Time is simulated: the monitor's clock reads the date of the day being served, so a year runs
 * in seconds and the windows are those of 2015.
 *
 * <p>Run it with {@code java -cp ... dev.mlops.samples.serving.ServingSample} (see the README's
 * "Samples" table).
 *
 * <p>Not thread-safe; a program's entry point.
 *
 * @since 0.1
 */
public final class ServingSample {
  /** The windows the sample prints: tumbling, 30 days. */
  public static final Duration WINDOW = Duration.ofDays(30);

  private static final String DATA = "/dev/mlops/samples/data/seattle-weather.csv";
  private static final Pattern ID = Pattern.compile("\"id\": (-?\\d+)");

  private ServingSample() {}

  /**
   * Runs the sample.
   *
   * @param args none
   */
  public static void main(String[] args) {
    List<WindowSnapshot> windows = serveYear();
    System.out.println();
    System.out.println("window start  traffic  errors  labels  accuracy  latency p99");
    for (WindowSnapshot w : windows) {
      System.out.printf(
          "%-12s  %7.0f  %6.0f  %6.0f  %8.3f  %8.2f ms%n",
          LocalDate.ofInstant(w.windowStart(), ZoneOffset.UTC),
          w.value("traffic.count").orElse(0),
          w.value("errors.count").orElse(0),
          w.value("labels.count").orElse(0),
          w.value("quality.accuracy").orElse(Double.NaN),
          w.value("latency.p99").orElse(Double.NaN) / 1e6);
    }
  }

  /**
   * Serves the days of 2015 through a server over loopback and returns the monitor's closed
   * windows, in order.
   *
   * @return the closed (not final) snapshots of every window with traffic
   */
  public static List<WindowSnapshot> serveYear() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2015-01-01T12:00:00Z"));
    InstantSource clock = now::get;
    Queue<WindowSnapshot> snapshots = new ConcurrentLinkedQueue<>();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (ModelMonitor monitor =
            ScoringServer.monitor(clock)
                .window(WindowSpec.tumbling(WINDOW))
                .labelMaturity(Duration.ofDays(1))
                .executor(Runnable::run)
                .listener(snapshots::add)
                .build();
        ScoringServer server = ScoringServer.start(monitor)) {
      System.out.println("scoring server at " + server.uri() + " (predict, outcome)");
      int served = 0;
      for (String line : days2015()) {
        String[] f = line.split(",");
        now.set(LocalDate.parse(f[0]).atTime(12, 0).toInstant(ZoneOffset.UTC));
        String form =
            "precipitation="
                + f[1]
                + "&temp_max="
                + f[2]
                + "&temp_min="
                + f[3]
                + (served % 40 == 39 ? "" : "&wind=" + f[4]);
        HttpResponse<String> r = post(client, server.uri().resolve("/predict"), form);
        served++;
        if (r.statusCode() != 200) {
          continue;
        }
        Matcher m = ID.matcher(r.body());
        if (!m.find()) {
          throw new IllegalStateException("no id in the answer " + r.body());
        }
        int rain = f[5].equals("rain") ? 1 : 0;
        post(client, server.uri().resolve("/outcome"), "id=" + m.group(1) + "&rain=" + rain);
      }
      System.out.println("served " + served + " days of 2015");
      now.set(Instant.parse("2016-03-01T00:00:00Z")); // every window closed and final
      monitor.advance();
    }
    List<WindowSnapshot> closed = new ArrayList<>();
    for (WindowSnapshot s : snapshots) {
      if (!s.isFinal() && s.value("traffic.count").orElse(0) > 0) {
        closed.add(s);
      }
    }
    return closed;
  }

  private static HttpResponse<String> post(HttpClient client, URI uri, String form) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + uri, e);
    }
  }

  private static List<String> days2015() {
    try (InputStream in = ServingSample.class.getResourceAsStream(DATA)) {
      if (in == null) {
        throw new IllegalStateException("the sample data " + DATA + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> l.startsWith("2015-"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
