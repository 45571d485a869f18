package dev.mlops.samples;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.core.FsckReport;
import dev.mlops.core.Mlops;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The README's main job: the whole loop on the embedded default store. For now it opens a store in
 * a directory, versions the real data set shipped with the samples, reads it back verified, and
 * prints what it stored and where; later issues grow it into training, validation, registry and
 * monitoring.
 *
 * <p>Run it with {@code ./mvnw -q -B -DskipTests package exec:java -pl samples -am}; the store
 * directory is the first argument (default {@code target/mlops-sample}).
 */
public final class EndToEnd {
  private static final String DATASET = "seattle-weather.csv";

  private EndToEnd() {}

  /**
   * Runs the sample.
   *
   * @param args the store directory, optional
   */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/mlops-sample").toAbsolutePath();
    System.out.println("mlops sample: embedded store in " + dir);

    try (Mlops mlops = Mlops.open(dir);
        InputStream data = EndToEnd.class.getResourceAsStream("data/" + DATASET)) {
      if (data == null) {
        throw new IllegalStateException("the sample data " + DATASET + " is missing from the jar");
      }
      ArtifactVersion stored =
          mlops
              .artifacts()
              .put(
                  "seattle-weather",
                  ArtifactVersion.KIND_DATASET,
                  "text/csv",
                  data,
                  Map.of(
                      "origin", "NOAA NCDC daily records via vega-datasets 3.2.1",
                      "licence", "U.S. Government work (public domain)"));
      System.out.printf(
          "stored   %s  kind=%s  %,d bytes  %s%n",
          stored.ref(), stored.kind(), stored.size(), stored.digest());

      String csv;
      try (InputStream in = mlops.artifacts().open(stored.name(), stored.version())) {
        csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String[] lines = csv.split("\n");
      System.out.printf(
          "read     %s back, digest verified: %d rows, columns %s%n",
          stored.ref(), lines.length - 1, lines[0]);

      System.out.println("versions of " + stored.name() + ":");
      for (ArtifactVersion v : mlops.artifacts().versions(stored.name())) {
        System.out.printf(
            "  v%-3d %s  %s  created %s%n", v.version(), v.digest(), v.mediaType(), v.createdAt());
      }
      System.out.println(
          "identical bytes are stored once: "
              + countBlobs(dir.resolve("blobs"))
              + " blob file(s) under "
              + dir.resolve("blobs"));

      FsckReport fsck = mlops.fsck();
      System.out.println("fsck: " + (fsck.isClean() ? "clean" : "PROBLEMS") + " - " + fsck);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long countBlobs(Path blobs) throws IOException {
    try (var files = Files.walk(blobs)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().length() == 64)
          .count();
    }
  }
}
