package dev.mlops.testkit;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.core.Mlops;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link AuditLogConcurrencyTest}: {@code <dir> <child> <threads> <puts>} opens
 * the embedded store, prints {@code ready}, waits for {@code go} on stdin, then puts {@code puts}
 * artifact versions from each of {@code threads} threads (each put appends one audit event) and
 * prints one flushed line per put that returned: {@code ack artifact:<name>:<version>}; at the end
 * {@code done}. Any exception prints {@code error ...} and exits with status 1.
 */
public final class AuditWorkload {
  static final List<String> NAMES = List.of("audit-a", "audit-b", "audit-c");

  private static final PrintStream OUT =
      new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
  private static final Object OUT_LOCK = new Object();

  private AuditWorkload() {}

  public static void main(String[] args) {
    try {
      run(
          Path.of(args[0]),
          Integer.parseInt(args[1]),
          Integer.parseInt(args[2]),
          Integer.parseInt(args[3]));
    } catch (Throwable t) {
      fail(t);
    }
  }

  private static void run(Path dir, int child, int threads, int puts) throws Exception {
    Mlops mlops = Mlops.open(dir);
    print("ready");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String go = in.readLine();
    if (!"go".equals(go)) {
      throw new IllegalStateException("expected 'go' on stdin, got " + go);
    }
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread w =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < puts; i++) {
                    String name = NAMES.get((thread + i) % NAMES.size());
                    byte[] bytes =
                        ("c" + child + "-t" + thread + "-p" + i).getBytes(StandardCharsets.UTF_8);
                    ArtifactVersion v =
                        mlops
                            .artifacts()
                            .put(
                                name,
                                "dataset",
                                "text/plain",
                                new ByteArrayInputStream(bytes),
                                Map.of());
                    print("ack artifact:" + v.name() + ":" + v.version());
                  }
                } catch (Throwable e) {
                  fail(e);
                }
              },
              "audit-writer-" + t);
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    mlops.close();
    print("done");
  }

  private static void print(String line) {
    synchronized (OUT_LOCK) {
      OUT.println(line);
      OUT.flush();
    }
  }

  private static void fail(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    print("error " + t.toString().replace('\n', ' '));
    System.err.println(trace);
    System.err.flush();
    Runtime.getRuntime().halt(1);
  }
}
