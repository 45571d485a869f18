package dev.mlops.validation.profile;

/**
 * Tags of the sketch images inside our formats. A tag names an encoding forever; a new sketch
 * library or image layout gets a new tag, and readers keep reading the old ones.
 */
enum SketchEncoding {
  /** DataSketches KLL doubles compact image (serialization version 1/2, read by 5.x to 6.x+). */
  KLL_DOUBLES(1, "datasketches-kll-doubles"),
  /** DataSketches HLL compact image (serialization version 1). */
  HLL(2, "datasketches-hll"),
  /** DataSketches frequent-items image with UTF-8 strings (ArrayOfStringsSerDe). */
  FREQUENT_STRINGS(3, "datasketches-frequent-items-strings");

  final int tag;
  final String jsonName;

  SketchEncoding(int tag, String jsonName) {
    this.tag = tag;
    this.jsonName = jsonName;
  }
}
