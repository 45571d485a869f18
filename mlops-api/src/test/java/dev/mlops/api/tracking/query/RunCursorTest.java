package dev.mlops.api.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cursors: the frozen token format, what decoding refuses, and pairing with a query. */
@DisplayName("Run cursor")
class RunCursorTest {
  private static final Field ACC = Field.metric("acc");
  private static final Field STATUS = Field.attribute(Attribute.STATUS);
  private static final Field X = Field.tag("x");

  private static final List<OrderBy> ORDER =
      List.of(OrderBy.desc(ACC), OrderBy.asc(STATUS), OrderBy.asc(X));

  private static final RunCursor CURSOR =
      new RunCursor(
          ORDER,
          List.of(SortValue.of(0.5), SortValue.of("FINISHED"), SortValue.missing()),
          "run-1");

  /** The bytes of CURSOR, written by hand from the layout in RunCursorFormat's Javadoc. */
  private static byte[] goldenBytes() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {0x52, 1, 3});
    b.writeBytes(new byte[] {2, 0, 3, 'a', 'c', 'c', 1, 1});
    b.writeBytes(ByteBuffer.allocate(8).putDouble(0.5).array());
    b.writeBytes(new byte[] {4, 3, 0, 2, 0, 8});
    b.writeBytes("FINISHED".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {3, 0, 1, 'x', 0, 0});
    b.writeBytes(new byte[] {0, 5, 'r', 'u', 'n', '-', '1'});
    return b.toByteArray();
  }

  private static String token(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Nested
  @DisplayName("format version 1")
  class Format {
    @Test
    @DisplayName("encodes to the frozen token, made of URL-safe characters only")
    void golden() {
      String frozen = "UgEDAgADYWNjAQE_4AAAAAAAAAQDAAIACEZJTklTSEVEAwABeAAAAAVydW4tMQ";
      assertThat(token(goldenBytes())).isEqualTo(frozen);
      assertThat(CURSOR.encode()).isEqualTo(frozen).matches("[A-Za-z0-9_-]+");
      assertThat(RunCursor.decode(frozen)).isEqualTo(CURSOR);
    }

    @Test
    @DisplayName("the smallest cursor (no order key) is the run id alone")
    void smallest() {
      RunCursor c = new RunCursor(List.of(), List.of(), "r");
      assertThat(c.encode()).isEqualTo(token(new byte[] {0x52, 1, 0, 0, 1, 'r'}));
      assertThat(RunCursor.decode(c.encode())).isEqualTo(c);
    }

    @Test
    @DisplayName("padded Base64url is read too")
    void padding() {
      assertThat(RunCursor.decode(CURSOR.encode() + "==")).isEqualTo(CURSOR);
    }

    @Test
    @DisplayName("infinities, non-ASCII text and backticked keys round-trip")
    void unusualValues() {
      RunCursor c =
          new RunCursor(
              List.of(
                  OrderBy.asc(Field.metric("train/loss")),
                  OrderBy.desc(Field.param("p")),
                  OrderBy.asc(Field.attribute(Attribute.END_TIME))),
              List.of(
                  SortValue.of(Double.NEGATIVE_INFINITY),
                  SortValue.of("grüße \uD83D\uDE00 ' \\ \""),
                  SortValue.of(1.7e12)),
              "run_9.x");
      assertThat(RunCursor.decode(c.encode())).isEqualTo(c);
    }
  }

  @Nested
  @DisplayName("decoding refuses")
  class Garbage {
    private void refused(String token, String reason) {
      assertThatThrownBy(() -> RunCursor.decode(token))
          .isExactlyInstanceOf(InvalidInputException.class)
          .hasMessageContaining(reason)
          .hasMessageEndingWith(
              "; pass the cursor exactly as a page returned it, or start from the first page");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "A", "@@@", "UgE=x", "run-1", "a b", "////"})
    void nonTokens(String token) {
      assertThatThrownBy(() -> RunCursor.decode(token))
          .isExactlyInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("run cursor is not valid: ");
    }

    @Test
    @DisplayName("a truncated token")
    void truncated() {
      byte[] bytes = goldenBytes();
      for (int length = 0; length < bytes.length; length++) {
        byte[] prefix = java.util.Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> RunCursor.decode(token(prefix)))
            .isExactlyInstanceOf(InvalidInputException.class);
      }
    }

    @Test
    @DisplayName("bytes after the run id")
    void trailing() {
      byte[] bytes = java.util.Arrays.copyOf(goldenBytes(), goldenBytes().length + 1);
      refused(token(bytes), "1 bytes follow the run id");
    }

    @Test
    @DisplayName("another family id, and unknown codes")
    void unknownCodes() {
      byte[] family = goldenBytes();
      family[0] = 0x53;
      refused(token(family), "family id");
      byte[] kind = goldenBytes();
      kind[3] = 9;
      refused(token(kind), "unknown field kind 9");
      byte[] direction = goldenBytes();
      direction[9] = 2;
      refused(token(direction), "unknown direction code 2");
      byte[] value = goldenBytes();
      value[10] = 7;
      refused(token(value), "unknown sort value code 7");
      byte[] attribute = goldenBytes();
      attribute[20] = 8;
      refused(token(attribute), "unknown attribute code 8");
    }

    @Test
    @DisplayName("a newer format version, asking for an upgrade")
    void newerVersion() {
      byte[] bytes = goldenBytes();
      bytes[1] = 2;
      assertThatThrownBy(() -> RunCursor.decode(token(bytes)))
          .isExactlyInstanceOf(InvalidInputException.class)
          .hasMessage(
              "run cursor format version 2 is newer than this library (supports ≤ 1); upgrade"
                  + " mlops");
      bytes[1] = 0;
      refused(token(bytes), "format version 0");
    }

    @Test
    @DisplayName("malformed UTF-8, and values the records refuse")
    void badContent() {
      refused(token(new byte[] {0x52, 1, 0, 0, 1, (byte) 0xC3}), "not UTF-8");
      refused(token(new byte[] {0x52, 1, 0, 0, 2, '.', '.'}), "run id");
      refused(token(new byte[] {0x52, 1, 1, 2, 0, 1, 'a', 0, 2, 0, 1, 'x', 0, 1, 'r'}), "text");
      byte[] nan = goldenBytes();
      ByteBuffer.wrap(nan).putDouble(11, Double.NaN);
      refused(token(nan), "NaN");
    }

    @Test
    @DisplayName("a token longer than the limit, before decoding it")
    void tooLong() {
      refused("A".repeat(RunCursor.MAX_ENCODED_LENGTH + 1), "the limit is 400000");
    }
  }

  @Nested
  @DisplayName("with a query")
  class Pairing {
    private final RunQuery query =
        RunQuery.parse(
            "metrics.acc > 0 ORDER BY metrics.acc DESC, attributes.status ASC, tags.x ASC");

    @Test
    @DisplayName("a cursor of the same order starts the next page")
    void sameOrder() {
      RunQuery next = query.after(RunCursor.decode(CURSOR.encode()));
      assertThat(next.startAfter()).contains(CURSOR);
      assertThat(next.cursorAfter(CURSOR.values(), "run-1")).isEqualTo(CURSOR);
      assertThat(next.firstPage().startAfter()).isEmpty();
      assertThat(next.withFilter(RunFilter.all()).cursor()).isEqualTo(CURSOR);
      assertThat(next.withOrderBy(List.of()).cursor()).isNull();
    }

    @Test
    @DisplayName("a cursor of another order is refused when paired with the query")
    void otherOrder() {
      RunCursor other = new RunCursor(List.of(OrderBy.asc(ACC)), List.of(SortValue.of(1)), "run-1");
      assertThatThrownBy(() -> query.after(other))
          .isExactlyInstanceOf(InvalidInputException.class)
          .hasMessage(
              "the cursor belongs to a search ordered by 'metrics.acc ASC', not by 'metrics.acc"
                  + " DESC, attributes.status ASC, tags.x ASC'; start from the first page (no"
                  + " cursor)");
      RunCursor idOnly = new RunCursor(List.of(), List.of(), "run-1");
      assertThatThrownBy(() -> query.after(idOnly)).hasMessageContaining("ordered by 'run id'");
    }

    @Test
    @DisplayName("a cursor needs one fitting sort value per order key")
    void valuesFitTheOrder() {
      assertThatThrownBy(() -> query.cursorAfter(List.of(SortValue.of(1)), "run-1"))
          .isExactlyInstanceOf(InvalidInputException.class)
          .hasMessageContaining("1 values for 3 keys");
      assertThatThrownBy(
              () ->
                  query.cursorAfter(
                      List.of(SortValue.of("x"), SortValue.of("FAILED"), SortValue.missing()),
                      "run-1"))
          .isExactlyInstanceOf(InvalidInputException.class)
          .hasMessage("metrics.acc is a number, but its sort value is text");
      assertThatThrownBy(
              () ->
                  query.cursorAfter(
                      List.of(SortValue.missing(), SortValue.of(1), SortValue.missing()), "run-1"))
          .hasMessage("attributes.status is text, but its sort value is a number");
      RunQuery byParam = RunQuery.parse("ORDER BY params.p");
      assertThat(byParam.cursorAfter(List.of(SortValue.of(1)), "r").values()).hasSize(1);
      assertThat(byParam.cursorAfter(List.of(SortValue.of("adam")), "r").values()).hasSize(1);
    }

    @Test
    @DisplayName("NaN is not a sort value: a NaN metric sorts as missing")
    void nan() {
      assertThatThrownBy(() -> SortValue.of(Double.NaN))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("SortValue.missing()");
      assertThat(SortValue.of(-0.0)).isEqualTo(SortValue.of(0.0));
    }
  }

  @Nested
  @DisplayName("run query")
  class Query {
    @Test
    @DisplayName("page sizes run from 1 to 10,000, default 100")
    void pageSize() {
      RunQuery q = RunQuery.of(RunFilter.all());
      assertThat(q.pageSize()).isEqualTo(100);
      assertThat(q.withPageSize(1).pageSize()).isEqualTo(1);
      assertThat(q.withPageSize(10_000).pageSize()).isEqualTo(10_000);
      assertThatThrownBy(() -> q.withPageSize(0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> q.withPageSize(10_001))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("page size must be between 1 and 10000, but was 10001");
    }

    @Test
    @DisplayName("an order names each field once and has at most ten keys")
    void order() {
      assertThatThrownBy(() -> RunQuery.of(RunFilter.all(), OrderBy.asc(ACC), OrderBy.desc(ACC)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("appears twice");
      OrderBy[] eleven = new OrderBy[11];
      for (int i = 0; i < eleven.length; i++) {
        eleven[i] = OrderBy.asc(Field.metric("m" + i));
      }
      assertThatThrownBy(() -> RunQuery.of(RunFilter.all(), eleven))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("the text holds filter and order; page size and cursor are left out")
    void text() {
      RunQuery q = RunQuery.parse("tags.x = 'a' ORDER BY metrics.acc DESC").withPageSize(7);
      RunQuery paged = q.after(q.cursorAfter(List.of(SortValue.of(3)), "r"));
      assertThat(paged.toQueryString()).isEqualTo("tags.x = 'a' ORDER BY metrics.acc DESC");
      assertThat(RunQuery.parse(paged.toQueryString()))
          .isEqualTo(paged.withPageSize(RunQuery.DEFAULT_PAGE_SIZE).firstPage());
    }
  }
}
