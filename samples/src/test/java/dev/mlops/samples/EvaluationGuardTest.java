package dev.mlops.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ConflictException;
import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.RequireReport;
import dev.mlops.api.registry.Stage;
import dev.mlops.core.Mlops;
import dev.mlops.validation.evaluation.EvaluationArtifacts;
import dev.mlops.validation.evaluation.EvaluationJson;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.Gate;
import dev.mlops.validation.evaluation.ModelEvaluation;
import dev.mlops.validation.metrics.BinaryOutcomes;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a stored evaluation report is read by the registry's guard")
class EvaluationGuardTest {

  /** 200 rows, labels alternating, the first {@code correct} predicted right. */
  static EvaluationReport report(int correct, String gate) {
    int n = 200;
    int[] labels = new int[n];
    int[] predictions = new int[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      predictions[i] = i < correct ? labels[i] : 1 - labels[i];
      scores[i] = predictions[i] == 1 ? 0.8 : 0.2;
    }
    return ModelEvaluation.builder()
        .classification(BinaryOutcomes.of(labels, scores, predictions))
        .gate(Gate.parse(gate))
        .subject("churn", 1)
        .build()
        .run();
  }

  @Test
  @DisplayName("RequireReport(model_metrics, PASS) refuses a FAIL report and accepts a PASS one")
  void guard() {
    try (Mlops mlops = Mlops.inMemory()) {
      ArtifactVersion model =
          mlops
              .artifacts()
              .put(
                  "churn-model",
                  ArtifactVersion.KIND_MODEL,
                  "application/octet-stream",
                  new ByteArrayInputStream(new byte[] {1, 2, 3}),
                  Map.of());
      mlops.registry().registerModel("churn", null);
      mlops.registry().registerVersion("churn", model.ref(), null, null, Map.of());
      mlops
          .registry()
          .guard("churn", Stage.PRODUCTION, RequireReport.of(EvaluationJson.KIND, Verdict.PASS));

      EvaluationReport failing = report(150, "accuracy>=0.9");
      assertThat(failing.verdict()).contains(Verdict.FAIL);
      EvaluationArtifacts.store(mlops.artifacts(), "churn-evaluation", failing);
      List<LinkedReport> linked = mlops.registry().reports("churn", 1);
      assertThat(linked).hasSize(1);
      assertThat(linked.get(0).problem()).isNull();
      assertThat(linked.get(0).kind()).isEqualTo("model_metrics");
      assertThat(linked.get(0).verdict()).isEqualTo(Verdict.FAIL);
      assertThatThrownBy(
              () -> mlops.registry().transition("churn", 1, Stage.PRODUCTION, "evaluated"))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("RequireReport(model_metrics, PASS)")
          .hasMessageContaining("verdict FAIL");

      EvaluationArtifacts.store(
          mlops.artifacts(), "churn-evaluation", report(200, "accuracy>=0.9"));
      assertThat(mlops.registry().transition("churn", 1, Stage.PRODUCTION, "evaluated").stage())
          .isEqualTo(Stage.PRODUCTION);
    }
  }
}
