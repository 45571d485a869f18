package dev.mlops.io;

import dev.mlops.api.table.TimestampColumn;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** ISO-8601 text to epoch microseconds and back (see {@link CsvOptions} for the rules). */
final class Timestamps {
  private Timestamps() {}

  /**
   * Parses an ISO-8601 date-time with offset or Z, a local date-time (T or space) read in {@code
   * zone}, or a date (start of day in {@code zone}).
   *
   * @throws DateTimeException if the text is none of these
   * @throws ArithmeticException if the instant does not fit in a long of microseconds
   */
  static long parseMicros(String text, ZoneId zone) {
    if (text.length() == 10) {
      return TimestampColumn.toMicros(LocalDate.parse(text).atStartOfDay(zone).toInstant());
    }
    String t = text.length() > 10 && text.charAt(10) == ' ' ? text.replace(' ', 'T') : text;
    if (hasOffset(t)) {
      return TimestampColumn.toMicros(OffsetDateTime.parse(t).toInstant());
    }
    return TimestampColumn.toMicros(LocalDateTime.parse(t).atZone(zone).toInstant());
  }

  private static boolean hasOffset(String t) {
    int tpos = t.indexOf('T');
    if (tpos < 0) {
      return false;
    }
    for (int i = tpos; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
        return true;
      }
    }
    return false;
  }

  static boolean isTimestamp(String text, ZoneId zone) {
    if (text.length() < 10 || text.length() > 40) {
      return false;
    }
    try {
      parseMicros(text, zone);
      return true;
    } catch (DateTimeException | ArithmeticException e) {
      return false;
    }
  }

  /** Formats as an ISO-8601 UTC instant, e.g. {@code 2024-06-01T12:00:00.000001Z}. */
  static String format(long micros) {
    Instant at = TimestampColumn.toInstant(micros);
    return at.toString();
  }
}
