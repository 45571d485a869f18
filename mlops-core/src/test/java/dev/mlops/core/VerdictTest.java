package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Verdict.isAtLeast")
class VerdictTest {
  @Test
  @DisplayName("PASS meets PASS and WARN; WARN meets WARN only; FAIL and INCONCLUSIVE meet nothing")
  void table() {
    // The table of DESIGN.md, written out by hand.
    assertThat(Verdict.PASS.isAtLeast(Verdict.PASS)).isTrue();
    assertThat(Verdict.PASS.isAtLeast(Verdict.WARN)).isTrue();
    assertThat(Verdict.WARN.isAtLeast(Verdict.PASS)).isFalse();
    assertThat(Verdict.WARN.isAtLeast(Verdict.WARN)).isTrue();
    assertThat(Verdict.FAIL.isAtLeast(Verdict.WARN)).isFalse();
    assertThat(Verdict.FAIL.isAtLeast(Verdict.PASS)).isFalse();
    assertThat(Verdict.INCONCLUSIVE.isAtLeast(Verdict.WARN)).isFalse();
    assertThat(Verdict.INCONCLUSIVE.isAtLeast(Verdict.PASS)).isFalse();
  }

  @Test
  @DisplayName("FAIL and INCONCLUSIVE are not minimums")
  void badMinimum() {
    assertThatThrownBy(() -> Verdict.PASS.isAtLeast(Verdict.FAIL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Verdict.PASS.isAtLeast(Verdict.INCONCLUSIVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowInconclusive");
  }
}
