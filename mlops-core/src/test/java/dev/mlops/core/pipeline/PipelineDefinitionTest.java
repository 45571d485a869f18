package dev.mlops.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.RetryPolicy;
import dev.mlops.api.pipeline.Step;
import dev.mlops.core.codec.Codecs;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Pipeline definition")
class PipelineDefinitionTest {
  static final Output<String> X = Output.of("x", Codecs.utf8());
  static final Output<String> Y = Output.of("y", Codecs.utf8());
  static final Output<String> Z = Output.of("z", Codecs.utf8());

  static Step step(String name, Output<?> out, Output<?>... in) {
    Step.Builder b = Step.builder(name).output(out);
    for (Output<?> i : in) {
      b.input(i);
    }
    return b.body(ctx -> {});
  }

  @Nested
  @DisplayName("validation names the culprits")
  class Validation {
    @Test
    @DisplayName("a cycle is printed in the direction data flows")
    void cycle() {
      assertThatThrownBy(
              () ->
                  Pipeline.builder("p")
                      .step(step("a", X, Z))
                      .step(step("b", Y, X))
                      .step(step("c", Z, Y))
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cycle: a -> b -> c -> a");
    }

    @Test
    @DisplayName("a cycle through an ordering edge is found too")
    void cycleWithOrdering() {
      assertThatThrownBy(
              () ->
                  Pipeline.builder("p")
                      .step(Step.builder("a").output(X).after("b").body(ctx -> {}))
                      .step(step("b", Y, X))
                      .build())
          .hasMessageContaining("cycle: a -> b -> a");
    }

    @Test
    @DisplayName("an input with no producer")
    void noProducer() {
      assertThatThrownBy(() -> Pipeline.builder("p").step(step("b", Y, X)).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("pipeline 'p' is invalid: step 'b' reads output 'x', which no step produces");
    }

    @Test
    @DisplayName("an output produced twice")
    void producedTwice() {
      assertThatThrownBy(() -> Pipeline.builder("p").step(step("a", X)).step(step("b", X)).build())
          .hasMessageContaining("output 'x' is produced twice, by steps 'a' and 'b'");
    }

    @Test
    @DisplayName("a type mismatch between producer and consumer")
    void typeMismatch() {
      Output<Long> xAsLong = Output.of("x", Codecs.json(Long.class));
      assertThatThrownBy(
              () ->
                  Pipeline.builder("p")
                      .step(step("a", X))
                      .step(Step.builder("b").input(xAsLong).body(ctx -> {}))
                      .build())
          .hasMessageContaining(
              "type mismatch: step 'b' reads output 'x' as java.lang.Long, but step 'a' produces"
                  + " java.lang.String (codec mlops.utf8)");
    }

    @Test
    @DisplayName("a consumer may read a producer's value as a supertype")
    void supertypeAccepted() {
      Output<CharSequence> asChars =
          Output.of(
              "x",
              new dev.mlops.spi.Codec<CharSequence>() {
                @Override
                public String id() {
                  return "chars";
                }

                @Override
                public int version() {
                  return 1;
                }

                @Override
                public Class<CharSequence> type() {
                  return CharSequence.class;
                }

                @Override
                public String mediaType() {
                  return "text/plain";
                }

                @Override
                public void encode(CharSequence value, java.io.OutputStream out) {}

                @Override
                public CharSequence decode(java.io.InputStream in) {
                  return "";
                }
              });
      Pipeline p =
          Pipeline.builder("p")
              .step(step("a", X))
              .step(Step.builder("b").input(asChars).body(ctx -> {}))
              .build();
      assertThat(p.upstream("b")).containsExactly("a");
    }

    @Test
    @DisplayName("duplicate step names, and every problem in one message")
    void duplicatesAndMany() {
      assertThatThrownBy(
              () ->
                  Pipeline.builder("p")
                      .step(step("a", X))
                      .step(step("a", Y))
                      .step(Step.builder("c").after("nope").body(ctx -> {}))
                      .build())
          .hasMessageContaining("duplicate step name 'a'")
          .hasMessageContaining("step 'c' runs after 'nope', which is not a step of pipeline 'p'");
    }

    @Test
    @DisplayName("a parameter declared with two types")
    void parameterTypes() {
      Parameter<Long> n = Parameter.ofLong("n");
      Parameter<String> s = Parameter.ofString("n");
      assertThatThrownBy(
              () ->
                  Pipeline.builder("p")
                      .step(Step.builder("a").input(n).body(ctx -> {}))
                      .step(Step.builder("b").input(s).body(ctx -> {}))
                      .build())
          .hasMessageContaining(
              "parameter 'n' is declared as Long by step 'a' and as String by step 'b'");
    }

    @Test
    @DisplayName("builders reject bad names, double sets and self edges at once")
    void builderChecks() {
      assertThatThrownBy(() -> Step.builder("../x")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Step.builder("a").version("1").version("2"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("version was already set");
      assertThatThrownBy(() -> Step.builder("a").after("a"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Step.builder("a").output(X).output(X))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> Step.builder("a").timeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Pipeline.builder("p").build())
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> Arguments.of(Parameter.ofDouble("d"), Double.NaN))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  @DisplayName("steps come in a topological order, the earliest-added ready step first")
  void topological() {
    Pipeline p =
        Pipeline.builder("p")
            .step(step("c", Z, Y))
            .step(step("b", Y, X))
            .step(step("a", X))
            .step(Step.builder("d").body(ctx -> {}))
            .build();
    assertThat(p.steps()).extracting(Step::name).containsExactly("a", "b", "c", "d");
  }

  @Test
  @DisplayName("an included pipeline's steps are prefixed and read through the same handles")
  void include() {
    Pipeline inner =
        Pipeline.builder("inner")
            .step(step("make", X))
            .step(Step.builder("after").after("make").body(ctx -> {}))
            .build();
    Pipeline outer = Pipeline.builder("outer").include(inner).step(step("use", Y, X)).build();
    assertThat(outer.steps())
        .extracting(Step::name)
        .containsExactly("inner.make", "inner.after", "use");
    assertThat(outer.upstream("use")).containsExactly("inner.make");
    assertThat(outer.upstream("inner.after")).containsExactly("inner.make");
  }

  @Test
  @DisplayName("DOT and Mermaid show every step and edge, ordering edges dashed")
  void exports() {
    Pipeline p =
        Pipeline.builder("p")
            .step(step("a", X))
            .step(step("b", Y, X))
            .step(Step.builder("c").after("b").body(ctx -> {}))
            .build();
    assertThat(p.toDot())
        .isEqualTo(
            "digraph \"p\" {\n  rankdir=LR;\n"
                + "  s0 [label=\"a v1\", shape=box];\n"
                + "  s1 [label=\"b v1\", shape=box];\n"
                + "  s2 [label=\"c v1\", shape=box];\n"
                + "  s0 -> s1 [label=\"x\"];\n"
                + "  s1 -> s2 [style=dashed];\n"
                + "}\n");
    assertThat(p.toMermaid())
        .isEqualTo(
            "flowchart LR\n"
                + "  s0[\"a v1\"]\n  s1[\"b v1\"]\n  s2[\"c v1\"]\n"
                + "  s0 -- \"x\" --> s1\n  s1 -.-> s2\n");
  }

  @Test
  @DisplayName("exponential backoff grows by the multiplier and stops at the cap")
  void backoff() {
    RetryPolicy p = RetryPolicy.exponential(6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5));
    assertThat(p.backoffBefore(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoffBefore(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoffBefore(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.backoffBefore(5)).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> p.backoffBefore(7)).isInstanceOf(IllegalArgumentException.class);
  }
}
