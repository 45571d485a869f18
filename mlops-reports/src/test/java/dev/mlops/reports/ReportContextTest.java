package dev.mlops.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.artifact.ArtifactRef;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReportContext")
class ReportContextTest {
  @Test
  @DisplayName("the generation time is read once from the injected clock, at build")
  void clockReadAtBuild() {
    AtomicInteger reads = new AtomicInteger();
    InstantSource clock = () -> Instant.ofEpochSecond(1_000 + reads.incrementAndGet());
    ReportContext.Builder builder = ReportContext.builder("t", clock).run("r1");
    assertThat(reads).hasValue(0);
    ReportContext context = builder.build();
    assertThat(reads).hasValue(1);
    assertThat(context.generatedAt()).isEqualTo(Instant.ofEpochSecond(1_001));
  }

  @Test
  @DisplayName("sources keep their order and print artifacts and models as name:version")
  void sources() {
    ReportContext context =
        ReportContext.builder("t", Fixtures.CLOCK)
            .file("reference", "ref.csv")
            .artifact("current", new ArtifactRef("cur", 4))
            .model("churn", 2)
            .run("abc")
            .build();
    assertThat(context.sources())
        .containsExactly(
            new ReportContext.Source(ReportContext.Kind.FILE, "reference", "ref.csv"),
            new ReportContext.Source(ReportContext.Kind.ARTIFACT, "current", "cur:4"),
            new ReportContext.Source(ReportContext.Kind.MODEL, "model", "churn:2"),
            new ReportContext.Source(ReportContext.Kind.RUN, "run", "abc"));
  }

  @Test
  @DisplayName("blank titles, roles and ids and model versions below 1 are rejected")
  void rejectsBadInput() {
    assertThatThrownBy(() -> ReportContext.builder(" ", Fixtures.CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("title");
    ReportContext.Builder b = ReportContext.builder("t", Fixtures.CLOCK);
    assertThatThrownBy(() -> b.file("", "x.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("role");
    assertThatThrownBy(() -> b.run(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
    assertThatThrownBy(() -> b.model("m", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version must be >= 1");
    assertThatThrownBy(() -> ReportContext.builder("t", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
  }

  @Test
  @DisplayName("Source is a value")
  void sourceIsAValue() {
    EqualsVerifier.forClass(ReportContext.Source.class).verify();
  }
}
