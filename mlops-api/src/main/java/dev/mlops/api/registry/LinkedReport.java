package dev.mlops.api.registry;

import dev.mlops.api.Names;
import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What a guard sees of one report artifact linked to a model version: only the keys of the report
 * contract ({@code format_version}, {@code kind}, {@code verdict}, {@code subject}), or why the
 * report could not be read in that contract.
 *
 * <p>Immutable and thread-safe. The registry builds these from the stored report JSON; a report
 * whose artifact kind is not {@value #ARTIFACT_KIND}, whose media type is not {@value #MEDIA_TYPE},
 * or whose JSON is malformed or lacks a key carries a {@link #problem()} and no values.
 *
 * <pre>{@code
 * LinkedReport r = LinkedReport.readable(ArtifactRef.of("churn-eval", 1), 1, "evaluation",
 *     Verdict.PASS, "churn", 3);
 * }</pre>
 *
 * @param report the report artifact version
 * @param formatVersion the {@code format_version}, or 0 when unreadable
 * @param kind the report {@code kind}, or null when unreadable
 * @param verdict the {@code verdict}, or null when unreadable
 * @param subjectModel the {@code subject.model}, or null when unreadable
 * @param subjectVersion the {@code subject.version}, or 0 when unreadable
 * @param problem why the report is unreadable, or null when it is readable
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LinkedReport(
    ArtifactRef report,
    int formatVersion,
    @Nullable String kind,
    @Nullable Verdict verdict,
    @Nullable String subjectModel,
    long subjectVersion,
    @Nullable String problem) {

  /** The artifact kind of a report. */
  public static final String ARTIFACT_KIND = "report";

  /** The media type of a report in the contract. */
  public static final String MEDIA_TYPE = "application/vnd.mlops.report+json";

  /** The newest {@code format_version} this library reads. */
  public static final int CURRENT_FORMAT_VERSION = 1;

  /**
   * Checks that a report is either readable (all values, no problem) or not (a problem only).
   *
   * @throws dev.mlops.api.InvalidInputException if the kind or subject model is not storable text
   * @throws IllegalArgumentException if it is neither
   */
  public LinkedReport {
    Objects.requireNonNull(report, "report");
    if (problem == null) {
      Names.requireValue(
          Objects.requireNonNull(kind, "kind"), "report kind", Names.MAX_VALUE_LENGTH);
      Objects.requireNonNull(verdict, "verdict");
      Names.requireValue(
          Objects.requireNonNull(subjectModel, "subjectModel"),
          "report subject model",
          Names.MAX_VALUE_LENGTH);
      if (formatVersion < 1 || subjectVersion < 1) {
        throw new IllegalArgumentException(
            "a readable report has a format version and subject version of at least 1");
      }
    } else if (kind != null || verdict != null || subjectModel != null) {
      throw new IllegalArgumentException("an unreadable report carries only its problem");
    }
  }

  /**
   * Creates a readable report.
   *
   * @param report the report artifact version
   * @param formatVersion the format version
   * @param kind the report kind
   * @param verdict the verdict
   * @param subjectModel the subject's registered model name
   * @param subjectVersion the subject's model version
   * @return the report
   */
  public static LinkedReport readable(
      ArtifactRef report,
      int formatVersion,
      String kind,
      Verdict verdict,
      String subjectModel,
      long subjectVersion) {
    return new LinkedReport(
        report, formatVersion, kind, verdict, subjectModel, subjectVersion, null);
  }

  /**
   * Creates an unreadable report.
   *
   * @param report the report artifact version
   * @param problem why it cannot be read in the contract
   * @return the report
   */
  public static LinkedReport unreadable(ArtifactRef report, String problem) {
    Names.requireValue(problem, "problem", Names.MAX_VALUE_LENGTH);
    return new LinkedReport(report, 0, null, null, null, 0, problem);
  }

  /**
   * Returns why the report cannot be read, if it cannot.
   *
   * @return the problem, or empty for a readable report
   */
  public Optional<String> problemText() {
    return Optional.ofNullable(problem);
  }

  /** Returns a short description for messages: the ref and the contract keys or the problem. */
  @Override
  public String toString() {
    if (problem != null) {
      return report + " (unreadable: " + problem + ")";
    }
    return report
        + " (kind '"
        + kind
        + "', verdict "
        + verdict
        + ", subject "
        + subjectModel
        + " v"
        + subjectVersion
        + ")";
  }
}
