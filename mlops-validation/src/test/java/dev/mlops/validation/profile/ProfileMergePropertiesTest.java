package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.table.Table;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Merge laws (jqwik): exact equality for counts, min, max and frequencies; moments to rounding;
 * sketches within their stated error of the truth.
 */
class ProfileMergePropertiesTest {

  private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withExactFrequencyCap(40);

  @Property(tries = 60)
  @Label("merge is associative: (a + b) + c and a + (b + c) agree")
  void associative(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 900) int n1,
      @ForAll @IntRange(min = 0, max = 900) int n2,
      @ForAll @IntRange(min = 0, max = 900) int n3,
      @ForAll @IntRange(min = 1, max = 60) int levels) {
    Table t = Fixtures.table(seed, n1 + n2 + n3, levels);
    Profile a = Profiler.profile(t.slice(0, n1), OPTIONS);
    Profile b = Profiler.profile(t.slice(n1, n1 + n2), OPTIONS);
    Profile c = Profiler.profile(t.slice(n1 + n2, n1 + n2 + n3), OPTIONS);
    Profile left = a.merge(b).merge(c);
    Profile right = a.merge(b.merge(c));
    Fixtures.assertExactPartsEqual(left, right);
    Fixtures.assertSketchesWithinBounds(left, t);
    Fixtures.assertSketchesWithinBounds(right, t);
  }

  @Property(tries = 60)
  @Label("merge is commutative: a + b and b + a agree, moments bit for bit")
  void commutative(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 1500) int n1,
      @ForAll @IntRange(min = 0, max = 1500) int n2,
      @ForAll @IntRange(min = 1, max = 60) int levels) {
    Table t = Fixtures.table(seed, n1 + n2, levels);
    Profile a = Profiler.profile(t.slice(0, n1), OPTIONS);
    Profile b = Profiler.profile(t.slice(n1, n1 + n2), OPTIONS);
    Profile ab = a.merge(b);
    Profile ba = b.merge(a);
    Fixtures.assertExactPartsEqual(ab, ba);
    for (String col : new String[] {"x", "y"}) {
      NumericColumnProfile p = (NumericColumnProfile) ab.column(col);
      NumericColumnProfile q = (NumericColumnProfile) ba.column(col);
      assertThat(p.moments()).isEqualTo(q.moments());
    }
    Fixtures.assertSketchesWithinBounds(ab, t);
    Fixtures.assertSketchesWithinBounds(ba, t);
  }

  @Property(tries = 60)
  @Label("merge leaves both inputs unchanged (their encoded bytes are the same after)")
  void inputsUnchanged(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 1500) int n1,
      @ForAll @IntRange(min = 0, max = 1500) int n2) {
    Table t = Fixtures.table(seed, n1 + n2, 30);
    Profile a = Profiler.profile(t.slice(0, n1), OPTIONS);
    Profile b = Profiler.profile(t.slice(n1, n1 + n2), OPTIONS);
    byte[] before = ProfileBinaryFormat.encode(a);
    byte[] beforeB = ProfileBinaryFormat.encode(b);
    a.merge(b);
    b.merge(a);
    assertThat(ProfileBinaryFormat.encode(a)).isEqualTo(before);
    assertThat(ProfileBinaryFormat.encode(b)).isEqualTo(beforeB);
  }

  @Property(tries = 40)
  @Label("profiling a table in chunks and merging equals profiling it whole")
  void chunksEqualWhole(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 4000) int rows,
      @ForAll @IntRange(min = 1, max = 1000) int chunk,
      @ForAll @IntRange(min = 1, max = 60) int levels) {
    Table t = Fixtures.table(seed, rows, levels);
    Profile whole = Profiler.profile(t, OPTIONS);
    Profile merged = null;
    for (int from = 0; from < rows; from += chunk) {
      Profile p = Profiler.profile(t.slice(from, Math.min(rows, from + chunk)), OPTIONS);
      merged = merged == null ? p : merged.merge(p);
    }
    if (merged == null) {
      merged = Profiler.profile(t.slice(0, 0), OPTIONS);
    }
    Fixtures.assertExactPartsEqual(merged, whole);
    Fixtures.assertSketchesWithinBounds(merged, t);
    Fixtures.assertSketchesWithinBounds(whole, t);
  }
}
