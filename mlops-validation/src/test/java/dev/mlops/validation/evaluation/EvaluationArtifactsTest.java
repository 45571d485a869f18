package dev.mlops.validation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.validation.MapArtifactRepository;
import java.io.InputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a stored evaluation report")
class EvaluationArtifactsTest {

  @Test
  @DisplayName("is a report artifact whose JSON has the contract's keys, linked to its subject")
  void contract() throws Exception {
    MapArtifactRepository repo = new MapArtifactRepository();
    EvaluationReport report =
        EvaluationJsonTest.handMade()
            .gate(Gate.parse("accuracy>=0.5"))
            .subject("churn", 7)
            .build()
            .run();
    ArtifactVersion v = EvaluationArtifacts.store(repo, "churn-evaluation", report);
    assertThat(v.kind()).isEqualTo("report");
    assertThat(v.mediaType()).isEqualTo("application/vnd.mlops.report+json");
    assertThat(v.properties())
        .containsEntry("verdict", "INCONCLUSIVE")
        .containsEntry("report_kind", "model_metrics")
        .containsEntry("subject_model", "churn")
        .containsEntry("subject_version", "7");
    assertThat(repo.linked("churn", 7)).containsExactly(v.ref());
    JsonNode doc;
    try (InputStream in = repo.open("churn-evaluation", v.version())) {
      doc = new ObjectMapper().readTree(in);
    }
    // exactly what a registry guard reads (core's ReportReader)
    assertThat(doc.get("format_version").isIntegralNumber()).isTrue();
    assertThat(doc.get("format_version").asInt()).isEqualTo(1);
    assertThat(doc.get("kind").asText()).isEqualTo("model_metrics");
    assertThat(doc.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(doc.get("subject").get("model").asText()).isEqualTo("churn");
    assertThat(doc.get("subject").get("version").isIntegralNumber()).isTrue();
    assertThat(doc.get("subject").get("version").asLong()).isEqualTo(7);
    assertThat(doc.get("classification").get("overall").get("n").asInt()).isEqualTo(6);
  }

  @Test
  @DisplayName("without a gate or a subject is refused, and nothing is written")
  void refused() {
    MapArtifactRepository repo = new MapArtifactRepository();
    EvaluationReport noGate = EvaluationJsonTest.handMade().subject("churn", 7).build().run();
    assertThatThrownBy(() -> EvaluationArtifacts.store(repo, "e", noGate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no verdict because no gate was given");
    EvaluationReport noSubject =
        EvaluationJsonTest.handMade().gate(Gate.parse("f1>=0.5")).build().run();
    assertThatThrownBy(() -> EvaluationArtifacts.store(repo, "e", noSubject))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no subject");
    assertThat(repo.versions("e")).isEmpty();
    assertThat(repo.linked("churn", 7)).isEmpty();
  }
}
