package dev.mlops.cli;

import java.io.Console;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A one-line progress bar on standard error for long reads: {@code \r}-redrawn at most every {@link
 * #REDRAW_NANOS} nanoseconds, cleared when the read ends. It is shown only when standard error is a
 * terminal ({@code System.console() != null}) and {@code --quiet} is not given; otherwise it prints
 * nothing, so batch jobs and pipes see clean output.
 *
 * <p>Not thread-safe: one reading thread drives it.
 *
 * <pre>{@code
 * Progress p = Progress.forTerminal(err, quiet);
 * try (InputStream in = p.track("reading data.csv", Files.newInputStream(f), Files.size(f))) {
 *   reader.read(in);
 * }
 * }</pre>
 */
final class Progress {
  /** The least time between two redraws: 10 per second. */
  static final long REDRAW_NANOS = 100_000_000L;

  /** The characters of the bar between the brackets. */
  static final int WIDTH = 30;

  private static final Progress NONE = new Progress(null, System::nanoTime);

  private final @Nullable PrintWriter err;
  private final LongSupplier nanos;
  private String label = "";
  private long total;
  private long done;
  private long lastDraw = Long.MIN_VALUE;
  private int lastLength;

  /** A progress bar drawing on {@code err}, or none when {@code err} is null. */
  Progress(@Nullable PrintWriter err, LongSupplier nanos) {
    this.err = err;
    this.nanos = nanos;
  }

  /** The progress bar that draws nothing. */
  static Progress none() {
    return NONE;
  }

  /**
   * The command line's progress bar: drawn on {@code err} when standard error is a terminal and
   * {@code quiet} is false, else {@link #none()}.
   */
  static Progress forTerminal(PrintWriter err, boolean quiet) {
    return !quiet && terminal() ? new Progress(err, System::nanoTime) : NONE;
  }

  /**
   * Whether the JVM runs attached to a terminal: {@code System.console() != null}, and on JDK 22
   * and later (where a console may exist without a terminal) also {@code Console.isTerminal()}.
   */
  static boolean terminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true; // JDK 17 to 21: a console is a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Whether this bar draws anything. */
  boolean enabled() {
    return err != null;
  }

  /**
   * Wraps a stream so that reading it advances the bar; closing the wrapper clears the bar.
   *
   * @param what what is read, e.g. {@code reading data.csv}
   * @param in the stream
   * @param size its length in bytes, or -1 when unknown
   * @return the wrapper, or {@code in} itself when this bar draws nothing
   */
  InputStream track(String what, InputStream in, long size) {
    if (err == null) {
      return in;
    }
    start(what, size);
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n > 0) {
          advance(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long s = super.skip(n);
        if (s > 0) {
          advance(s);
        }
        return s;
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          finish();
        }
      }
    };
  }

  /** Starts a bar (drawn at once). */
  void start(String what, long size) {
    label = what;
    total = size;
    done = 0;
    lastDraw = Long.MIN_VALUE;
    draw(nanos.getAsLong());
  }

  /** Adds bytes read, redrawing when the last draw is old enough. */
  void advance(long bytes) {
    done += bytes;
    long now = nanos.getAsLong();
    if (now - lastDraw >= REDRAW_NANOS) {
      draw(now);
    }
  }

  /** Clears the bar's line. */
  void finish() {
    if (err == null || lastLength == 0) {
      return;
    }
    err.print("\r" + " ".repeat(lastLength) + "\r");
    err.flush();
    lastLength = 0;
  }

  private void draw(long now) {
    if (err == null) {
      return;
    }
    lastDraw = now;
    String line = line(label, done, total);
    int pad = Math.max(0, lastLength - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastLength = line.length();
  }

  /** The text of the bar: label, bar and percentage when the size is known, bytes read. */
  static String line(String label, long done, long total) {
    StringBuilder b = new StringBuilder(label).append(' ');
    if (total > 0) {
      double f = Math.min(1.0, (double) done / total);
      int filled = (int) Math.floor(f * WIDTH);
      b.append('[')
          .append("#".repeat(filled))
          .append(".".repeat(WIDTH - filled))
          .append("] ")
          .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100)))
          .append("  ")
          .append(bytes(done))
          .append(" / ")
          .append(bytes(total));
    } else {
      b.append(bytes(done));
    }
    return b.toString();
  }

  /** Bytes in binary units with one decimal: {@code 512 B}, {@code 1.5 KiB}, {@code 2.0 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
