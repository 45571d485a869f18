package dev.mlops.validation.drift;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The drift tests of every column of a comparison and their Benjamini-Hochberg family.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * DriftComparison c = DriftTests.compare(List.of(
 *     DriftTests.numeric("x", refX, null, curX, null),
 *     DriftTests.categorical("kind", refKind, curKind)));
 * String json = DriftJson.write(c);
 * }</pre>
 *
 * @param columns per column, in the order given
 * @param multipleTesting the BH family of the primary tests
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DriftComparison(List<ColumnDrift> columns, MultipleTesting multipleTesting) {
  /**
   * Creates the comparison.
   *
   * @throws NullPointerException if a component is null
   */
  public DriftComparison {
    columns = List.copyOf(columns);
    Objects.requireNonNull(multipleTesting, "multipleTesting");
  }
}
