package dev.mlops.api;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the name rules over arbitrary text (jqwik; JUnit annotations do not apply). */
@Label("Names properties")
class NamesPropertiesTest {
  @Property
  @Label("no accepted name contains a path separator, '%', ':' or '#', or '..'")
  void acceptedNamesAreInert(@ForAll("anyText") String candidate) {
    boolean accepted;
    try {
      Names.requireName(candidate, "n");
      accepted = true;
    } catch (InvalidInputException e) {
      accepted = false;
    }
    if (accepted) {
      assertThat(candidate).doesNotContain("/", "\\", "%", ":", "#", "..", "\u0000");
      assertThat(candidate).matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    }
  }

  @Property
  @Label("no accepted key has an empty, '.' or '..' segment or a character outside the set")
  void acceptedKeysAreInert(@ForAll("anyText") String candidate) {
    boolean accepted;
    try {
      Names.requireKey(candidate, "k");
      accepted = true;
    } catch (InvalidInputException e) {
      accepted = false;
    }
    if (accepted) {
      assertThat(candidate).matches("[A-Za-z0-9._/ -]+");
      assertThat(candidate.split("/", -1))
          .allSatisfy(s -> assertThat(s).isNotEmpty().isNotEqualTo(".").isNotEqualTo(".."));
    }
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("./\\%:#ab- ").ofMaxLength(12),
        Arbitraries.strings().ascii().ofMaxLength(30));
  }
}
