package dev.mlops.reports.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The JSON data block's escaping, for any text (with the characters that matter made likely). */
class JsonBlockPropertiesTest {

  @Provide
  Arbitrary<String> hostile() {
    Arbitrary<Character> dangerous =
        Arbitraries.of('<', '>', '&', '/', '"', '\\', '\u2028', '\u2029', '!', '-', 's', ' ');
    Arbitrary<Character> any = Arbitraries.chars();
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, dangerous), net.jqwik.api.Tuple.of(1, any))
        .list()
        .ofMaxSize(40)
        .map(
            cs -> {
              StringBuilder b = new StringBuilder();
              cs.forEach(b::append);
              return b.toString();
            });
  }

  @Property(tries = 500)
  @Label("the block never holds < > & U+2028 U+2029 and reads back to the same text")
  void safeAndFaithful(@ForAll("hostile") String text) throws Exception {
    String block = JsonBlock.of(Map.of("k", text, "list", List.of(text)));
    assertThat(block).doesNotContain("<", ">", "&", "\u2028", "\u2029");
    @SuppressWarnings("unchecked") // the block is the map written above
    Map<String, Object> back = new ObjectMapper().readValue(block, Map.class);
    assertThat(back).containsEntry("k", text).containsEntry("list", List.of(text));
  }
}
