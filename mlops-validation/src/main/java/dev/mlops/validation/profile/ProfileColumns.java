package dev.mlops.validation.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Column operations on whole profiles.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * // compare only the model's inputs of a training profile that also holds the label
 * Profile inputs = ProfileColumns.select(training, List.of("age", "income"));
 * SketchDriftReport r = SketchDrift.compare(inputs, window);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ProfileColumns {

  private ProfileColumns() {}

  /**
   * Returns the profile of some of a profile's columns, in the given order; the column profiles are
   * shared (they are immutable).
   *
   * @param profile the profile
   * @param columns the names to keep, without repeats
   * @return a profile of the same rows and options with those columns
   * @throws IllegalArgumentException if a name is not a column of the profile or is repeated
   * @throws NullPointerException if an argument or a name is null
   */
  public static Profile select(Profile profile, List<String> columns) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(columns, "columns");
    List<ColumnProfile> out = new ArrayList<>(columns.size());
    for (String c : columns) {
      out.add(profile.column(Objects.requireNonNull(c, "column name")));
    }
    return new Profile(profile.rows(), profile.options(), out);
  }
}
