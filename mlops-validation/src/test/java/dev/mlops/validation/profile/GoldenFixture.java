package dev.mlops.validation.profile;

import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;

/** The 7-row table whose version-1 profile is kept in src/test/resources/profile/. */
final class GoldenFixture {
  private GoldenFixture() {}

  static Table table() {
    NumericColumn x =
        NumericColumn.builder("x")
            .append(1.5)
            .appendNull()
            .append(Double.NaN)
            .append(-2)
            .append(4)
            .append(4)
            .append(10)
            .build();
    CategoricalColumn c = CategoricalColumn.of("c", "a", "b", null, "a", "\u00e9", "a", "b");
    BooleanColumn f =
        BooleanColumn.builder("f")
            .append(true)
            .append(false)
            .appendNull()
            .append(true)
            .append(true)
            .append(false)
            .append(true)
            .build();
    TimestampColumn t =
        TimestampColumn.builder("t")
            .appendMicros(0)
            .appendMicros(1_000_000)
            .appendNull()
            .appendMicros(1_000_000)
            .appendMicros(86_400_000_000L)
            .appendMicros(5)
            .appendMicros(0)
            .build();
    return Table.of(x, c, f, t);
  }
}
