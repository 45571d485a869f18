package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.registry.LinkedReport;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReportReaderProperties {
  @Property(tries = 500)
  @Label("any bytes give a report or a stated problem, never an exception")
  void anyBytes(@ForAll byte[] bytes) {
    LinkedReport r = ReportReader.parse(ArtifactRef.of("eval", 1), bytes);
    assertThat(r.problem() != null || r.verdict() != null).isTrue();
  }

  @Property(tries = 500)
  @Label("JSON-ish text built from contract fragments never throws")
  void jsonish(@ForAll("fragments") String text) {
    LinkedReport r =
        ReportReader.parse(ArtifactRef.of("eval", 1), text.getBytes(StandardCharsets.UTF_8));
    assertThat(r).isNotNull();
  }

  @Provide
  Arbitrary<String> fragments() {
    return Arbitraries.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"format_version\"",
            "\"kind\"",
            "\"verdict\"",
            "\"subject\"",
            "\"model\"",
            "\"version\"",
            "1",
            "-1",
            "1e999",
            "\"PASS\"",
            "\"x\"",
            "null",
            "true",
            "\"\\u0000\"",
            "\"\\ud800\"")
        .list()
        .ofMaxSize(40)
        .map(l -> String.join("", l));
  }
}
