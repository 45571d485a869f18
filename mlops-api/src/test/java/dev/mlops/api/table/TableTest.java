package dev.mlops.api.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Table")
class TableTest {
  private final Table weather =
      Table.builder()
          .add(NumericColumn.of("temp", 12.5, 14.0, Double.NaN))
          .add(CategoricalColumn.of("weather", "rain", "sun", null))
          .add(BooleanColumn.of("windy", true, false, true))
          .add(TimestampColumn.ofMicros("at", 0L, 1_000_000L, -1L))
          .build();

  @Nested
  @DisplayName("lookup")
  class Lookup {
    @Test
    @DisplayName("columns are found by name and index, typed accessors check the type")
    void byNameAndIndex() {
      assertThat(weather.column(1).name()).isEqualTo("weather");
      assertThat(weather.numeric("temp").value(1)).isEqualTo(14.0);
      assertThat(weather.findColumn("nope")).isEmpty();
      assertThat(weather.schema().indexOf("windy")).hasValue(2);
      assertThatThrownBy(() -> weather.numeric("weather"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'weather' is CATEGORICAL, not NUMERIC");
      assertThatThrownBy(() -> weather.column("nope"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no column 'nope'")
          .hasMessageContaining("[temp, weather, windy, at]");
    }

    @Test
    @DisplayName("timestamps convert to instants, truncating below the microsecond toward the past")
    void timestamps() {
      TimestampColumn at = weather.timestamp("at");
      assertThat(at.instant(1)).isEqualTo(Instant.parse("1970-01-01T00:00:01Z"));
      assertThat(at.instant(2)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
      assertThat(TimestampColumn.toMicros(Instant.ofEpochSecond(-1, 999_999_999))).isEqualTo(-1L);
    }
  }

  @Nested
  @DisplayName("construction")
  class Construction {
    @Test
    @DisplayName("columns of different lengths or repeated names are rejected with both named")
    void rejectsMismatch() {
      assertThatThrownBy(() -> Table.of(NumericColumn.of("a", 1), NumericColumn.of("b", 1, 2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'b' has 2 rows but column 'a' has 1");
      assertThatThrownBy(() -> Table.of(NumericColumn.of("a", 1), BooleanColumn.of("a", true)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a' appears twice");
    }

    @Test
    @DisplayName("truncating a builder undoes the rows after the kept ones, nulls included")
    void truncate() {
      NumericColumn.Builder b = NumericColumn.builder("x");
      b.append(1).appendNull().append(3).appendNull();
      b.truncate(1).append(Double.NaN).append(5);
      NumericColumn c = b.build();
      assertThat(c.size()).isEqualTo(3);
      assertThat(c.nullCount()).isZero();
      assertThat(c.isNaN(1)).isTrue();
      assertThat(c.toArray()).containsExactly(1, Double.NaN, 5);
    }

    @Test
    @DisplayName("a RowSpec refuses a column name used twice")
    void rowSpecNames() {
      assertThatThrownBy(
              () -> RowSpec.<String>builder().categorical("s", s -> s).numeric("s", String::length))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'s' is already");
    }

    @Test
    @DisplayName("Table.from reads a list of records with one accessor per column")
    void fromRecords() {
      record Day(double temp, String weather) {}
      Table t =
          Table.from(
              List.of(new Day(1.5, "rain"), new Day(2.5, "sun")),
              RowSpec.<Day>builder()
                  .numeric("temp", Day::temp)
                  .categorical("weather", Day::weather)
                  .build());
      assertThat(t)
          .isEqualTo(
              Table.of(
                  NumericColumn.of("temp", 1.5, 2.5),
                  CategoricalColumn.of("weather", "rain", "sun")));
    }
  }

  @Nested
  @DisplayName("views and copies")
  class Views {
    @Test
    @DisplayName("select reorders columns without copying; withColumn adds or replaces")
    void selectAndWithColumn() {
      Table s = weather.select("windy", "temp");
      assertThat(s.schema().names()).containsExactly("windy", "temp");
      assertThat(s.column("temp")).isSameAs(weather.column("temp"));
      Table replaced = weather.withColumn(NumericColumn.of("temp", 1, 2, 3));
      assertThat(replaced.schema().names()).containsExactly("temp", "weather", "windy", "at");
      assertThat(replaced.numeric("temp").value(2)).isEqualTo(3.0);
      assertThat(weather.withColumn(NumericColumn.of("z", 0, 0, 0)).columnCount()).isEqualTo(5);
      assertThat(weather.select()).as("no columns, no rows").isEqualTo(Table.empty());
    }

    @Test
    @DisplayName("categorical equality is by category, whatever the dictionary order")
    void categoricalEquality() {
      CategoricalColumn.Builder b = CategoricalColumn.builder("c");
      b.addCategory("sun");
      b.append("rain").append("sun").appendNull();
      CategoricalColumn other = b.build();
      CategoricalColumn mine = CategoricalColumn.of("c", "rain", "sun", null);
      assertThat(other.dictionary()).containsExactly("sun", "rain");
      assertThat(mine.dictionary()).containsExactly("rain", "sun");
      assertThat(other).isEqualTo(mine).hasSameHashCodeAs(mine);
      assertThat(other.slice(1, 3).dictionarySize()).isEqualTo(2);
    }

    @Test
    @DisplayName("toString is one compact line with the row count and schema")
    void compactToString() {
      assertThat(weather.toString())
          .isEqualTo(
              "Table[3 rows: temp:NUMERIC, weather:CATEGORICAL, windy:BOOLEAN, at:TIMESTAMP]");
    }

    @Test
    @DisplayName("slices outside the table are rejected")
    void badSlice() {
      assertThatThrownBy(() -> weather.slice(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> weather.slice(2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(weather.slice(3, 3).rowCount()).isZero();
    }
  }
}
