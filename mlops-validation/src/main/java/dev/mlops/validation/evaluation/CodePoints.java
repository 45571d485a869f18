package dev.mlops.validation.evaluation;

/** Orders strings by Unicode code point (not by UTF-16 unit, as {@link String#compareTo} does). */
final class CodePoints {
  private CodePoints() {}

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
