package dev.mlops.core.metadata;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The undo log of one write transaction of {@link InMemoryMetadataStore}: every change to the
 * store's tables goes through it and pushes the action that reverts it. Rolling back runs the
 * actions newest first, which restores every table exactly as it was when the transaction began.
 *
 * <p>Not thread-safe: it belongs to one transaction, which runs under the store's write lock.
 */
final class InMemoryUndoLog {
  private final Deque<Runnable> undo = new ArrayDeque<>();

  /** Puts a value and logs how to restore the previous mapping (or its absence). */
  <K, V> @Nullable V put(Map<K, V> map, K key, V value) {
    boolean had = map.containsKey(key);
    V old = map.put(key, value);
    if (had) {
      undo.push(() -> map.put(key, old));
    } else {
      undo.push(() -> map.remove(key));
    }
    return old;
  }

  /** Removes a mapping and logs how to restore it. */
  <K, V> @Nullable V remove(Map<K, V> map, K key) {
    if (!map.containsKey(key)) {
      return null;
    }
    V old = map.remove(key);
    undo.push(() -> map.put(key, old));
    return old;
  }

  /** Returns the child collection under a key, creating it (and logging its removal) if absent. */
  <K, C> C child(Map<K, C> map, K key, Supplier<C> factory) {
    C existing = map.get(key);
    if (existing != null) {
      return existing;
    }
    C created = factory.get();
    map.put(key, created);
    undo.push(() -> map.remove(key));
    return created;
  }

  /** Appends an element to a list and logs its removal. */
  <E> void append(List<E> list, E element) {
    list.add(element);
    undo.push(() -> list.remove(list.size() - 1));
  }

  /** Adds an element to a set or list and logs its removal if it was added. */
  <E> boolean add(Collection<E> set, E element) {
    boolean added = set.add(element);
    if (added) {
      undo.push(() -> set.remove(element));
    }
    return added;
  }

  /** Logs an action that reverts a change the caller made itself. */
  void undo(Runnable action) {
    undo.push(action);
  }

  /** Reverts every logged change, newest first, and empties the log. */
  void rollback() {
    while (!undo.isEmpty()) {
      undo.pop().run();
    }
  }

  /** Forgets the logged changes: they are committed. */
  void clear() {
    undo.clear();
  }
}
