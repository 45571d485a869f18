package dev.mlops.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.table.ColumnSchema;
import dev.mlops.api.table.Table;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Writing a table as JSON lines and reading it back with its schema gives an equal table. */
@Label("JSON lines round trip properties")
class JsonLinesRoundTripPropertiesTest {

  @Provide
  Arbitrary<Table> tables() {
    return new CsvRoundTripPropertiesTest().tables();
  }

  @Property(tries = 500)
  @Label("read(write(t)) == t with the schema declared")
  void roundTrip(@ForAll("tables") Table t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLinesTableWriter.instance().write(t, out);
    JsonLinesOptions.Builder o = JsonLinesOptions.builder().inferTypes(false);
    for (ColumnSchema c : t.schema().columns()) {
      o.type(c.name(), c.type());
    }
    Table back =
        JsonLinesTableReader.of(o.build()).read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back).isEqualTo(t);
  }

  @Property(tries = 300)
  @Label("with types inferred, numeric and boolean columns come back equal")
  void inferredRoundTrip(@ForAll("tables") Table t) {
    Table typed =
        t.select(
            t.schema().columns().stream()
                .filter(
                    c ->
                        c.type() == dev.mlops.api.table.ColumnType.NUMERIC
                            || c.type() == dev.mlops.api.table.ColumnType.BOOLEAN)
                .filter(c -> t.column(c.name()).nullCount() < t.rowCount())
                .map(ColumnSchema::name)
                .toList());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLinesTableWriter.instance().write(typed, out);
    Table back =
        JsonLinesTableReader.withDefaults().read(new ByteArrayInputStream(out.toByteArray()));
    if (typed.columnCount() > 0) {
      assertThat(back).isEqualTo(typed);
    }
  }
}
