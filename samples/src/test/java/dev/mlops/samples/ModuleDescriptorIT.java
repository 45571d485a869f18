package dev.mlops.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code jar --describe-module} on every packaged library jar (STYLE.md rule 4): {@code
 * mlops-api} is a real named module exporting api and spi; every other jar has a stable automatic
 * module name. Runs after {@code package} (Failsafe), from the {@code samples} module directory.
 */
@DisplayName("Every jar has a stable module name")
class ModuleDescriptorIT {

  static Stream<Arguments> jars() {
    return Stream.of(
        Arguments.of("mlops-api", "dev.mlops.api", false),
        Arguments.of("mlops-io", "dev.mlops.io", true),
        Arguments.of("mlops-core", "dev.mlops.core", true),
        Arguments.of("mlops-validation", "dev.mlops.validation", true),
        Arguments.of("mlops-monitoring", "dev.mlops.monitoring", true),
        Arguments.of("mlops-testkit", "dev.mlops.testkit", true));
  }

  @ParameterizedTest(name = "{0} describes itself as {1}")
  @MethodSource("jars")
  void describesModule(String artifact, String moduleName, boolean automatic) throws Exception {
    Path jar = findJar(artifact);
    String out = describe(jar);

    if (automatic) {
      assertThat(out)
          .containsPattern("(?m)^" + moduleName.replace(".", "\\.") + "@\\S+ automatic$");
    } else {
      assertThat(out)
          .startsWith(moduleName + "@")
          .doesNotContain("No module descriptor")
          .doesNotContain("automatic")
          .contains("exports dev.mlops.api")
          .contains("exports dev.mlops.spi")
          .contains("uses dev.mlops.spi.StorageProvider")
          .doesNotContain("internal");
    }
  }

  private static Path findJar(String artifact) throws Exception {
    Path target = Path.of("..", artifact, "target").toAbsolutePath().normalize();
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches(artifact + "-[0-9].*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-sources.jar"))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("no packaged jar of " + artifact + " in " + target));
    }
  }

  private static String describe(Path jar) {
    ToolProvider tool =
        ToolProvider.findFirst("jar")
            .orElseThrow(() -> new AssertionError("the jar tool is missing: run on a JDK"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        tool.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "--describe-module",
            "--file",
            jar.toString());
    assertThat(code).as("jar --describe-module %s: %s", jar, err).isZero();
    return out.toString().trim();
  }
}
