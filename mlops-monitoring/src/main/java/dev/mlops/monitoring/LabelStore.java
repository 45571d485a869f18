package dev.mlops.monitoring;

import java.util.Arrays;

/**
 * The joined (prediction, label) pairs of one pane: 16 bytes per label.
 *
 * <p>Thread-safe: every method locks a private lock. Once {@link #close()}d (its last window is
 * final) it refuses labels, so a label is counted either in its windows or as late, never lost.
 */
final class LabelStore {
  private final Object lock = new Object();
  private double[] predictions = new double[16];
  private double[] labels = new double[16];
  private int size;
  private boolean closed;

  /** Returns false when closed. */
  boolean add(double prediction, double label) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      if (size == predictions.length) {
        predictions = Arrays.copyOf(predictions, size * 2);
        labels = Arrays.copyOf(labels, size * 2);
      }
      predictions[size] = prediction;
      labels[size] = label;
      size++;
      return true;
    }
  }

  void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  /** Appends this store's pairs to the target arrays from {@code at}; returns the new end. */
  int copyTo(Pairs target) {
    synchronized (lock) {
      target.append(predictions, labels, size);
      return target.size;
    }
  }

  /** A growable pair of arrays. */
  static final class Pairs {
    double[] predictions = new double[0];
    double[] labels = new double[0];
    int size;

    void append(double[] p, double[] l, int n) {
      if (size + n > predictions.length) {
        predictions = Arrays.copyOf(predictions, size + n);
        labels = Arrays.copyOf(labels, size + n);
      }
      System.arraycopy(p, 0, predictions, size, n);
      System.arraycopy(l, 0, labels, size, n);
      size += n;
    }
  }
}
