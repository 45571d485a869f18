package dev.mlops.benchmarks;

import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.io.CsvOptions;
import dev.mlops.io.CsvTableReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the benchmark CSV of {@code shared/bench/gen-data.sh 1000000} (1,000,000 rows, 10 numeric
 * and 2 categorical columns, about 77 MB) into columns, from the page cache.
 *
 * <ul>
 *   <li>{@code mlopsInferred}: {@link CsvTableReader} with default options (types inferred from the
 *       first 1000 rows), giving a {@link Table}: what {@code mlops profile FILE} does.
 *   <li>{@code mlopsDeclared}: the same with every column type declared (no sampling pass).
 *   <li>{@code baseline}: a plain parse equivalent to the parse phase of the sketch-baseline floor:
 *       header split, types sniffed from the first 1000 rows, then one pass over 4 MiB blocks
 *       splitting on ',' and '\n' (no quoting), numbers through an exact decimal fast path (at most
 *       15 digits, no exponent, mantissa / 10^k) or {@code Double.parseDouble}, nulls as NaN, and
 *       one {@code String} per categorical value. Written for this benchmark; the target is {@code
 *       mlopsInferred} within 1.2x of it.
 * </ul>
 *
 * <p>Generate the file once (it builds the generator under /tmp if needed), then run:
 *
 * <pre>{@code
 * /work/shared/bench/gen-data.sh 1000000            # writes /tmp/bench-data/bench-1000000.csv
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar CsvReadBenchmark \
 *     -p file=/tmp/bench-data/bench-1000000.csv -rf json -rff csv.json
 * }</pre>
 *
 * <p>Not thread-safe: JMH runs it on one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class CsvReadBenchmark {
  private static volatile int sink;

  /** The CSV file; default {@code /tmp/bench-data/bench-1000000.csv}. */
  @Param({"/tmp/bench-data/bench-1000000.csv"})
  public String file;

  private Path path;
  private CsvTableReader inferred;
  private CsvTableReader declared;

  @Setup
  public void setUp() throws IOException {
    path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          file
              + " does not exist; generate it with /work/shared/bench/gen-data.sh 1000000 (or pass"
              + " -p file=PATH)");
    }
    inferred = CsvTableReader.withDefaults();
    Table sample = inferred.read(path);
    CsvOptions.Builder b = CsvOptions.builder().inferTypes(false);
    sample.schema().columns().forEach(c -> b.type(c.name(), c.type()));
    declared = CsvTableReader.of(b.build());
    if (sample.schema().columns().stream().filter(c -> c.type() == ColumnType.NUMERIC).count()
        != Baseline.load(path).numericColumns()) {
      throw new IllegalStateException("the baseline and mlops disagree on the column types");
    }
  }

  @Benchmark
  public Table mlopsInferred() {
    return inferred.read(path);
  }

  @Benchmark
  public Table mlopsDeclared() {
    return declared.read(path);
  }

  @Benchmark
  public Baseline baseline() throws IOException {
    return Baseline.load(path);
  }

  /**
   * Alternates the three readers in one JVM ({@code ROUNDS} rounds after {@code WARMUP} rounds), so
   * that a changing machine load hits all three alike, and prints each one's median and best time
   * and the ratios to the baseline. Usage: {@code java -cp benchmarks/target/benchmarks.jar
   * dev.mlops.benchmarks.CsvReadBenchmark [FILE [ROUNDS [WARMUP]]]}.
   *
   * @param args the file, rounds (default 15) and warm-up rounds (default 5)
   * @throws IOException if the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    CsvReadBenchmark b = new CsvReadBenchmark();
    b.file = args.length > 0 ? args[0] : "/tmp/bench-data/bench-1000000.csv";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    b.setUp();
    String[] names = {"baseline", "mlopsInferred", "mlopsDeclared"};
    long[][] times = new long[names.length][rounds];
    for (int r = -warmup; r < rounds; r++) {
      for (int k = 0; k < names.length; k++) {
        long t0 = System.nanoTime();
        Object result =
            switch (k) {
              case 0 -> Baseline.load(b.path);
              case 1 -> b.mlopsInferred();
              default -> b.mlopsDeclared();
            };
        long t = System.nanoTime() - t0;
        sink ^= System.identityHashCode(result); // keep the result alive
        if (r >= 0) {
          times[k][r] = t;
        }
      }
    }
    double[] median = new double[names.length];
    for (int k = 0; k < names.length; k++) {
      long[] t = times[k].clone();
      Arrays.sort(t);
      median[k] = t[rounds / 2] / 1e6;
      System.out.printf(
          "%-14s median %8.1f ms   best %8.1f ms   median/baseline %.2fx%n",
          names[k], median[k], t[0] / 1e6, median[k] / median[0]);
    }
  }

  /** The plain parse: columns of primitives and strings, nothing else. */
  public static final class Baseline {
    private static final int SNIFF_ROWS = 1000;
    private static final double[] TENS = new double[16];

    static {
      TENS[0] = 1;
      for (int i = 1; i < TENS.length; i++) {
        TENS[i] = TENS[i - 1] * 10;
      }
    }

    final double[][] numbers;
    final String[][] strings;
    final int rows;

    private Baseline(double[][] numbers, String[][] strings, int rows) {
      this.numbers = numbers;
      this.strings = strings;
      this.rows = rows;
    }

    int numericColumns() {
      int n = 0;
      for (double[] c : numbers) {
        n += c == null ? 0 : 1;
      }
      return n;
    }

    static Baseline load(Path path) throws IOException {
      String[] header;
      boolean[] numeric;
      try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
        String[] first = lines.limit(SNIFF_ROWS + 1).toArray(String[]::new);
        header = first[0].split(",", -1);
        numeric = new boolean[header.length];
        Arrays.fill(numeric, true);
        boolean[] any = new boolean[header.length];
        for (int r = 1; r < first.length; r++) {
          String[] f = first[r].split(",", -1);
          for (int c = 0; c < header.length; c++) {
            if (numeric[c] && !f[c].isEmpty()) {
              any[c] = true;
              try {
                Double.parseDouble(f[c]);
              } catch (NumberFormatException e) {
                numeric[c] = false;
              }
            }
          }
        }
        for (int c = 0; c < header.length; c++) {
          numeric[c] &= any[c];
        }
      }
      int cols = header.length;
      int capacity = (int) Math.max(1024, Files.size(path) / 40);
      double[][] numbers = new double[cols][];
      String[][] strings = new String[cols][];
      for (int c = 0; c < cols; c++) {
        if (numeric[c]) {
          numbers[c] = new double[capacity];
        } else {
          strings[c] = new String[capacity];
        }
      }
      byte[] buf = new byte[1 << 22];
      int filled = 0;
      int row = -1; // the header line is row -1
      int col = 0;
      try (InputStream in = Files.newInputStream(path)) {
        while (true) {
          int n = in.read(buf, filled, buf.length - filled);
          boolean end = n < 0;
          if (!end) {
            filled += n;
          }
          int fieldStart = 0;
          int lineStart = 0;
          int i = 0;
          for (; i < filled; i++) {
            byte b = buf[i];
            if (b != ',' && b != '\n') {
              continue;
            }
            if (row >= 0) {
              if (row == capacity) {
                capacity *= 2;
                for (int c = 0; c < cols; c++) {
                  if (numeric[c]) {
                    numbers[c] = Arrays.copyOf(numbers[c], capacity);
                  } else {
                    strings[c] = Arrays.copyOf(strings[c], capacity);
                  }
                }
              }
              int fieldEnd = i > fieldStart && b == '\n' && buf[i - 1] == '\r' ? i - 1 : i;
              if (numeric[col]) {
                numbers[col][row] =
                    fieldEnd == fieldStart ? Double.NaN : number(buf, fieldStart, fieldEnd);
              } else {
                strings[col][row] =
                    fieldEnd == fieldStart
                        ? null
                        : new String(
                            buf, fieldStart, fieldEnd - fieldStart, StandardCharsets.UTF_8);
              }
            }
            fieldStart = i + 1;
            if (b == ',') {
              col++;
            } else {
              if (col != cols - 1) {
                throw new IOException("line " + (row + 2) + " has " + (col + 1) + " fields");
              }
              col = 0;
              row++;
              lineStart = i + 1;
            }
          }
          if (end) {
            break;
          }
          // keep the partial line for the next block
          System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
          filled -= lineStart;
          col = 0;
          if (filled == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
          }
        }
      }
      for (int c = 0; c < cols; c++) {
        if (numeric[c]) {
          numbers[c] = Arrays.copyOf(numbers[c], row);
        } else {
          strings[c] = Arrays.copyOf(strings[c], row);
        }
      }
      return new Baseline(numbers, strings, row);
    }

    private static double number(byte[] b, int from, int to) {
      boolean negative = b[from] == '-';
      int i = negative ? from + 1 : from;
      long mantissa = 0;
      int digits = 0;
      int scale = -1;
      for (; i < to; i++) {
        byte c = b[i];
        if (c >= '0' && c <= '9') {
          if (++digits > 15) {
            return slow(b, from, to);
          }
          mantissa = mantissa * 10 + (c - '0');
          if (scale >= 0) {
            scale++;
          }
        } else if (c == '.' && scale < 0) {
          scale = 0;
        } else {
          return slow(b, from, to);
        }
      }
      if (digits == 0) {
        return slow(b, from, to);
      }
      double v = scale <= 0 ? mantissa : mantissa / TENS[scale];
      return negative ? -v : v;
    }

    private static double slow(byte[] b, int from, int to) {
      return Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII));
    }
  }
}
