package dev.mlops.api.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The examples in the package's Javadoc, run as written, with the results the Javadoc states. */
@DisplayName("Javadoc examples of the query package")
class QueryJavadocExamplesTest {

  @Test
  @DisplayName("RunFilter: parsed and built filters are equal and print the same")
  void runFilter() {
    RunFilter f = RunFilter.parse("metrics.accuracy > 0.9 AND params.optimizer = 'adam'");
    RunFilter same =
        RunFilter.and(
            new RunFilter.Compare(Field.metric("accuracy"), Operator.GT, Literal.of(0.9)),
            new RunFilter.Compare(Field.param("optimizer"), Operator.EQ, Literal.of("adam")));
    assertThat(f).isEqualTo(same);
    assertThat(f.toQueryString()).isEqualTo("metrics.accuracy > 0.9 AND params.optimizer = 'adam'");
  }

  @Test
  @DisplayName("Field, Literal, Operator and OrderBy print as documented")
  void smallTypes() {
    assertThat(Field.metric("train/loss").toQueryString()).isEqualTo("metrics.`train/loss`");
    assertThat(Field.attribute(Attribute.STATUS).toQueryString()).isEqualTo("attributes.status");
    assertThat(Literal.of("adam").toQueryString()).isEqualTo("'adam'");
    assertThat(Literal.of(0.9).toQueryString()).isEqualTo("0.9");
    assertThat(Literal.of(true).toQueryString()).isEqualTo("true");
    assertThat(
            new RunFilter.Compare(Field.metric("accuracy"), Operator.GT, Literal.of(0.9))
                .toQueryString())
        .isEqualTo("metrics.accuracy > 0.9");
    assertThat(new OrderBy(Field.metric("accuracy"), OrderBy.Direction.DESC).toQueryString())
        .isEqualTo("metrics.accuracy DESC");
    assertThat(RunFilter.parse("attributes.start_time >= 1700000000000").toQueryString())
        .isEqualTo("attributes.start_time >= 1700000000000");
  }

  @Test
  @DisplayName("QueryParseException: position 14 and a caret under AND")
  void parseException() {
    assertThatThrownBy(() -> RunQuery.parse("metrics.acc > AND x"))
        .isInstanceOfSatisfying(
            QueryParseException.class, e -> assertThat(e.position()).isEqualTo(14));
  }

  @Test
  @DisplayName("RunQuery and RunCursor: a page's cursor leads to the next page")
  void paging() {
    RunQuery q =
        RunQuery.parse(
                "metrics.accuracy > 0.9 AND tags.stage ILIKE 'prod%' ORDER BY metrics.accuracy"
                    + " DESC")
            .withPageSize(50);
    RunCursor next = q.cursorAfter(List.of(SortValue.of(0.93)), "run-42");
    RunQuery page2 = q.after(RunCursor.decode(next.encode()));
    assertThat(page2.startAfter()).contains(next);
    assertThat(page2.pageSize()).isEqualTo(50);

    RunQuery byAccuracy = RunQuery.parse("ORDER BY metrics.accuracy DESC");
    String token = byAccuracy.cursorAfter(List.of(SortValue.of(0.93)), "run-42").encode();
    assertThat(byAccuracy.after(RunCursor.decode(token)).cursor().runId()).isEqualTo("run-42");
  }

  @Test
  @DisplayName("the package example parses, and drops only the redundant parentheses")
  void packageExample() {
    RunQuery q =
        RunQuery.parse(
            """
            metrics.accuracy > 0.9 AND params.optimizer = 'adam'
              AND NOT tags.stage ILIKE 'prod%'
            OR (attributes.status IN ('FINISHED', 'FAILED') AND attributes.start_time >= 1700000000000)
            ORDER BY metrics.accuracy DESC, attributes.start_time ASC""");
    assertThat(q.toQueryString())
        .isEqualTo(
            "metrics.accuracy > 0.9 AND params.optimizer = 'adam' AND NOT tags.stage ILIKE"
                + " 'prod%' OR attributes.status IN ('FINISHED', 'FAILED') AND"
                + " attributes.start_time >= 1700000000000 ORDER BY metrics.accuracy DESC,"
                + " attributes.start_time ASC");
  }

  @Test
  @DisplayName("attribute names ignore ASCII case only")
  void attributeNames() {
    assertThat(Attribute.fromQueryName("START_TIME")).contains(Attribute.START_TIME);
    assertThat(Attribute.fromQueryName("run_\u0130d")).isEmpty();
    assertThat(Attribute.fromQueryName("nope")).isEmpty();
  }
}
