package dev.mlops.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.mlops.api.monitor.Alert;
import dev.mlops.monitoring.alert.AlertJson;
import dev.mlops.monitoring.alert.AlertSinks;
import dev.mlops.monitoring.alert.WebhookAlertSink;
import dev.mlops.spi.AlertSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("the built-in alert sinks keep the AlertSink contract")
class BuiltInAlertSinksCompatibilityTest {

  @Nested
  @DisplayName("callback")
  class Callback extends AlertSinkCompatibilityKit {
    @Override
    protected AlertSink newSink(Consumer<Alert> receiver) {
      return AlertSinks.callback(receiver);
    }
  }

  @Nested
  @DisplayName("webhook, against a local HTTP server")
  class Webhook extends AlertSinkCompatibilityKit {
    private HttpServer server;
    private ExecutorService executor;

    @Override
    protected AlertSink newSink(Consumer<Alert> receiver) {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      executor = Executors.newFixedThreadPool(8);
      server.setExecutor(executor);
      server.createContext(
          "/alerts",
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            receiver.accept(AlertJson.read(body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
      return WebhookAlertSink.builder(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts"))
          .allowHost("127.0.0.1")
          .build();
    }

    @AfterEach
    void stopServer() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  @Nested
  @DisplayName("RecordingAlertSink, forwarding what it records")
  class Recording extends AlertSinkCompatibilityKit {
    @Override
    protected AlertSink newSink(Consumer<Alert> receiver) {
      RecordingAlertSink recording = RecordingAlertSink.create();
      // The kit's receiver sees what the recording sink recorded, through a composite.
      return AlertSink.composite(recording, AlertSinks.callback(receiver));
    }
  }
}
