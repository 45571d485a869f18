package dev.mlops.validation.drift;

import java.util.Comparator;

/** Orders strings by Unicode code point (not by UTF-16 unit, as {@link String#compareTo}). */
final class CategoryOrder {
  static final Comparator<String> CODE_POINT = CategoryOrder::compare;

  private CategoryOrder() {}

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
