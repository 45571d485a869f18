package dev.mlops.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The law the in-memory store's rollback rests on: replaying the undo log restores the tables
 * exactly, whatever sequence of changes was logged; and clearing it (a commit) keeps them.
 */
class InMemoryUndoLogTest {

  /** One change: kind 0 put, 1 remove, 2 nested put, 3 nested remove, 4 append, 5 add to set. */
  record Op(int kind, String outer, String inner, int value) {}

  /** A miniature of the store's tables: a map, a map of maps, a list and a set. */
  static final class Tables {
    final TreeMap<String, Integer> flat = new TreeMap<>();
    final TreeMap<String, TreeMap<String, Integer>> nested = new TreeMap<>();
    final List<Integer> list = new ArrayList<>();
    final TreeSet<Integer> set = new TreeSet<>();

    /** A deep copy, as an independent picture of the contents. */
    Map<String, Object> snapshot() {
      TreeMap<String, TreeMap<String, Integer>> nestedCopy = new TreeMap<>();
      nested.forEach((k, v) -> nestedCopy.put(k, new TreeMap<>(v)));
      return Map.of(
          "flat",
          new TreeMap<>(flat),
          "nested",
          nestedCopy,
          "list",
          List.copyOf(list),
          "set",
          new TreeSet<>(set));
    }

    void apply(Op op, InMemoryUndoLog log) {
      switch (op.kind()) {
        case 0 -> log.put(flat, op.outer(), op.value());
        case 1 -> log.remove(flat, op.outer());
        case 2 -> log.put(log.child(nested, op.outer(), TreeMap::new), op.inner(), op.value());
        case 3 -> {
          TreeMap<String, Integer> inner = nested.get(op.outer());
          if (inner != null) {
            log.remove(inner, op.inner());
          }
        }
        case 4 -> log.append(list, op.value());
        default -> log.add(set, op.value());
      }
    }

    /** Applies changes without logging them: the state a transaction starts from. */
    void seed(List<Op> ops) {
      InMemoryUndoLog throwaway = new InMemoryUndoLog();
      ops.forEach(op -> apply(op, throwaway));
    }
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op =
        Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.of("a", "b", "c"),
                Arbitraries.of("x", "y", "z"),
                Arbitraries.integers().between(0, 4))
            .as(Op::new);
    return op.list().ofMaxSize(40);
  }

  @Property(tries = 300)
  @Label("rolling back any sequence of logged changes restores the tables exactly")
  void rollbackRestores(@ForAll("ops") List<Op> before, @ForAll("ops") List<Op> changes) {
    Tables tables = new Tables();
    tables.seed(before);
    Map<String, Object> start = tables.snapshot();
    InMemoryUndoLog log = new InMemoryUndoLog();
    changes.forEach(op -> tables.apply(op, log));
    log.rollback();
    assertThat(tables.snapshot()).isEqualTo(start);
  }

  @Property(tries = 200)
  @Label("after clear (a commit), a rollback changes nothing")
  void clearCommits(@ForAll("ops") List<Op> before, @ForAll("ops") List<Op> changes) {
    Tables tables = new Tables();
    tables.seed(before);
    InMemoryUndoLog log = new InMemoryUndoLog();
    changes.forEach(op -> tables.apply(op, log));
    Map<String, Object> committed = tables.snapshot();
    log.clear();
    log.rollback();
    assertThat(tables.snapshot()).isEqualTo(committed);
  }
}
