package dev.mlops.core.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("GitInfo")
class GitInfoTest {
  private static final Path ROOT = Path.of("/repo");
  private static final String SHA1 = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
  private static final String SHA256 =
      "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321";

  @Test
  @DisplayName("accepts 40- and 64-digit commits, a null commit, and a reason only with dirty null")
  void valid() {
    assertThat(new GitInfo(ROOT, SHA1, "main", false, null).commit()).isEqualTo(SHA1);
    assertThat(new GitInfo(ROOT, SHA256, null, true, null).commit()).hasSize(64);
    assertThat(new GitInfo(ROOT, null, "main", null, "why").dirtyUnknownReason()).isEqualTo("why");
  }

  @ParameterizedTest(name = "commit ''{0}'' is refused")
  @ValueSource(
      strings = {
        "",
        "4B825DC642CB6EB9A060E54BF8D69288FBEE4904",
        "4b825dc642cb6eb9a060e54bf8d69288fbee490",
        "4b825dc642cb6eb9a060e54bf8d69288fbee4904a",
        "zz825dc642cb6eb9a060e54bf8d69288fbee4904"
      })
  void badCommit(String commit) {
    assertThatThrownBy(() -> new GitInfo(ROOT, commit, null, false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hex");
  }

  @Test
  @DisplayName("a reason must come exactly with an unknown dirty flag")
  void reasonPairing() {
    assertThatThrownBy(() -> new GitInfo(ROOT, SHA1, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GitInfo(ROOT, SHA1, null, true, "why"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GitInfo(ROOT, SHA1, null, null, " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GitInfo(ROOT, SHA1, "", false, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GitInfo(null, SHA1, null, false, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("repositoryRoot");
  }

  @Test
  @DisplayName("GitReader.read refuses a null start with the argument's name")
  void nullStart() {
    assertThatThrownBy(() -> GitReader.read(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("start");
  }
}
