package dev.mlops.samples.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.monitoring.ModelMonitor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scoring service with a {@link ModelMonitor} in its request handlers, on the JDK's {@link
 * HttpServer} at {@code 127.0.0.1} (an ephemeral port). Two endpoints, both POST with a
 * form-encoded body:
 *
 * <ul>
 *   <li>{@code /predict} with {@code precipitation}, {@code temp_max}, {@code temp_min} and {@code
 *       wind}: scores with {@link RainScorer}, records the features, the prediction and the latency
 *       into the monitor, and answers {@code {"id": 7, "rain_probability": 0.148}}; the id is the
 *       monitor's prediction id. A missing or malformed feature answers 400 and is recorded as an
 *       error (its features still count).
 *   <li>{@code /outcome} with {@code id} and {@code rain} (0 or 1): joins the true label to the
 *       prediction ({@link ModelMonitor#recordOutcome}); answers 204.
 * </ul>
 *
 * <p>Thread-safe: requests run on a pool of 4 threads, and the monitor is thread-safe. The server
 * does not own the monitor: close the monitor after the server. Loading this class sets the system
 * property {@code sun.net.httpserver.nodelay} to {@code true} unless it is set (TCP_NODELAY on the
 * JDK server's sockets), which must happen before the JDK's server classes load.
 *
 * <pre>{@code
 * try (ModelMonitor monitor = ScoringServer.monitor(InstantSource.system()).build();
 *     ScoringServer server = ScoringServer.start(monitor)) {
 *   URI predict = server.uri().resolve("/predict");
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class ScoringServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);

  /** The model name the monitor reports. */
  public static final String MODEL = "rain-scorer";

  static {
    // The JDK server leaves Nagle's algorithm on unless told otherwise, and the delayed ACK of the
    // client then costs about 40 ms per response on Linux. Read once, when the server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final ModelMonitor monitor;

  private ScoringServer(HttpServer server, ExecutorService pool, ModelMonitor monitor) {
    this.server = server;
    this.pool = pool;
    this.monitor = monitor;
  }

  /**
   * Returns a monitor builder for the model's features, on a clock; add windows, listeners and
   * label maturity, then build.
   *
   * @param clock the clock the windows run on
   * @return the builder
   */
  public static ModelMonitor.Builder monitor(java.time.InstantSource clock) {
    return ModelMonitor.builder(MODEL, 1)
        .numericFeatures(RainScorer.FEATURES.toArray(new String[0]))
        .clock(clock);
  }

  /**
   * Starts the server on 127.0.0.1 at an ephemeral port.
   *
   * @param monitor the monitor the handlers record into
   * @return the running server
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static ScoringServer start(ModelMonitor monitor) {
    Objects.requireNonNull(monitor, "monitor");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the scoring server to 127.0.0.1", e);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    ScoringServer s = new ScoringServer(server, pool, monitor);
    server.createContext("/predict", s::predict);
    server.createContext("/outcome", s::outcome);
    server.setExecutor(pool);
    server.start();
    return s;
  }

  /**
   * Returns the server's base URI.
   *
   * @return {@code http://127.0.0.1:<port>/}
   */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
  }

  /**
   * Returns the monitor the handlers record into.
   *
   * @return the monitor
   */
  public ModelMonitor monitor() {
    return monitor;
  }

  /** Stops the server at once and its request threads. The monitor stays open. */
  @Override
  public void close() {
    server.stop(0);
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void predict(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    monitor.begin();
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "{\"error\": \"POST a form with the features\"}");
        return;
      }
      Map<String, String> form = form(exchange.getRequestBody());
      double[] features = new double[RainScorer.FEATURES.size()];
      @Nullable String problem = null;
      for (int i = 0; i < features.length; i++) {
        String name = RainScorer.FEATURES.get(i);
        features[i] = number(form.get(name));
        if (Double.isNaN(features[i]) && problem == null) {
          problem = name + " is missing or not a number";
        }
      }
      if (problem != null) {
        monitor.record(features, Double.NaN, System.nanoTime() - start, true);
        respond(exchange, 400, "{\"error\": \"" + problem + "\"}");
        return;
      }
      double p = RainScorer.score(features);
      long id = monitor.record(features, p, System.nanoTime() - start, false);
      respond(
          exchange,
          200,
          String.format(Locale.ROOT, "{\"id\": %d, \"rain_probability\": %.17g}", id, p));
    } catch (RuntimeException e) {
      LOG.warn("the predict handler failed", e);
      monitor.record((double[]) null, Double.NaN, System.nanoTime() - start, true);
      throw e;
    } finally {
      monitor.end();
    }
  }

  private void outcome(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "{\"error\": \"POST a form with id and rain\"}");
        return;
      }
      Map<String, String> form = form(exchange.getRequestBody());
      long id;
      try {
        id = Long.parseLong(form.getOrDefault("id", ""));
      } catch (NumberFormatException e) {
        respond(exchange, 400, "{\"error\": \"id must be the id /predict answered\"}");
        return;
      }
      double label = number(form.get("rain"));
      if (label != 0 && label != 1) {
        respond(exchange, 400, "{\"error\": \"rain must be 0 or 1\"}");
        return;
      }
      monitor.recordOutcome(id, label);
      exchange.sendResponseHeaders(204, -1);
    }
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Parses a form-encoded body of at most 4 KiB. */
  private static Map<String, String> form(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(4096);
    Map<String, String> form = new HashMap<>();
    for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  /** A finite number, or NaN when the text is missing or not one. */
  private static double number(@Nullable String text) {
    if (text == null) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(text.strip());
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
