package dev.mlops.core.metadata;

import dev.mlops.spi.MetadataTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link SqliteMultiProcessTest}: opens the store, runs {@code threads}
 * writers for {@code millis} milliseconds, each transaction creating a version of {@code shared}
 * and appending an audit event, with a read in between. Prints {@code ok <transactions>} and exits
 * 0; on any exception prints it and exits 1.
 *
 * <p>Arguments: database file, threads, milliseconds, name of this process.
 */
public final class SqliteWriterProcess {
  private SqliteWriterProcess() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    long millis = Long.parseLong(args[2]);
    String name = args[3];
    int code = 0;
    try (JdbcMetadataStore store = JdbcMetadataStore.sqlite(file)) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String actor = name + "-" + t;
        futures.add(
            pool.submit(
                () -> {
                  int done = 0;
                  while (System.nanoTime() - deadline < 0) {
                    store.inTransaction(
                        tx -> {
                          JdbcTestData.appendAudit(tx, actor);
                          return tx.createArtifactVersion(JdbcTestData.draft("shared"));
                        });
                    store.read(MetadataTransaction::lockAuditHead);
                    done++;
                  }
                  return done;
                }));
      }
      int total = 0;
      for (Future<Integer> f : futures) {
        total += f.get();
      }
      pool.shutdown();
      System.out.println("ok " + total);
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      code = 1;
    }
    System.out.flush();
    System.exit(code);
  }
}
