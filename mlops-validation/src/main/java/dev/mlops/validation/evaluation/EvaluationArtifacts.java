package dev.mlops.validation.evaluation;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Stores an {@link EvaluationReport} in the report contract (DESIGN.md, "Storage"): an artifact of
 * kind {@value #KIND} and media type {@value #MEDIA_TYPE} whose JSON is {@link EvaluationJson}'s,
 * with the top-level {@code format_version}, {@code kind} ({@value EvaluationJson#KIND}), {@code
 * verdict} and {@code subject} that a registry guard reads, linked to the subject's model version
 * so that {@code RequireReport.of(EvaluationJson.KIND, Verdict.PASS)} can require it.
 *
 * <p>Stateless and thread-safe (as thread-safe as the repository).
 *
 * <pre>{@code
 * EvaluationReport report = ModelEvaluation.builder()
 *     .classification(outcomes).gate(Gate.parse("roc_auc>=0.85")).subject("churn", 7)
 *     .build().run();
 * ArtifactVersion stored = EvaluationArtifacts.store(mlops.artifacts(), "churn-evaluation", report);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EvaluationArtifacts {

  /** The artifact kind of a stored report (the report contract's). */
  public static final String KIND = "report";

  /** The media type of a stored report (the report contract's). */
  public static final String MEDIA_TYPE = "application/vnd.mlops.report+json";

  private EvaluationArtifacts() {}

  /**
   * Stores the report as the next version of an artifact and links it to the report's subject. The
   * report must have a verdict (at least one gate) and a subject, which the contract requires;
   * otherwise nothing is written. The version's properties record {@code report_kind}, {@code
   * verdict}, {@code subject_model} and {@code subject_version}.
   *
   * <p>The link is made after the version is stored: if the subject's model version does not exist,
   * {@link ArtifactRepository#link} throws and the stored version stays, unlinked (link it later
   * with {@code repo.link(version.ref(), model, version)}).
   *
   * @param repository the host's repository
   * @param artifactName the artifact name ({@link Names#requireName})
   * @param report the report
   * @return the stored version
   * @throws IllegalArgumentException if the report has no verdict (no gate) or no subject
   * @throws InvalidInputException if the artifact name is illegal; nothing is written
   * @throws dev.mlops.api.NotFoundException if the subject's model version does not exist
   * @throws dev.mlops.api.StorageException if the store cannot be written
   * @throws NullPointerException if an argument is null
   */
  public static ArtifactVersion store(
      ArtifactRepository repository, String artifactName, EvaluationReport report) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(artifactName, "artifactName");
    Objects.requireNonNull(report, "report");
    Names.requireName(artifactName, "artifact name");
    Subject subject =
        report
            .subject()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the report has no subject; a stored report must name its model version:"
                            + " call subject(model, version) on the builder"));
    String verdict =
        report
            .verdict()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the report has no verdict because no gate was given; a stored report"
                            + " needs one: add gate(...) to the builder"))
            .name();
    byte[] json = EvaluationJson.toJson(report).getBytes(StandardCharsets.UTF_8);
    ArtifactVersion v =
        repository.put(
            artifactName,
            KIND,
            MEDIA_TYPE,
            new ByteArrayInputStream(json),
            Map.of(
                "report_kind",
                EvaluationJson.KIND,
                "verdict",
                verdict,
                "subject_model",
                subject.model(),
                "subject_version",
                Long.toString(subject.version())));
    repository.link(v.ref(), subject.model(), subject.version());
    return v;
  }
}
