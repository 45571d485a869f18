package dev.mlops.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.audit.AuditVerification.Finding;
import dev.mlops.api.audit.AuditVerification.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Laws of verification over generated chains of 1 to 60 events and one tampering at a generated
 * position: the finding names exactly the position and kind of the tampering. The chains are built
 * with {@link AuditChain} (the writer); the expected findings follow from where the test tampered.
 */
class AuditVerifierPropertiesTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final AuditChain PLAIN = new AuditChain(null);
  static final AuditChain KEYED = new AuditChain("0123456789abcdef".getBytes(UTF_8));

  /** A chain of n events as the library writes them. */
  static List<AuditEvent> chain(AuditChain c, int n) {
    List<AuditEvent> events = new ArrayList<>();
    String previous = AuditEvent.GENESIS_HASH;
    for (int i = 1; i <= n; i++) {
      AuditEvent e = seal(c, i, T0.plusSeconds(i), "actor-" + i, "subject-" + i, previous);
      events.add(e);
      previous = e.hash();
    }
    return events;
  }

  static AuditEvent seal(
      AuditChain c, long seq, Instant time, String actor, String subject, String previous) {
    Map<String, String> details = Map.of("n", Long.toString(seq));
    return new AuditEvent(
        seq,
        time,
        actor,
        "app.test",
        subject,
        details,
        previous,
        c.hash(seq, time, actor, "app.test", subject, details, previous));
  }

  static AuditCheckpoint head(List<AuditEvent> events) {
    AuditEvent last = events.get(events.size() - 1);
    return new AuditCheckpoint(last.sequence(), last.hash());
  }

  /** Runs a verifier over stored events; returns the first finding, or null. */
  static @Nullable Finding verify(
      AuditChain c,
      List<AuditEvent> stored,
      AuditCheckpoint headRecord,
      @Nullable AuditCheckpoint checkpoint) {
    DefaultAuditLog.Verifier v = new DefaultAuditLog.Verifier(c, headRecord, checkpoint);
    for (AuditEvent e : stored) {
      Finding f = v.next(e);
      if (f != null) {
        return f;
      }
    }
    return v.end();
  }

  static AuditEvent renumber(AuditEvent e, long seq) {
    return new AuditEvent(
        seq, e.time(), e.actor(), e.action(), e.subject(), e.details(), e.previousHash(), e.hash());
  }

  /** (n, k): a chain length and a 1-based position in it. */
  @Provide
  Arbitrary<int[]> position() {
    return Arbitraries.integers()
        .between(1, 60)
        .flatMap(n -> Arbitraries.integers().between(1, n).map(k -> new int[] {n, k}));
  }

  @Provide
  Arbitrary<int[]> field() {
    return Combinators.combine(position(), Arbitraries.integers().between(0, 3))
        .as((p, f) -> new int[] {p[0], p[1], f});
  }

  @Property(tries = 200)
  @Label("an untampered chain is intact, unanchored and against its checkpoint, keyed or not")
  void intact(@ForAll("position") int[] p) {
    for (AuditChain c : List.of(PLAIN, KEYED)) {
      List<AuditEvent> events = chain(c, p[0]);
      assertThat(verify(c, events, head(events), null)).isNull();
      assertThat(verify(c, events, head(events), head(events))).isNull();
    }
  }

  @Property(tries = 300)
  @Label("one edited field (time, actor, subject or details) is EDITED at its sequence")
  void edited(@ForAll("field") int[] p) {
    int k = p[1];
    List<AuditEvent> events = chain(PLAIN, p[0]);
    AuditCheckpoint head = head(events);
    AuditEvent e = events.get(k - 1);
    AuditEvent changed =
        switch (p[2]) {
          case 0 ->
              new AuditEvent(
                  k,
                  e.time().plusNanos(1),
                  e.actor(),
                  e.action(),
                  e.subject(),
                  e.details(),
                  e.previousHash(),
                  e.hash());
          case 1 ->
              new AuditEvent(
                  k,
                  e.time(),
                  "mallory",
                  e.action(),
                  e.subject(),
                  e.details(),
                  e.previousHash(),
                  e.hash());
          case 2 ->
              new AuditEvent(
                  k,
                  e.time(),
                  e.actor(),
                  e.action(),
                  e.subject() + "x",
                  e.details(),
                  e.previousHash(),
                  e.hash());
          default ->
              new AuditEvent(
                  k,
                  e.time(),
                  e.actor(),
                  e.action(),
                  e.subject(),
                  Map.of("n", "0"),
                  e.previousHash(),
                  e.hash());
        };
    events.set(k - 1, changed);
    Finding f = verify(PLAIN, events, head, null);
    assertThat(f).isNotNull();
    assertThat(f.problem()).isEqualTo(Problem.EDITED);
    assertThat(f.sequence()).isEqualTo(k);
  }

  @Property(tries = 300)
  @Label("one removed event is REMOVED at its sequence, renumbered or not; at the tail TRUNCATED")
  void removed(@ForAll("position") int[] p, @ForAll boolean renumber, @ForAll boolean keyed) {
    int n = p[0];
    int k = p[1];
    AuditChain c = keyed ? KEYED : PLAIN;
    List<AuditEvent> events = chain(c, n);
    AuditCheckpoint head = head(events);
    events.remove(k - 1);
    if (renumber) {
      for (int i = k - 1; i < events.size(); i++) {
        events.set(i, renumber(events.get(i), i + 1));
      }
    }
    Finding f = verify(c, events, head, null);
    assertThat(f).isNotNull();
    assertThat(f.sequence()).isEqualTo(k);
    assertThat(f.problem()).isEqualTo(k == n ? Problem.TRUNCATED : Problem.REMOVED);
  }

  @Property(tries = 300)
  @Label(
      "a well-hashed event inserted before existing ones, renumbering them, is INSERTED at its sequence")
  void inserted(@ForAll("position") int[] p) {
    int k = p[1];
    List<AuditEvent> events = chain(PLAIN, p[0]);
    AuditCheckpoint head = head(events);
    String previous = k == 1 ? AuditEvent.GENESIS_HASH : events.get(k - 2).hash();
    events.add(k - 1, seal(PLAIN, k, T0, "mallory", "forged", previous));
    for (int i = k; i < events.size(); i++) {
      events.set(i, renumber(events.get(i), i + 1));
    }
    Finding f = verify(PLAIN, events, head, null);
    assertThat(f).isNotNull();
    assertThat(f.problem()).isEqualTo(Problem.INSERTED);
    assertThat(f.sequence()).isEqualTo(k);
  }

  @Property(tries = 200)
  @Label(
      "a chain recomputed after an edit: intact unanchored, RECOMPUTED against the checkpoint, EDITED with the key")
  void recomputed(@ForAll("position") int[] p) {
    int n = p[0];
    int k = p[1];
    for (AuditChain c : List.of(PLAIN, KEYED)) {
      List<AuditEvent> events = chain(c, n);
      AuditCheckpoint checkpoint = head(events);
      List<AuditEvent> forged = new ArrayList<>(events.subList(0, k - 1));
      String previous = k == 1 ? AuditEvent.GENESIS_HASH : events.get(k - 2).hash();
      for (int i = k; i <= n; i++) {
        AuditEvent e = events.get(i - 1);
        AuditEvent f =
            seal(PLAIN, i, e.time(), i == k ? "mallory" : e.actor(), e.subject(), previous);
        forged.add(f);
        previous = f.hash();
      }
      AuditCheckpoint forgedHead = head(forged);
      Finding unanchored = verify(c, forged, forgedHead, null);
      Finding anchored = verify(c, forged, forgedHead, checkpoint);
      if (c == PLAIN) {
        assertThat(unanchored).isNull();
        assertThat(anchored).isNotNull();
        assertThat(anchored.problem()).isEqualTo(Problem.RECOMPUTED);
        assertThat(anchored.sequence()).isEqualTo(n);
      } else {
        assertThat(unanchored).isNotNull();
        assertThat(unanchored.problem()).isEqualTo(Problem.EDITED);
        assertThat(unanchored.sequence()).isEqualTo(k);
        assertThat(anchored).isEqualTo(unanchored);
      }
    }
  }
}
