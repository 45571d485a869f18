package dev.mlops.monitoring.alert;

import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertDeliveryException;
import dev.mlops.spi.AlertSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * An alert sink that POSTs every alert as JSON ({@link AlertJson}, {@code Content-Type:
 * application/json}) to one http or https endpoint, with the JDK's {@link HttpClient}.
 *
 * <p>Thread-safe; one instance serves concurrent sends. Only an endpoint whose host is on the
 * allow-list given to the builder is accepted, checked when the sink is built, and redirects are
 * never followed, so alerts (which name models and carry labels) cannot be sent anywhere else. A
 * send returns when the receiver answered 2xx; any other status, a connection failure or a response
 * slower than the timeout throws {@link AlertDeliveryException}. {@link #close()} stops the
 * client's threads; a send after it throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * AlertSink hook = WebhookAlertSink.builder(URI.create("https://hooks.example.com/ml-alerts"))
 *     .allowHost("hooks.example.com")
 *     .header("Authorization", "Bearer " + token)
 *     .timeout(Duration.ofSeconds(3))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class WebhookAlertSink implements AlertSink {
  /** The request timeout when {@link Builder#timeout} is not called. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final URI endpoint;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final ExecutorService executor;
  private final HttpClient client;
  private volatile boolean closed;

  private WebhookAlertSink(Builder b, URI endpoint) {
    this.endpoint = endpoint;
    this.name = b.name != null ? b.name : "webhook:" + endpoint.getHost();
    this.timeout = b.timeout != null ? b.timeout : DEFAULT_TIMEOUT;
    this.headers = Map.copyOf(b.headers);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mlops-alert-webhook");
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(this.timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  /**
   * Starts a webhook sink.
   *
   * @param endpoint the http or https URL to POST to
   * @return a builder
   * @throws NullPointerException if {@code endpoint} is null
   */
  public static Builder builder(URI endpoint) {
    return new Builder(Objects.requireNonNull(endpoint, "endpoint"));
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the endpoint.
   *
   * @return the URL alerts are posted to
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * POSTs the alert and waits for a 2xx answer.
   *
   * @param alert the alert
   * @throws AlertDeliveryException if the receiver answers another status, cannot be reached, or
   *     does not answer within the timeout; also if the calling thread is interrupted (its
   *     interrupt status is kept)
   * @throws IllegalStateException if the sink is closed
   */
  @Override
  public void send(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    if (closed) {
      throw new IllegalStateException("alert sink '" + name + "' is closed");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(AlertJson.write(alert)));
    headers.forEach(request::header);
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw new AlertDeliveryException(
          name, "POST " + endpoint + " got no answer within " + timeout, e);
    } catch (IOException e) {
      throw new AlertDeliveryException(name, "POST " + endpoint + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlertDeliveryException(name, "interrupted while posting to " + endpoint, e);
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw new AlertDeliveryException(
          name, "POST " + endpoint + " answered HTTP " + status + " for " + alert.dedupKey(), null);
    }
  }

  /** Stops the HTTP client's threads. Idempotent; sends after it throw. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }

  /**
   * Configures a {@link WebhookAlertSink}.
   *
   * <p>Not thread-safe. {@link #allowHost} and {@link #header} may be called any number of times;
   * every other option once, a second call throws {@link IllegalStateException}. There is no
   * default allow-list: the endpoint's host must be allowed explicitly. Defaults: timeout 5 seconds
   * (connect and response), no extra headers, name {@code webhook:<host>}.
   *
   * <pre>{@code
   * WebhookAlertSink local = WebhookAlertSink.builder(URI.create("http://127.0.0.1:8080/alerts"))
   *     .allowHost("127.0.0.1").build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private static final Set<String> RESTRICTED_HEADERS =
        Set.of("connection", "content-length", "expect", "host", "upgrade", "content-type");

    private final URI endpoint;
    private final Set<String> allowedHosts = new TreeSet<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable Duration timeout;
    private @Nullable String name;

    private Builder(URI endpoint) {
      this.endpoint = endpoint;
    }

    /**
     * Allows a host (a DNS name or an IP literal, compared case-insensitively and exactly: no
     * wildcards, no subdomains).
     *
     * @param host the host
     * @return this builder
     * @throws IllegalArgumentException if the host is blank or contains {@code /}, {@code :} (other
     *     than in an IPv6 literal in brackets) or {@code *}
     */
    public Builder allowHost(String host) {
      Objects.requireNonNull(host, "host");
      String h = host.trim().toLowerCase(Locale.ROOT);
      boolean ipv6 = h.startsWith("[") && h.endsWith("]");
      if (h.isEmpty() || h.contains("/") || h.contains("*") || (!ipv6 && h.contains(":"))) {
        throw new IllegalArgumentException(
            "an allowed host is a DNS name or IP literal without scheme, port, path or wildcard,"
                + " but was '"
                + host
                + "'");
      }
      allowedHosts.add(h);
      return this;
    }

    /**
     * Adds a request header, e.g. an authorization token.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the header is one the sink or HTTP sets itself ({@code
     *     Content-Type}, {@code Host}, {@code Content-Length}, ...)
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isBlank() || RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header '" + name + "' cannot be set on a webhook sink");
      }
      headers.put(name, value);
      return this;
    }

    /**
     * Sets the connect and response timeout of one POST. Default: 5 seconds.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if set before
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
      }
      if (this.timeout != null) {
        throw new IllegalStateException("timeout was already set; set each option once");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the sink's name (in logs and delivery counts). Default: {@code webhook:<host>}.
     *
     * @param name not blank
     * @return this builder
     * @throws IllegalArgumentException if blank
     * @throws IllegalStateException if set before
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a sink name must not be blank");
      }
      if (this.name != null) {
        throw new IllegalStateException("name was already set; set each option once");
      }
      this.name = name;
      return this;
    }

    /**
     * Builds the sink.
     *
     * @return the sink
     * @throws IllegalArgumentException if the endpoint is not an absolute http or https URL with a
     *     host, carries user info, or its host is not on the allow-list (the message names the host
     *     and the list)
     */
    public WebhookAlertSink build() {
      String scheme = endpoint.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw new IllegalArgumentException(
            "a webhook endpoint is an http or https URL, but was " + endpoint);
      }
      String host = endpoint.getHost();
      if (host == null || host.isEmpty()) {
        throw new IllegalArgumentException("webhook endpoint " + endpoint + " has no host");
      }
      if (endpoint.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "webhook endpoint "
                + endpoint.getHost()
                + " carries user info; pass credentials with header(..), not in the URL");
      }
      String h = host.toLowerCase(Locale.ROOT);
      if (!allowedHosts.contains(h)) {
        throw new IllegalArgumentException(
            "webhook host '"
                + host
                + "' is not on the allow-list "
                + allowedHosts
                + "; add it with allowHost(\""
                + host
                + "\") if alerts may go there");
      }
      return new WebhookAlertSink(this, endpoint);
    }
  }
}
