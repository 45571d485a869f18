package dev.mlops.api.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.tracking.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Run page")
class RunPageTest {
  private static final Run RUN = Run.start("run-1", "exp-1", null, null, Instant.EPOCH);
  private static final RunCursor CURSOR = RunQuery.parse("").cursorAfter(List.of(), "run-1");

  @Test
  @DisplayName("copies its runs, so later changes to the caller's list do not show")
  void copiesRuns() {
    List<Run> runs = new ArrayList<>(List.of(RUN));
    RunPage page = new RunPage(runs, CURSOR);
    runs.clear();
    assertThat(page.runs()).containsExactly(RUN);
    assertThatThrownBy(() -> page.runs().add(RUN))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("a page with a cursor is not the last; RunPage.last has none")
  void lastPage() {
    assertThat(new RunPage(List.of(RUN), CURSOR).isLast()).isFalse();
    assertThat(new RunPage(List.of(RUN), CURSOR).nextCursor()).contains(CURSOR);
    assertThat(RunPage.last(List.of(RUN)).isLast()).isTrue();
    assertThat(RunPage.last(List.of()).nextCursor()).isEmpty();
  }

  @Test
  @DisplayName("an empty page with a cursor, or a null run, is refused")
  void refusesBadPages() {
    assertThatThrownBy(() -> new RunPage(List.of(), CURSOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no cursor");
    List<Run> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> RunPage.last(withNull)).isInstanceOf(NullPointerException.class);
  }

  @Test
  @DisplayName("pages with equal runs and cursors are equal")
  void equality() {
    assertThat(new RunPage(List.of(RUN), CURSOR)).isEqualTo(new RunPage(List.of(RUN), CURSOR));
    assertThat(new RunPage(List.of(RUN), CURSOR)).isNotEqualTo(RunPage.last(List.of(RUN)));
  }
}
