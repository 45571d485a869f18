package dev.mlops.validation.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The exact profile of one categorical column: counts, distinct categories and the five most
 * frequent.
 *
 * <p>Immutable and thread-safe. {@link #top5()} is ordered by count descending, then category
 * ascending by Unicode code point.
 *
 * <pre>{@code
 * CategoricalProfile p = CategoricalProfile.of(new String[] {"a", null, "b", "a"});
 * p.top5();   // [a=2, b=1]
 * }</pre>
 *
 * @param rowCount rows, nulls included
 * @param nullCount null rows
 * @param count non-null values
 * @param distinct distinct non-null values
 * @param top5 up to five most frequent categories
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CategoricalProfile(
    long rowCount, long nullCount, long count, long distinct, List<CategoryCount> top5) {

  /**
   * Creates a profile.
   *
   * @throws NullPointerException if {@code top5} is null
   */
  public CategoricalProfile {
    top5 = List.copyOf(Objects.requireNonNull(top5, "top5"));
  }

  /**
   * A category and its count.
   *
   * @param category the category
   * @param count how often it occurs
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record CategoryCount(String category, long count) {
    /**
     * Creates a count.
     *
     * @throws NullPointerException if {@code category} is null
     */
    public CategoryCount {
      Objects.requireNonNull(category, "category");
    }
  }

  /**
   * Profiles a column.
   *
   * @param values the values; null is missing
   * @return the profile
   * @throws NullPointerException if {@code values} is null
   */
  public static CategoricalProfile of(@Nullable String[] values) {
    Objects.requireNonNull(values, "values");
    return of(values.length, countsOf(values));
  }

  static Map<String, long[]> countsOf(@Nullable String[] values) {
    Map<String, long[]> counts = new HashMap<>();
    for (String v : values) {
      if (v != null) {
        counts.computeIfAbsent(v, k -> new long[1])[0]++;
      }
    }
    return counts;
  }

  static CategoricalProfile of(long rows, Map<String, long[]> counts) {
    long count = 0;
    List<CategoryCount> all = new ArrayList<>(counts.size());
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      count += e.getValue()[0];
      all.add(new CategoryCount(e.getKey(), e.getValue()[0]));
    }
    all.sort(
        (a, b) ->
            a.count() != b.count()
                ? Long.compare(b.count(), a.count())
                : CategoryOrder.compare(a.category(), b.category()));
    return new CategoricalProfile(
        rows, rows - count, count, counts.size(), all.subList(0, Math.min(5, all.size())));
  }
}
