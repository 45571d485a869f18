package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.registry.GuardContext;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RequireReport;
import dev.mlops.api.registry.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("reading the report contract")
class ReportReaderTest {
  static final ArtifactRef REF = ArtifactRef.of("eval", 1);

  static LinkedReport parse(String json) {
    return ReportReader.parse(REF, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("reads the four contract keys and ignores everything else")
  void readsContract() {
    LinkedReport r =
        parse(
            "{\"extra\": [1, {\"deep\": true}], \"format_version\": 1, \"kind\": \"evaluation\","
                + " \"verdict\": \"WARN\", \"subject\": {\"model\": \"churn\", \"version\": 7,"
                + " \"note\": \"x\"}}");
    assertThat(r).isEqualTo(LinkedReport.readable(REF, 1, "evaluation", Verdict.WARN, "churn", 7));
  }

  static Stream<Arguments> unreadable() {
    String ok =
        "\"kind\": \"e\", \"verdict\": \"PASS\", \"subject\": {\"model\": \"m\", \"version\": 1}";
    return Stream.of(
        Arguments.argumentSet("empty input", "", "not an object"),
        Arguments.argumentSet("an array", "[1]", "not an object"),
        Arguments.argumentSet("truncated", "{\"format_version\": 1,", "malformed JSON"),
        Arguments.argumentSet(
            "trailing content", "{\"format_version\": 1, " + ok + "} {}", "malformed JSON"),
        Arguments.argumentSet(
            "a duplicate key",
            "{\"format_version\": 1, \"verdict\": \"FAIL\", " + ok + "}",
            "malformed JSON"),
        Arguments.argumentSet("no format version", "{" + ok + "}", "format_version"),
        Arguments.argumentSet(
            "a newer format", "{\"format_version\": 2, " + ok + "}", "upgrade mlops"),
        Arguments.argumentSet(
            "a fractional format", "{\"format_version\": 1.5, " + ok + "}", "format_version"),
        Arguments.argumentSet(
            "a lower-case verdict",
            "{\"format_version\": 1, \"kind\": \"e\", \"verdict\": \"pass\","
                + " \"subject\": {\"model\": \"m\", \"version\": 1}}",
            "'verdict' is not one of"),
        Arguments.argumentSet(
            "a subject without version",
            "{\"format_version\": 1, \"kind\": \"e\", \"verdict\": \"PASS\","
                + " \"subject\": {\"model\": \"m\"}}",
            "subject.version"),
        Arguments.argumentSet(
            "a subject as text",
            "{\"format_version\": 1, \"kind\": \"e\", \"verdict\": \"PASS\", \"subject\": \"m:1\"}",
            "'subject'"),
        Arguments.argumentSet(
            "nesting deeper than the limit",
            "{\"format_version\": 1, "
                + ok
                + ", \"x\": "
                + "[".repeat(5_000)
                + "]".repeat(5_000)
                + "}",
            "malformed JSON"),
        Arguments.argumentSet(
            "a NUL in the kind",
            "{\"format_version\": 1, \"kind\": \"e\\u0000\", \"verdict\": \"PASS\","
                + " \"subject\": {\"model\": \"m\", \"version\": 1}}",
            "not storable text"));
  }

  @ParameterizedTest
  @MethodSource("unreadable")
  @DisplayName("anything outside the contract gives an unreadable report saying why, not an error")
  void unreadable(String json, String problem) {
    LinkedReport r = parse(json);
    assertThat(r.problem()).isNotNull().contains(problem);
    assertThat(r.verdict()).isNull();
  }

  @Nested
  @DisplayName("RequireReport")
  class Guard {
    final ModelVersion v3 =
        new ModelVersion(
            "churn", 3, ArtifactRef.of("m", 3), null, null, Map.of(), Stage.NONE, Instant.EPOCH);

    GuardContext with(LinkedReport... reports) {
      return new GuardContext(v3, "stage PRODUCTION", List.of(reports));
    }

    @Test
    @DisplayName("one satisfying report among failing ones is enough")
    void oneIsEnough() {
      var guard = RequireReport.of("evaluation", Verdict.PASS);
      var fail = LinkedReport.readable(REF, 1, "evaluation", Verdict.FAIL, "churn", 3);
      var pass =
          LinkedReport.readable(
              ArtifactRef.of("eval", 2), 1, "evaluation", Verdict.PASS, "churn", 3);
      assertThat(guard.refuse(with(fail, pass))).isEmpty();
      assertThat(guard.refuse(with(fail)))
          .hasValueSatisfying(
              m ->
                  assertThat(m)
                      .contains("RequireReport(evaluation, PASS)")
                      .contains("eval:1 (kind 'evaluation', verdict FAIL, subject churn v3)")
                      .contains("with verdict PASS to this version"));
    }

    @Test
    @DisplayName("allowInconclusive accepts INCONCLUSIVE but never FAIL")
    void inconclusive() {
      var guard = RequireReport.of("evaluation", Verdict.WARN).allowInconclusive();
      assertThat(
              guard.refuse(
                  with(
                      LinkedReport.readable(
                          REF, 1, "evaluation", Verdict.INCONCLUSIVE, "churn", 3))))
          .isEmpty();
      assertThat(
              guard.refuse(
                  with(LinkedReport.readable(REF, 1, "evaluation", Verdict.FAIL, "churn", 3))))
          .isPresent();
      assertThat(guard.toString()).isEqualTo("RequireReport(evaluation, WARN, allowInconclusive)");
    }

    @Test
    @DisplayName("a report about another model with the same version number does not count")
    void otherModel() {
      var guard = RequireReport.of("evaluation", Verdict.PASS);
      assertThat(
              guard.refuse(
                  with(LinkedReport.readable(REF, 1, "evaluation", Verdict.PASS, "fraud", 3))))
          .hasValueSatisfying(m -> assertThat(m).contains("another model version"));
    }
  }
}
