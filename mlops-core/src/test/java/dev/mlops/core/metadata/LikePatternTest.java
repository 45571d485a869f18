package dev.mlops.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LIKE patterns")
class LikePatternTest {
  @Test
  @DisplayName("% matches any run, _ one code point, \\ escapes; ILIKE folds ASCII only")
  void matching() {
    assertThat(LikePattern.matches("a%", "abc", false)).isTrue();
    assertThat(LikePattern.matches("a%", "Abc", false)).isFalse();
    assertThat(LikePattern.matches("a%", "Abc", true)).isTrue();
    assertThat(LikePattern.matches("_b", "\ud83d\ude00b", false)).isTrue();
    assertThat(LikePattern.matches("__b", "\ud83d\ude00b", false)).isFalse();
    assertThat(LikePattern.matches("x\\_y", "x_y", false)).isTrue();
    assertThat(LikePattern.matches("x\\_y", "xay", false)).isFalse();
    assertThat(LikePattern.matches("%\\%", "50%", false)).isTrue();
    assertThat(LikePattern.matches("\u00e9", "\u00c9", true)).isFalse();
    assertThat(LikePattern.matches("%a%b%", "xxaxxbxx", false)).isTrue();
    assertThat(LikePattern.matches("%a%b", "xxaxxbxx", false)).isFalse();
    assertThat(LikePattern.matches("", "", false)).isTrue();
    assertThat(LikePattern.matches("%", "", false)).isTrue();
  }

  @Test
  @DisplayName("GLOB patterns bracket GLOB's own metacharacters")
  void glob() {
    assertThat(LikePattern.toGlob("a%b_c")).isEqualTo("a*b?c");
    assertThat(LikePattern.toGlob("*?[]")).isEqualTo("[*][?][[]]");
    assertThat(LikePattern.toGlob("x\\%y\\_z\\\\")).isEqualTo("x%y_z\\");
    assertThat(LikePattern.foldAscii("AbC\u00c9")).isEqualTo("abc\u00c9");
  }
}
