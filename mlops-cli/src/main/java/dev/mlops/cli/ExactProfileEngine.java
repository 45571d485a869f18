package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.drift.CategoricalProfile;
import dev.mlops.validation.drift.NumericProfile;

/**
 * The exact profiles of the drift kernels ({@link NumericProfile}, {@link CategoricalProfile}):
 * every value is exact, so {@code approximate} is empty. Numbers are written as the oracle writes a
 * drift case's {@code reference} object.
 *
 * <p>Stateless and thread-safe; the columns are profiled in parallel on the common fork-join pool.
 */
final class ExactProfileEngine implements ProfileEngine {

  @Override
  public ObjectNode profile(Table table) {
    ObjectNode doc = Json.document("profile");
    doc.put("engine", "exact");
    doc.put("rows", table.rowCount());
    ArrayNode columns = doc.putArray("columns");
    for (Column c : table.columns()) {
      ObjectNode o = columns.addObject();
      o.put("name", c.name());
      if (c instanceof NumericColumn n) {
        o.put("type", "numeric");
        CsvInputs.Numbers v = CsvInputs.numbers(n);
        numeric(o, NumericProfile.of(v.values(), v.nulls()));
      } else if (c instanceof CategoricalColumn k) {
        o.put("type", "categorical");
        categorical(o, CategoricalProfile.of(CsvInputs.strings(k)));
      } else {
        throw new IllegalStateException(
            "column "
                + c.name()
                + " is "
                + c.type()
                + "; the command reads numeric or categorical");
      }
      o.putObject("approximate");
    }
    return doc;
  }

  static void numeric(ObjectNode o, NumericProfile p) {
    o.put("row_count", p.rowCount());
    o.put("null_count", p.nullCount());
    o.put("nan_count", p.nanCount());
    o.put("missing_count", p.missingCount());
    o.put("count", p.count());
    o.put("distinct", p.distinct());
    Json.num(o, "mean", p.mean());
    Json.num(o, "std", p.std());
    Json.num(o, "min", p.min());
    Json.num(o, "max", p.max());
    if (p.quantiles().isEmpty()) {
      o.putNull("quantiles");
    } else {
      ObjectNode q = o.putObject("quantiles");
      for (int i = 0; i < NumericProfile.QUANTILE_LEVELS.size(); i++) {
        Json.num(q, String.valueOf(NumericProfile.QUANTILE_LEVELS.get(i)), p.quantiles().get(i));
      }
    }
  }

  static void categorical(ObjectNode o, CategoricalProfile p) {
    o.put("row_count", p.rowCount());
    o.put("null_count", p.nullCount());
    o.put("count", p.count());
    o.put("distinct", p.distinct());
    ArrayNode top = o.putArray("top5");
    for (CategoricalProfile.CategoryCount c : p.top5()) {
      top.addArray().add(c.category()).add(c.count());
    }
  }
}
