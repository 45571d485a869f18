package dev.mlops.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Git's delta format, encoded here from Documentation/gitformat-pack.txt independently of the
 * decoder: random copy/insert programs over random bases must reproduce their target.
 */
class GitDeltaPropertiesTest {

  @Property
  @Label("applying a delta reproduces the target for any mix of copies and inserts")
  void deltaRoundTrip(
      @ForAll @Size(min = 1, max = 300) byte[] base,
      @ForAll("ops") @Size(max = 20) int[][] ops,
      @ForAll @IntRange(min = 0, max = 1) int bigCopy)
      throws Undecidable {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    ByteArrayOutputStream program = new ByteArrayOutputStream();
    byte[] bigBase = base;
    if (bigCopy == 1) {
      // Exercise the "size 0 means 0x10000" rule and multi-byte offsets.
      bigBase = Arrays.copyOf(base, 0x10000 + 300);
      copy(program, 0, 0x10000);
      target.write(bigBase, 0, 0x10000);
    }
    for (int[] op : ops) {
      if (op[0] == 0) {
        int off = Math.floorMod(op[1], bigBase.length);
        int len = 1 + Math.floorMod(op[2], bigBase.length - off);
        copy(program, off, len);
        target.write(bigBase, off, len);
      } else {
        int len = 1 + Math.floorMod(op[2], 127);
        byte[] lit = new byte[len];
        Arrays.fill(lit, (byte) op[1]);
        program.write(len);
        program.writeBytes(lit);
        target.writeBytes(lit);
      }
    }
    ByteArrayOutputStream delta = new ByteArrayOutputStream();
    varint(delta, bigBase.length);
    varint(delta, target.size());
    delta.writeBytes(program.toByteArray());
    assertThat(GitObjects.applyDelta(bigBase, delta.toByteArray())).isEqualTo(target.toByteArray());
  }

  @Provide
  Arbitrary<int[][]> ops() {
    Arbitrary<int[]> op =
        Arbitraries.integers()
            .between(0, 1)
            .flatMap(
                kind ->
                    Arbitraries.integers()
                        .list()
                        .ofSize(2)
                        .map(l -> new int[] {kind, l.get(0), l.get(1)}));
    return op.array(int[][].class);
  }

  private static void copy(ByteArrayOutputStream out, int off, int len) {
    int cmd = 0x80;
    ByteArrayOutputStream args = new ByteArrayOutputStream();
    for (int i = 0; i < 4; i++) {
      int b = (off >>> (8 * i)) & 0xff;
      if (b != 0) {
        cmd |= 1 << i;
        args.write(b);
      }
    }
    int size = len == 0x10000 ? 0 : len;
    for (int i = 0; i < 3; i++) {
      int b = (size >>> (8 * i)) & 0xff;
      if (b != 0) {
        cmd |= 0x10 << i;
        args.write(b);
      }
    }
    out.write(cmd);
    out.writeBytes(args.toByteArray());
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long v = value;
    while (v >= 0x80) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }
}
