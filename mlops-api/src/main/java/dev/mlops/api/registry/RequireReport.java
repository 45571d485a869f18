package dev.mlops.api.registry;

import dev.mlops.api.Names;
import dev.mlops.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A guard that requires a report of one kind, linked to the model version, about that very version
 * (its {@code subject}), with a verdict of at least a minimum: {@link Verdict#PASS} accepts PASS;
 * {@link Verdict#WARN} accepts PASS and WARN. INCONCLUSIVE is accepted only after {@link
 * #allowInconclusive()}; FAIL never. Reports that cannot be read in the report contract (wrong
 * artifact kind or media type, malformed JSON, missing keys, a newer format) never satisfy it. One
 * satisfying report is enough.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * registry.guard("churn", Stage.PRODUCTION, RequireReport.of("evaluation", Verdict.WARN));
 * registry.guardAlias("churn", "champion",
 *     RequireReport.of("data-drift", Verdict.PASS).allowInconclusive());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RequireReport implements TransitionGuard {
  private final String kind;
  private final Verdict minimum;
  private final boolean inconclusiveAllowed;

  private RequireReport(String kind, Verdict minimum, boolean inconclusiveAllowed) {
    this.kind = kind;
    this.minimum = minimum;
    this.inconclusiveAllowed = inconclusiveAllowed;
  }

  /**
   * Creates the guard.
   *
   * @param kind the report kind ({@code kind} in the report JSON), a name ({@link Names})
   * @param minimumVerdict {@link Verdict#PASS} or {@link Verdict#WARN}
   * @return the guard; INCONCLUSIVE not accepted
   * @throws dev.mlops.api.InvalidInputException if the kind is not a legal name
   * @throws IllegalArgumentException if the minimum is FAIL or INCONCLUSIVE
   */
  public static RequireReport of(String kind, Verdict minimumVerdict) {
    Names.requireName(kind, "report kind");
    Objects.requireNonNull(minimumVerdict, "minimumVerdict");
    if (minimumVerdict != Verdict.PASS && minimumVerdict != Verdict.WARN) {
      throw new IllegalArgumentException(
          "a report's minimum verdict is PASS or WARN, but got "
              + minimumVerdict
              + "; to accept INCONCLUSIVE, call allowInconclusive()");
    }
    return new RequireReport(kind, minimumVerdict, false);
  }

  /**
   * Returns a guard that also accepts an INCONCLUSIVE verdict (never FAIL).
   *
   * @return the new guard
   */
  public RequireReport allowInconclusive() {
    return new RequireReport(kind, minimum, true);
  }

  /**
   * Returns the required report kind.
   *
   * @return the kind
   */
  public String kind() {
    return kind;
  }

  /**
   * Returns the minimum verdict.
   *
   * @return PASS or WARN
   */
  public Verdict minimum() {
    return minimum;
  }

  /**
   * Returns whether INCONCLUSIVE is accepted.
   *
   * @return true after {@link #allowInconclusive()}
   */
  public boolean inconclusiveAllowed() {
    return inconclusiveAllowed;
  }

  private boolean accepts(Verdict v) {
    return v.isAtLeast(minimum) || (inconclusiveAllowed && v == Verdict.INCONCLUSIVE);
  }

  @Override
  public Optional<String> refuse(GuardContext context) {
    Objects.requireNonNull(context, "context");
    ModelVersion mv = context.version();
    List<String> found = new ArrayList<>();
    for (LinkedReport r : context.reports()) {
      if (r.problem() != null) {
        found.add(r.toString());
        continue;
      }
      if (!kind.equals(r.kind())) {
        found.add(r.toString());
        continue;
      }
      if (!mv.modelName().equals(r.subjectModel()) || mv.version() != r.subjectVersion()) {
        found.add(r + " is about another model version");
        continue;
      }
      if (accepts(Objects.requireNonNull(r.verdict()))) {
        return Optional.empty();
      }
      found.add(r.toString());
    }
    return Optional.of(
        toString()
            + " failed for "
            + mv.modelName()
            + " version "
            + mv.version()
            + " ("
            + context.target()
            + "): "
            + (found.isEmpty() ? "no report is linked to it" : "found " + String.join("; ", found))
            + "; link a report of kind '"
            + kind
            + "' with verdict "
            + required()
            + " to this version");
  }

  private String required() {
    String s = minimum == Verdict.PASS ? "PASS" : "PASS or WARN";
    return inconclusiveAllowed ? s + " or INCONCLUSIVE" : s;
  }

  /** Returns the condition, e.g. {@code RequireReport(evaluation, PASS)}. */
  @Override
  public String toString() {
    return "RequireReport("
        + kind
        + ", "
        + minimum
        + (inconclusiveAllowed ? ", allowInconclusive" : "")
        + ")";
  }
}
