package dev.mlops.validation.schema;

import dev.mlops.api.table.ColumnType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.PatternSyntaxException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What one column of a table must look like: its type and, each optional and each with its own
 * {@link Severity}, the maximum share of missing values, a numeric range, the allowed categories, a
 * regular expression, uniqueness; and the training-serving skew threshold of the feature.
 *
 * <p>Immutable and thread-safe. Missing values are null rows, and NaN in numeric columns. Range
 * applies to numeric columns only; categories and pattern to categorical columns only; uniqueness
 * to every type.
 *
 * <pre>{@code
 * ColumnSpec age = ColumnSpec.builder("age", ColumnType.NUMERIC)
 *     .maxNullFraction(0.01, Severity.WARN)
 *     .range(0.0, 130.0, Severity.FAIL)
 *     .build();
 * ColumnSpec wider = age.toBuilder().range(0.0, 150.0, Severity.FAIL).build();
 * }</pre>
 *
 * @param name the column name
 * @param type the column type
 * @param typeSeverity the severity of a missing column or a type mismatch
 * @param nulls the missing-value constraint, or null for none
 * @param range the numeric range, or null for none
 * @param categories the allowed categories, or null for none
 * @param pattern the regular expression every present value must match entirely, or null
 * @param unique the uniqueness constraint, or null for none
 * @param skewThreshold the training-serving skew threshold on the drift effect size (Wasserstein
 *     over reference std, or Jensen-Shannon distance), or null for the policy default
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ColumnSpec(
    String name,
    ColumnType type,
    Severity typeSeverity,
    @Nullable Nulls nulls,
    @Nullable Range range,
    @Nullable Categories categories,
    @Nullable Pattern pattern,
    @Nullable Unique unique,
    @Nullable Double skewThreshold) {

  /**
   * Creates a column spec.
   *
   * @throws NullPointerException if {@code name}, {@code type} or {@code typeSeverity} is null
   * @throws IllegalArgumentException if the name is blank, a range is set on a non-numeric column,
   *     categories or a pattern on a non-categorical one, or the skew threshold is not a positive
   *     number
   */
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(typeSeverity, "typeSeverity");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a column name is not blank");
    }
    if (range != null && type != ColumnType.NUMERIC) {
      throw new IllegalArgumentException(
          "column " + name + ": a range applies to NUMERIC columns, not " + type);
    }
    if (categories != null && type != ColumnType.CATEGORICAL) {
      throw new IllegalArgumentException(
          "column " + name + ": allowed categories apply to CATEGORICAL columns, not " + type);
    }
    if (pattern != null && type != ColumnType.CATEGORICAL) {
      throw new IllegalArgumentException(
          "column " + name + ": a pattern applies to CATEGORICAL columns, not " + type);
    }
    if (skewThreshold != null && !(skewThreshold > 0 && skewThreshold < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "column " + name + ": a skew threshold is a positive number, but was " + skewThreshold);
    }
  }

  /**
   * At most {@code maxFraction} of the rows may be missing; 0 means the column is not nullable.
   *
   * @param maxFraction the maximum missing share, in [0, 1]
   * @param severity the severity
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Nulls(double maxFraction, Severity severity) {
    /**
     * Creates the constraint.
     *
     * @throws IllegalArgumentException if {@code maxFraction} is not in [0, 1]
     * @throws NullPointerException if {@code severity} is null
     */
    public Nulls {
      if (!(maxFraction >= 0 && maxFraction <= 1)) {
        throw new IllegalArgumentException(
            "a maximum null fraction lies in [0, 1], but was " + maxFraction);
      }
      Objects.requireNonNull(severity, "severity");
    }
  }

  /**
   * Every present value lies in [min, max]; a null bound is open.
   *
   * @param min the smallest allowed value, or null
   * @param max the greatest allowed value, or null
   * @param severity the severity
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Range(@Nullable Double min, @Nullable Double max, Severity severity) {
    /**
     * Creates the constraint.
     *
     * @throws IllegalArgumentException if a bound is not finite, both are null, or min &gt; max
     * @throws NullPointerException if {@code severity} is null
     */
    public Range {
      Objects.requireNonNull(severity, "severity");
      if (min == null && max == null) {
        throw new IllegalArgumentException("a range needs at least one bound");
      }
      if ((min != null && !Double.isFinite(min)) || (max != null && !Double.isFinite(max))) {
        throw new IllegalArgumentException(
            "a range bound is finite; use null for an open side, but got " + min + ", " + max);
      }
      if (min != null && max != null && min > max) {
        throw new IllegalArgumentException(
            "a range needs min <= max, but was " + min + " > " + max);
      }
    }

    /**
     * Returns whether a value lies in the range.
     *
     * @param v the value, not NaN
     * @return true if min &lt;= v &lt;= max
     */
    public boolean contains(double v) {
      return (min == null || v >= min) && (max == null || v <= max);
    }

    /**
     * Returns the range as text: {@code [min, max]}, an open side written {@code -inf} or {@code
     * inf}.
     *
     * @return the text
     */
    public String describe() {
      return "["
          + (min == null ? "-inf" : Numbers.format(min))
          + ", "
          + (max == null ? "inf" : Numbers.format(max))
          + "]";
    }
  }

  /**
   * Every present value is one of the allowed categories.
   *
   * @param allowed the allowed categories, sorted and distinct
   * @param severity the severity
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Categories(List<String> allowed, Severity severity) {
    /**
     * Creates the constraint; the categories are sorted and deduplicated.
     *
     * @throws NullPointerException if an argument or a category is null
     */
    public Categories {
      allowed = List.copyOf(new TreeSet<>(List.copyOf(allowed)));
      Objects.requireNonNull(severity, "severity");
    }
  }

  /**
   * Every present value matches a regular expression entirely ({@link
   * java.util.regex.Matcher#matches()}).
   *
   * @param regex the expression, {@link java.util.regex.Pattern} syntax
   * @param severity the severity
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Pattern(String regex, Severity severity) {
    /**
     * Creates the constraint.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the expression does not compile
     */
    public Pattern {
      Objects.requireNonNull(regex, "regex");
      Objects.requireNonNull(severity, "severity");
      try {
        java.util.regex.Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("regex does not compile: " + e.getMessage(), e);
      }
    }
  }

  /**
   * No present value occurs twice.
   *
   * @param severity the severity
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Unique(Severity severity) {
    /**
     * Creates the constraint.
     *
     * @throws NullPointerException if {@code severity} is null
     */
    public Unique {
      Objects.requireNonNull(severity, "severity");
    }
  }

  /**
   * Starts a spec with the type only (type severity FAIL).
   *
   * @param name the column name
   * @param type the column type
   * @return a builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(String name, ColumnType type) {
    return new Builder(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"));
  }

  /**
   * Returns a builder holding this spec, to edit it.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(name, type);
    b.typeSeverity = typeSeverity;
    b.nulls = nulls;
    b.range = range;
    b.categories = categories;
    b.pattern = pattern;
    b.unique = unique;
    b.skewThreshold = skewThreshold;
    return b;
  }

  /**
   * Builds a {@link ColumnSpec}.
   *
   * <p>Not thread-safe.
   *
   * <pre>{@code
   * ColumnSpec s = ColumnSpec.builder("id", ColumnType.CATEGORICAL).unique(Severity.FAIL).build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String name;
    private ColumnType type;
    private Severity typeSeverity = Severity.FAIL;
    private @Nullable Nulls nulls;
    private @Nullable Range range;
    private @Nullable Categories categories;
    private @Nullable Pattern pattern;
    private @Nullable Unique unique;
    private @Nullable Double skewThreshold;

    private Builder(String name, ColumnType type) {
      this.name = name;
      this.type = type;
    }

    /**
     * Sets the type and the severity of a mismatch.
     *
     * @param value the type
     * @param severity the severity of a missing column or a type mismatch
     * @return this
     * @throws NullPointerException if an argument is null
     */
    public Builder type(ColumnType value, Severity severity) {
      this.type = Objects.requireNonNull(value, "value");
      this.typeSeverity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /**
     * Sets the maximum missing share.
     *
     * @param maxFraction in [0, 1]; 0 means not nullable
     * @param severity the severity
     * @return this
     * @throws IllegalArgumentException if {@code maxFraction} is not in [0, 1]
     */
    public Builder maxNullFraction(double maxFraction, Severity severity) {
      this.nulls = new Nulls(maxFraction, severity);
      return this;
    }

    /**
     * Sets the numeric range.
     *
     * @param min the smallest allowed value, or null
     * @param max the greatest allowed value, or null
     * @param severity the severity
     * @return this
     * @throws IllegalArgumentException as {@link Range}
     */
    public Builder range(@Nullable Double min, @Nullable Double max, Severity severity) {
      this.range = new Range(min, max, severity);
      return this;
    }

    /**
     * Sets the allowed categories.
     *
     * @param allowed the categories
     * @param severity the severity
     * @return this
     */
    public Builder categories(Collection<String> allowed, Severity severity) {
      this.categories = new Categories(new ArrayList<>(allowed), severity);
      return this;
    }

    /**
     * Sets the regular expression.
     *
     * @param regex the expression
     * @param severity the severity
     * @return this
     * @throws IllegalArgumentException if it does not compile
     */
    public Builder pattern(String regex, Severity severity) {
      this.pattern = new Pattern(regex, severity);
      return this;
    }

    /**
     * Requires distinct present values.
     *
     * @param severity the severity
     * @return this
     */
    public Builder unique(Severity severity) {
      this.unique = new Unique(severity);
      return this;
    }

    /**
     * Sets the training-serving skew threshold.
     *
     * @param threshold a positive effect-size threshold, or null for the policy default
     * @return this
     */
    public Builder skewThreshold(@Nullable Double threshold) {
      this.skewThreshold = threshold;
      return this;
    }

    /**
     * Removes the missing-value constraint.
     *
     * @return this
     */
    public Builder noNullConstraint() {
      this.nulls = null;
      return this;
    }

    /**
     * Removes the range.
     *
     * @return this
     */
    public Builder noRange() {
      this.range = null;
      return this;
    }

    /**
     * Removes the allowed categories.
     *
     * @return this
     */
    public Builder noCategories() {
      this.categories = null;
      return this;
    }

    /**
     * Removes the pattern.
     *
     * @return this
     */
    public Builder noPattern() {
      this.pattern = null;
      return this;
    }

    /**
     * Removes the uniqueness constraint.
     *
     * @return this
     */
    public Builder notUnique() {
      this.unique = null;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws IllegalArgumentException if a constraint does not fit the type
     */
    public ColumnSpec build() {
      return new ColumnSpec(
          name, type, typeSeverity, nulls, range, categories, pattern, unique, skewThreshold);
    }
  }
}
