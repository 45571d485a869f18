package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Laws of the run JSON format: read(write(x)) == x. */
@Label("run JSON properties")
class RunJsonProperties {
  private final RunJson json = new RunJson();

  @Provide
  Arbitrary<MetricPoint> points() {
    Arbitrary<Double> values =
        Arbitraries.oneOf(
            Arbitraries.doubles(),
            Arbitraries.of(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -0.0,
                0.0,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                -Double.MAX_VALUE),
            Arbitraries.longs().map(Double::longBitsToDouble));
    Arbitrary<Instant> times =
        Arbitraries.longs()
            .between(-62_135_596_800L, 253_402_300_799L)
            .flatMap(
                s ->
                    Arbitraries.integers()
                        .between(0, 999_999_999)
                        .map(n -> Instant.ofEpochSecond(s, n)));
    Arbitrary<String> keys = Arbitraries.of("loss", "train/loss", "a.b-c_d", "x y");
    return Combinators.combine(keys, values, Arbitraries.longs(), times).as(MetricPoint::new);
  }

  @Property(tries = 200)
  @Label("every metric point, of any double value, step and instant, reads back equal")
  void metricsRoundTrip(@ForAll @Size(max = 60) List<@From("points") MetricPoint> points) {
    Instant t = Instant.parse("2026-03-01T10:15:30Z");
    RunJson.Document doc =
        new RunJson.Document(
            new Run("r-1", "imported", null, "n", RunStatus.FINISHED, t, t.plusSeconds(1), "note"),
            "exp",
            List.of(Param.of("lr", 0.001), Param.of("opt", "adam"), Param.of("b", true)),
            Map.of("team", "risk", "mlops.host", "h"),
            points);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    json.write(doc, out);
    RunJson.Document back = json.read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back.metrics()).isEqualTo(points);
    assertThat(back.params()).isEqualTo(doc.params());
    assertThat(back.tags()).isEqualTo(doc.tags());
    assertThat(back.run()).isEqualTo(doc.run());
    assertThat(back.experimentName()).isEqualTo("exp");
  }
}
