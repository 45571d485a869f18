package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A condition on runs: the parsed form of a run-search filter, which every backend executes with
 * the same meaning. SQL backends translate it into SQL whose every value is a bound parameter (no
 * text of the query ever becomes SQL text); the in-memory backend evaluates it.
 *
 * <p>Immutable and thread-safe: every implementation is a record that validates itself and copies
 * its lists. The family is sealed: {@link All}, {@link And}, {@link Or}, {@link Not}, {@link
 * Compare}, {@link Like}, {@link In} and {@link IsNull}.
 *
 * <pre>{@code
 * RunFilter f = RunFilter.parse("metrics.accuracy > 0.9 AND params.optimizer = 'adam'");
 * RunFilter same = RunFilter.and(
 *     new RunFilter.Compare(Field.metric("accuracy"), Operator.GT, Literal.of(0.9)),
 *     new RunFilter.Compare(Field.param("optimizer"), Operator.EQ, Literal.of("adam")));
 * f.equals(same);      // true
 * f.toQueryString();   // "metrics.accuracy > 0.9 AND params.optimizer = 'adam'"
 * }</pre>
 *
 * <h2>Meaning (identical on every backend)</h2>
 *
 * <p>A filter is evaluated per run in three-valued (Kleene) logic, exactly as SQL treats NULL:
 *
 * <ul>
 *   <li>A comparison ({@link Compare}, {@link Like}, {@link In}) is UNKNOWN when the run lacks the
 *       key (or the attribute is absent: {@code end_time} of a running run, {@code run_name},
 *       {@code parent_run_id}), when the metric's latest value is NaN, or when a parameter's type
 *       does not fit the value (a number compared with a STRING parameter). Otherwise it is TRUE or
 *       FALSE. So {@code metrics.loss != 1} does not match a run without {@code loss}.
 *   <li>{@link IsNull} is never UNKNOWN: it is TRUE exactly when the key is missing (a metric whose
 *       latest value is NaN is present). It is the only way to test absence.
 *   <li>{@code NOT} maps TRUE to FALSE, FALSE to TRUE and UNKNOWN to UNKNOWN; {@code AND} is FALSE
 *       if any operand is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE; {@code OR} is TRUE if
 *       any operand is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE.
 *   <li>A run matches when the filter is TRUE, never when it is UNKNOWN.
 *   <li>Strings compare exactly (case and every code point). {@code LIKE} is case-sensitive; {@code
 *       ILIKE} ignores the case of the ASCII letters A-Z only, so {@code 'É'} and {@code 'é'}
 *       differ on every backend. In a pattern {@code %} matches any run of characters, {@code _}
 *       exactly one character (one Unicode code point), and {@code \} escapes {@code %}, {@code _}
 *       or {@code \}; any other use of {@code \} is rejected.
 *   <li>Numbers compare as doubles. A parameter compares with a string through its canonical text
 *       whatever its type ({@code params.lr = '0.01'} matches the NUMBER parameter 0.01, whose text
 *       is {@code 0.01}), and with {@code LIKE} the same way; with a number only when it is a
 *       NUMBER parameter; with {@code true}/{@code false} only when it is a BOOLEAN parameter.
 *   <li>{@code x IN (a, b)} means {@code x = a OR x = b}; {@code x NOT IN (..)}, {@code x NOT LIKE
 *       p} and {@code x IS NOT NULL} mean the {@code NOT} of their positive form.
 * </ul>
 *
 * <p>Translating to SQL: Kleene logic is SQL's NULL logic, so a backend maps a missing key, a NaN
 * metric and a parameter of the wrong type to NULL (PostgreSQL would otherwise treat {@code NaN =
 * NaN} as true and NaN as greater than every number). LIKE must be case-sensitive: PostgreSQL's
 * {@code LIKE ... ESCAPE '\'} is; SQLite's LIKE folds ASCII case, so the SQLite backend rewrites
 * the pattern to {@code GLOB} (case-sensitive; GLOB's own metacharacters bracketed) and needs no
 * connection setting such as {@code PRAGMA case_sensitive_like}. ILIKE folds the ASCII letters A-Z
 * only: SQLite's built-in LIKE with {@code ESCAPE '\'} does exactly that; on PostgreSQL the value
 * is folded with {@code translate(..)} over A-Z and the pattern is folded the same way before it is
 * bound, because PostgreSQL's own ILIKE and {@code lower()} fold beyond ASCII.
 *
 * <h2>Limits</h2>
 *
 * <p>At most {@value #MAX_DEPTH} levels of parentheses and NOTs in the canonical text (see {@link
 * #toQueryString()}) and at most {@value #MAX_IN_VALUES} values in one {@code IN} list; the
 * constructors and the parser enforce both, so no filter can exhaust the stack.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface RunFilter {

  /** The deepest nesting of parentheses and NOTs a filter may have. */
  int MAX_DEPTH = 100;

  /** The most values one {@code IN} list may hold. */
  int MAX_IN_VALUES = 1_000;

  /**
   * The filter that matches every run (the empty filter text).
   *
   * @return the filter
   */
  static RunFilter all() {
    return All.INSTANCE;
  }

  /**
   * Parses filter text (no {@code ORDER BY}; use {@link RunQuery#parse} for that). The grammar is
   * in the package documentation. Blank text gives {@link #all()}.
   *
   * @param text the filter text
   * @return the filter
   * @throws QueryParseException if the text is malformed, too long ({@value
   *     RunQuery#MAX_QUERY_LENGTH} characters), too deep, or breaks a type rule; the exception
   *     gives the position of the offending character
   * @throws NullPointerException if {@code text} is null
   */
  static RunFilter parse(String text) {
    return QueryParser.parseFilter(text);
  }

  /**
   * The conjunction of filters: drops {@link #all()} operands, flattens nested ANDs, and returns
   * {@link #all()} for none and the filter itself for one.
   *
   * @param filters the operands
   * @return the conjunction
   * @throws InvalidInputException if the result would be nested too deeply
   */
  static RunFilter and(RunFilter... filters) {
    return and(Arrays.asList(filters));
  }

  /**
   * The conjunction of a list of filters; see {@link #and(RunFilter...)}.
   *
   * @param filters the operands
   * @return the conjunction
   * @throws InvalidInputException if the result would be nested too deeply
   */
  static RunFilter and(List<? extends RunFilter> filters) {
    List<RunFilter> kept = new ArrayList<>();
    for (RunFilter f : filters) {
      if (!(Objects.requireNonNull(f, "filter") instanceof All)) {
        kept.add(f);
      }
    }
    if (kept.isEmpty()) {
      return all();
    }
    return kept.size() == 1 ? kept.get(0) : new And(kept);
  }

  /**
   * The disjunction of filters: returns {@link #all()} if any operand is {@link #all()}, flattens
   * nested ORs, and returns the filter itself for one.
   *
   * @param filters the operands, at least one
   * @return the disjunction
   * @throws IllegalArgumentException if there is no operand
   * @throws InvalidInputException if the result would be nested too deeply
   */
  static RunFilter or(RunFilter... filters) {
    return or(Arrays.asList(filters));
  }

  /**
   * The disjunction of a list of filters; see {@link #or(RunFilter...)}.
   *
   * @param filters the operands, at least one
   * @return the disjunction
   * @throws IllegalArgumentException if there is no operand
   * @throws InvalidInputException if the result would be nested too deeply
   */
  static RunFilter or(List<? extends RunFilter> filters) {
    if (filters.isEmpty()) {
      throw new IllegalArgumentException("or() needs at least one operand");
    }
    for (RunFilter f : filters) {
      if (Objects.requireNonNull(f, "filter") instanceof All) {
        return all();
      }
    }
    return filters.size() == 1 ? filters.get(0) : new Or(List.copyOf(filters));
  }

  /**
   * The negation of a filter.
   *
   * @param filter the operand, not {@link #all()}
   * @return the negation
   * @throws IllegalArgumentException if the operand is {@link #all()} (its negation would match
   *     nothing)
   * @throws InvalidInputException if the result would be nested too deeply
   */
  static RunFilter not(RunFilter filter) {
    return new Not(filter);
  }

  /**
   * Returns the canonical query text: keywords in upper case, plural field prefixes, backticks only
   * where a key needs them, parentheses only where precedence needs them (NOT binds tighter than
   * AND, AND tighter than OR), and {@code ""} for {@link #all()}. Parsing it gives back an equal
   * filter: {@code RunFilter.parse(f.toQueryString()).equals(f)}.
   *
   * @return the canonical text
   */
  default String toQueryString() {
    return QueryPrinter.filter(this);
  }

  /**
   * Matches every run; written as empty text. It cannot be an operand of {@link And}, {@link Or} or
   * {@link Not}: use the factories {@link RunFilter#and}, {@link RunFilter#or}, which simplify it
   * away.
   */
  record All() implements RunFilter {
    static final All INSTANCE = new All();
  }

  /**
   * All operands are TRUE (Kleene AND). Nested ANDs are flattened into this one, so {@code (a AND
   * b) AND c} and {@code a AND b AND c} give the same record.
   *
   * @param operands two or more operands, none {@link All}
   */
  record And(List<RunFilter> operands) implements RunFilter {
    /**
     * Copies and flattens the operands and checks them.
     *
     * @throws IllegalArgumentException if there are fewer than two operands or one is {@link All}
     * @throws InvalidInputException if the filter is nested more than {@value #MAX_DEPTH} deep
     */
    public And {
      operands = Rules.flatten(operands, true);
      Rules.checkDepth(Rules.andDepth(operands));
    }
  }

  /**
   * At least one operand is TRUE (Kleene OR). Nested ORs are flattened into this one.
   *
   * @param operands two or more operands, none {@link All}
   */
  record Or(List<RunFilter> operands) implements RunFilter {
    /**
     * Copies and flattens the operands and checks them.
     *
     * @throws IllegalArgumentException if there are fewer than two operands or one is {@link All}
     * @throws InvalidInputException if the filter is nested more than {@value #MAX_DEPTH} deep
     */
    public Or {
      operands = Rules.flatten(operands, false);
      Rules.checkDepth(Rules.orDepth(operands));
    }
  }

  /**
   * The operand is FALSE (Kleene NOT: UNKNOWN stays UNKNOWN).
   *
   * @param operand the operand, not {@link All}
   */
  record Not(RunFilter operand) implements RunFilter {
    /**
     * Checks the operand.
     *
     * @throws IllegalArgumentException if the operand is {@link All}
     * @throws InvalidInputException if the filter is nested more than {@value #MAX_DEPTH} deep
     */
    public Not {
      Objects.requireNonNull(operand, "operand");
      if (operand instanceof All) {
        throw new IllegalArgumentException("NOT of all() would match no run");
      }
      Rules.checkDepth(Rules.notDepth(operand));
    }
  }

  /**
   * A comparison of a field with a value, written {@code <field> <operator> <value>}.
   *
   * @param field the field
   * @param operator the operator
   * @param value the value
   */
  record Compare(Field field, Operator operator, Literal value) implements RunFilter {
    /**
     * Checks the type rules: metrics and times compare with numbers; tags and text attributes with
     * strings by {@code =} or {@code !=}; the status with a {@link
     * dev.mlops.api.tracking.RunStatus} name; a parameter with anything by {@code =} or {@code !=},
     * and with numbers by the ordering operators.
     *
     * @throws InvalidInputException if the operator or the value does not fit the field
     */
    public Compare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(value, "value");
      Rules.require(Rules.operatorProblem(field, operator));
      Rules.require(Rules.literalProblem(field, operator, value));
    }
  }

  /**
   * A pattern match on text, written {@code <field> [NOT] LIKE|ILIKE '<pattern>'}. It applies to
   * parameters (their canonical text), tags and the text attributes other than the status.
   *
   * @param field the field
   * @param pattern the pattern: {@code %} any run of characters, {@code _} one character, {@code \}
   *     escapes {@code %}, {@code _} or {@code \}
   * @param caseInsensitive true for ILIKE (ignoring the case of ASCII letters only)
   * @param negated true for NOT LIKE / NOT ILIKE
   */
  record Like(Field field, String pattern, boolean caseInsensitive, boolean negated)
      implements RunFilter {
    /**
     * Checks the field and the pattern.
     *
     * @throws InvalidInputException if the field is not text, or the pattern is too long, holds NUL
     *     or an unpaired surrogate, or misuses {@code \}
     */
    public Like {
      Objects.requireNonNull(field, "field");
      Rules.require(Rules.likeProblem(field, caseInsensitive));
      Names.requireValue(pattern, "LIKE pattern", Names.MAX_VALUE_LENGTH);
      int bad = Rules.patternProblemIndex(pattern);
      if (bad >= 0) {
        throw InvalidInputException.of(
            "filter", Rules.PATTERN_PROBLEM + " (index " + bad + " of the pattern)");
      }
    }

    /**
     * Returns a pattern that matches exactly the given text, by escaping {@code %}, {@code _} and
     * {@code \}.
     *
     * @param text the text to match
     * @return the pattern, e.g. {@code 50%_off} becomes {@code 50\%\_off}
     */
    public static String escape(String text) {
      StringBuilder b = new StringBuilder(text.length() + 8);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '%' || c == '_' || c == '\\') {
          b.append('\\');
        }
        b.append(c);
      }
      return b.toString();
    }
  }

  /**
   * Membership in a list of values, written {@code <field> [NOT] IN (<value>, ...)}: the OR of
   * {@code =} comparisons with each value.
   *
   * @param field the field
   * @param values 1 to {@value #MAX_IN_VALUES} values, all of one literal type and each fit for
   *     {@code =} on the field
   * @param negated true for NOT IN
   */
  record In(Field field, List<Literal> values, boolean negated) implements RunFilter {
    /**
     * Copies and checks the values.
     *
     * @throws InvalidInputException if the list is empty, too long, mixes literal types, or holds a
     *     value that does not fit the field
     */
    public In {
      Objects.requireNonNull(field, "field");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw InvalidInputException.of("filter", "IN needs at least one value");
      }
      if (values.size() > MAX_IN_VALUES) {
        throw InvalidInputException.of(
            "filter", "IN holds " + values.size() + " values; the limit is " + MAX_IN_VALUES);
      }
      Class<?> type = values.get(0).getClass();
      for (Literal v : values) {
        if (v.getClass() != type) {
          throw InvalidInputException.of(
              "filter",
              "all values of IN must be of one type, but "
                  + Rules.describe(values.get(0))
                  + " and "
                  + Rules.describe(v)
                  + " differ");
        }
        Rules.require(Rules.literalProblem(field, Operator.EQ, v));
      }
    }
  }

  /**
   * A test of presence, written {@code <field> IS [NOT] NULL}: TRUE exactly when the run lacks the
   * key (or when it has it, if negated); never UNKNOWN.
   *
   * @param field the field
   * @param negated true for IS NOT NULL
   */
  record IsNull(Field field, boolean negated) implements RunFilter {
    /** Checks the field is present. */
    public IsNull {
      Objects.requireNonNull(field, "field");
    }
  }
}
