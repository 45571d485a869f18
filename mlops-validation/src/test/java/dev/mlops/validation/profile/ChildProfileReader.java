package dev.mlops.validation.profile;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Main class of the child JVM in {@link ChildJvmTest}: decodes a binary profile, prints its JSON.
 */
final class ChildProfileReader {
  private ChildProfileReader() {}

  public static void main(String[] args) throws Exception {
    Profile p = ProfileBinaryFormat.decode(Files.readAllBytes(Path.of(args[0])));
    Profile merged = p.merge(p);
    Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
    ProfileJson.write(p, out);
    out.write("\n--merged rows " + merged.rows() + "\n");
    out.flush();
  }
}
