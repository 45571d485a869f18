package dev.mlops.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertDeliveryException;
import dev.mlops.api.monitor.AlertState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("WebhookAlertSink")
class WebhookAlertSinkTest {
  private HttpServer server;
  private final BlockingQueue<Alert> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> contentTypes = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
  private final AtomicInteger status = new AtomicInteger(204);
  private final AtomicInteger elsewhere = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hang;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/alerts", this::handle);
    server.createContext(
        "/elsewhere",
        ex -> {
          elsewhere.incrementAndGet();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (hang) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    received.add(AlertJson.read(body));
    contentTypes.add(String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
    tokens.add(String.valueOf(ex.getRequestHeaders().getFirst("X-Token")));
    int s = status.get();
    if (s / 100 == 3) {
      ex.getResponseHeaders().add("Location", endpoint("/elsewhere").toString());
    }
    ex.sendResponseHeaders(s, -1);
    ex.close();
  }

  private URI endpoint(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private WebhookAlertSink sink() {
    return sink(Duration.ofSeconds(10));
  }

  private WebhookAlertSink sink(Duration timeout) {
    return WebhookAlertSink.builder(endpoint("/alerts"))
        .allowHost("127.0.0.1")
        .header("X-Token", "secret")
        .timeout(timeout)
        .build();
  }

  @Nested
  @DisplayName("delivery")
  class Delivery {
    @Test
    @DisplayName("POSTs the alert as JSON with the configured headers, every field intact")
    void posts() throws InterruptedException {
      try (WebhookAlertSink s = sink()) {
        Alert a = Alerts.threshold(AlertState.FIRING);
        s.send(a);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(a);
        assertThat(contentTypes.poll()).isEqualTo("application/json");
        assertThat(tokens.poll()).isEqualTo("secret");
        assertThat(s.name()).isEqualTo("webhook:127.0.0.1");
      }
    }

    @Test
    @DisplayName("a non-2xx answer throws AlertDeliveryException naming the status")
    void non2xx() {
      status.set(500);
      try (WebhookAlertSink s = sink()) {
        assertThatThrownBy(() -> s.send(Alerts.verdict(AlertState.FIRING)))
            .isInstanceOf(AlertDeliveryException.class)
            .hasMessageContaining("HTTP 500");
      }
    }

    @Test
    @DisplayName("a redirect is not followed (it could leave the allow-list)")
    void noRedirect() {
      status.set(307);
      try (WebhookAlertSink s = sink()) {
        assertThatThrownBy(() -> s.send(Alerts.verdict(AlertState.FIRING)))
            .isInstanceOf(AlertDeliveryException.class)
            .hasMessageContaining("HTTP 307");
      }
      assertThat(elsewhere).hasValue(0);
    }

    @Test
    @DisplayName("a receiver slower than the timeout throws AlertDeliveryException")
    void timeout() {
      hang = true;
      try (WebhookAlertSink s = sink(Duration.ofMillis(300))) {
        assertThatThrownBy(() -> s.send(Alerts.verdict(AlertState.FIRING)))
            .isInstanceOf(AlertDeliveryException.class)
            .hasMessageContaining("within");
      }
    }

    @Test
    @DisplayName("an unreachable receiver throws AlertDeliveryException")
    void unreachable() {
      URI gone = endpoint("/alerts");
      server.stop(0);
      try (WebhookAlertSink s = WebhookAlertSink.builder(gone).allowHost("127.0.0.1").build()) {
        assertThatThrownBy(() -> s.send(Alerts.verdict(AlertState.FIRING)))
            .isInstanceOf(AlertDeliveryException.class);
      }
    }

    @Test
    @DisplayName("after close a send throws IllegalStateException; close is idempotent")
    void closed() {
      WebhookAlertSink s = sink();
      s.close();
      s.close();
      assertThatThrownBy(() -> s.send(Alerts.verdict(AlertState.FIRING)))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("in an engine, a failing receiver is counted and never reaches evaluate")
    void inEngine() {
      status.set(503);
      try (AlertEngine e =
          AlertEngine.builder().rule(AlertRules.driftFailFor(1)).sink(sink()).build()) {
        assertThat(e.evaluate(Window.drift(0, dev.mlops.api.Verdict.FAIL))).hasSize(1);
        Await.until(
            "the failure is counted",
            () -> e.deliveryStats("webhook:127.0.0.1").orElseThrow().failed() == 1);
      }
    }
  }

  @Nested
  @DisplayName("the allow-list, checked when the sink is built")
  class AllowList {
    @Test
    @DisplayName("refuses a host that is not on it, naming the host and the list")
    void notAllowed() {
      assertThatThrownBy(
              () ->
                  WebhookAlertSink.builder(URI.create("https://evil.example/hook"))
                      .allowHost("hooks.example.com")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("evil.example")
          .hasMessageContaining("[hooks.example.com]");
      assertThatThrownBy(() -> WebhookAlertSink.builder(URI.create("http://127.0.0.1:1/a")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("allow-list []");
    }

    @Test
    @DisplayName("matches hosts exactly and case-insensitively: no subdomains, no name for an IP")
    void exact() {
      assertThat(
              WebhookAlertSink.builder(URI.create("https://Hooks.Example.com/a"))
                  .allowHost("hooks.example.COM")
                  .build()
                  .endpoint())
          .hasHost("Hooks.Example.com");
      assertThatThrownBy(
              () ->
                  WebhookAlertSink.builder(URI.create("https://a.hooks.example.com/a"))
                      .allowHost("hooks.example.com")
                      .build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  WebhookAlertSink.builder(URI.create("http://127.0.0.1/a"))
                      .allowHost("localhost")
                      .build())
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName(
        "refuses other schemes, user info, wildcard or port entries, and headers the sink sets")
    void refuses() {
      assertThatThrownBy(
              () -> WebhookAlertSink.builder(URI.create("ftp://h/a")).allowHost("h").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("http or https");
      assertThatThrownBy(
              () -> WebhookAlertSink.builder(URI.create("https://u:p@h/a")).allowHost("h").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("user info")
          .hasMessageNotContaining("u:p");
      assertThatThrownBy(() -> WebhookAlertSink.builder(URI.create("https://h")).allowHost("*.h"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> WebhookAlertSink.builder(URI.create("https://h")).allowHost("h:443"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> WebhookAlertSink.builder(URI.create("https://h")).header("Host", "other"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  WebhookAlertSink.builder(URI.create("https://h"))
                      .timeout(Duration.ofSeconds(1))
                      .timeout(Duration.ofSeconds(2)))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
