package dev.mlops.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.tracking.query.Attribute;
import dev.mlops.api.tracking.query.Field;
import dev.mlops.api.tracking.query.Literal;
import dev.mlops.api.tracking.query.Operator;
import dev.mlops.api.tracking.query.OrderBy;
import dev.mlops.api.tracking.query.RunCursor;
import dev.mlops.api.tracking.query.RunFilter;
import dev.mlops.api.tracking.query.RunQuery;
import dev.mlops.api.tracking.query.SortValue;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The SQL text of a run search never contains text of the query: every key, string, pattern and
 * cursor value here carries the marker {@value #MARK}, which must appear only among the bound
 * arguments, never in the statement, for both dialects.
 */
class JdbcRunSearchPropertiesTest {
  static final String MARK = "QzQx";

  private static final String RUN_COLUMNS =
      "id, experiment_id, parent_run_id, name, status, start_time, end_time, note";

  @Property(tries = 300)
  @Label("no key, string, pattern or cursor value of a query reaches the SQL text")
  void noQueryTextInSql(@ForAll("queries") RunQuery query) {
    for (JdbcDialect dialect : JdbcDialect.values()) {
      JdbcRunSearch.Statement st = JdbcRunSearch.build(dialect, RUN_COLUMNS, query);
      assertThat(st.sql()).doesNotContain(MARK).doesNotContain("'; DROP");
      long placeholders = st.sql().chars().filter(c -> c == '?').count();
      assertThat(placeholders).isEqualTo(st.args().size());
      assertThat(st.args()).anySatisfy(a -> assertThat(String.valueOf(a)).contains(MARK));
    }
  }

  @Provide
  Arbitrary<RunQuery> queries() {
    Arbitrary<String> texts =
        Arbitraries.of("'; DROP TABLE runs; --", "x' OR '1'='1", "\\", "%_", "\"", "a b", "")
            .map(s -> s + MARK);
    Arbitrary<String> keys =
        Arbitraries.of("k", "DROP TABLE runs --", "a/b c", "x.y").map(s -> s + MARK);
    Arbitrary<Field> fields =
        Arbitraries.oneOf(
            keys.map(Field::metric),
            keys.map(Field::param),
            keys.map(Field::tag),
            Arbitraries.of(Attribute.RUN_NAME, Attribute.PARENT_RUN_ID, Attribute.EXPERIMENT_ID)
                .map(Field::attribute));
    Arbitrary<RunFilter> predicates =
        Combinators.combine(fields, texts, Arbitraries.integers().between(0, 3))
            .as(
                (f, t, kind) -> {
                  boolean number = f instanceof Field.MetricField;
                  Literal value = number ? Literal.of(1.5) : Literal.of(t);
                  RunFilter text =
                      switch (kind) {
                        case 0 -> new RunFilter.Compare(f, Operator.EQ, value);
                        case 1 -> new RunFilter.In(f, List.of(value, value), true);
                        case 2 -> new RunFilter.IsNull(f, false);
                        default ->
                            number
                                ? new RunFilter.Compare(f, Operator.GT, value)
                                : new RunFilter.Like(f, RunFilter.Like.escape(t), true, false);
                      };
                  // keep a marked text in every query, also when the field is an attribute
                  return RunFilter.and(
                      text, new RunFilter.Compare(Field.tag("t"), Operator.NE, Literal.of(t)));
                });
    return Combinators.combine(predicates.list().ofMinSize(1).ofMaxSize(3), fields, texts)
        .as(
            (filters, orderField, cursorText) -> {
              List<OrderBy> order = new ArrayList<>();
              order.add(OrderBy.desc(orderField));
              RunQuery q = new RunQuery(RunFilter.or(filters), order, 10, null);
              SortValue v =
                  orderField instanceof Field.MetricField
                      ? SortValue.of(2.5)
                      : SortValue.of(cursorText);
              return q.after(new RunCursor(order, List.of(v), "run-1"));
            });
  }
}
