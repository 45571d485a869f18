package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("DataSketches 6.2.0 needs no JVM flags")
class ChildJvmTest {

  @Test
  @DisplayName("a child JVM started as plain 'java -cp' reads, merges and prints a stored profile")
  void childJvmReadsProfile(@TempDir Path dir) throws IOException, InterruptedException {
    Profile p = Profiler.profile(Fixtures.table(5, 20_000, 300));
    Path file = dir.resolve("p.mlpf");
    Files.write(file, ProfileBinaryFormat.encode(p));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            ChildProfileReader.class.getName(),
            file.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // no inherited flags either
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    Process child = pb.start();
    byte[] out = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(text).isZero();
    assertThat(text).isEqualTo(ProfileJson.write(p) + "\n--merged rows 40000\n");
  }
}
