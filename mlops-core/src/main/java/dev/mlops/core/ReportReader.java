package dev.mlops.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.api.MlopsException;
import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.MetadataTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the keys of the report contract (DESIGN.md "Storage") from a stored report: {@code
 * format_version} (an integer, 1 to {@link LinkedReport#CURRENT_FORMAT_VERSION}), {@code kind} (a
 * string), {@code verdict} (one of {@code PASS WARN FAIL INCONCLUSIVE}, exactly) and {@code
 * subject} (an object with a string {@code model} and an integer {@code version}). Everything else
 * in the JSON is ignored.
 *
 * <p>Input limits: at most {@value #MAX_BYTES} bytes, nesting depth {@value #MAX_DEPTH}, strings of
 * at most {@value #MAX_STRING} characters; duplicate keys and trailing content are rejected. No
 * default typing: the JSON becomes a plain tree. Anything outside the contract gives an unreadable
 * report saying why, never an exception.
 *
 * <p>Stateless and thread-safe.
 */
final class ReportReader {
  static final int MAX_BYTES = 4 * 1024 * 1024;
  static final int MAX_DEPTH = 64;
  static final int MAX_STRING = 1_000_000;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_STRING)
                          .maxNumberLength(100)
                          .maxDocumentLength(MAX_BYTES)
                          .build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ReportReader() {}

  static LinkedReport read(MetadataTransaction tx, BlobStore blobs, ArtifactRef ref) {
    Optional<ArtifactVersion> found = tx.findArtifactVersion(ref.name(), ref.version());
    if (found.isEmpty()) {
      return LinkedReport.unreadable(ref, "the artifact version does not exist");
    }
    ArtifactVersion v = found.get();
    if (v.isDeleted()) {
      return LinkedReport.unreadable(ref, "the artifact version was deleted");
    }
    if (!LinkedReport.ARTIFACT_KIND.equals(v.kind())) {
      return LinkedReport.unreadable(
          ref, "artifact kind is '" + v.kind() + "', not '" + LinkedReport.ARTIFACT_KIND + "'");
    }
    if (!LinkedReport.MEDIA_TYPE.equals(v.mediaType())) {
      return LinkedReport.unreadable(
          ref, "media type is '" + v.mediaType() + "', not '" + LinkedReport.MEDIA_TYPE + "'");
    }
    if (v.size() > MAX_BYTES) {
      return LinkedReport.unreadable(
          ref, "it has " + v.size() + " bytes; a report may have at most " + MAX_BYTES);
    }
    byte[] bytes;
    try (InputStream in = blobs.open(v.digest())) {
      bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        return LinkedReport.unreadable(ref, "it has more than " + MAX_BYTES + " bytes");
      }
      in.transferTo(java.io.OutputStream.nullOutputStream()); // lets the stream verify the digest
    } catch (MlopsException | IOException e) {
      return LinkedReport.unreadable(ref, "its bytes cannot be read: " + firstLine(e.getMessage()));
    }
    return parse(ref, bytes);
  }

  static LinkedReport parse(ArtifactRef ref, byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      return LinkedReport.unreadable(ref, "malformed JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      return LinkedReport.unreadable(ref, "the JSON is not an object");
    }
    JsonNode format = root.get("format_version");
    if (format == null || !format.isIntegralNumber() || !format.canConvertToInt()) {
      return LinkedReport.unreadable(ref, "'format_version' is missing or not an integer");
    }
    int formatVersion = format.intValue();
    if (formatVersion < 1 || formatVersion > LinkedReport.CURRENT_FORMAT_VERSION) {
      return LinkedReport.unreadable(
          ref,
          "report format version "
              + formatVersion
              + " is not supported (this library reads 1 to "
              + LinkedReport.CURRENT_FORMAT_VERSION
              + "); upgrade mlops");
    }
    JsonNode kind = root.get("kind");
    if (kind == null || !kind.isTextual() || kind.textValue().isEmpty()) {
      return LinkedReport.unreadable(ref, "'kind' is missing or not a string");
    }
    JsonNode verdictNode = root.get("verdict");
    if (verdictNode == null || !verdictNode.isTextual()) {
      return LinkedReport.unreadable(ref, "'verdict' is missing or not a string");
    }
    Verdict verdict = null;
    for (Verdict candidate : Verdict.values()) {
      if (candidate.name().equals(verdictNode.textValue())) {
        verdict = candidate;
      }
    }
    if (verdict == null) {
      return LinkedReport.unreadable(ref, "'verdict' is not one of PASS, WARN, FAIL, INCONCLUSIVE");
    }
    JsonNode subject = root.get("subject");
    if (subject == null || !subject.isObject()) {
      return LinkedReport.unreadable(ref, "'subject' is missing or not an object");
    }
    JsonNode model = subject.get("model");
    JsonNode version = subject.get("version");
    if (model == null || !model.isTextual() || model.textValue().isEmpty()) {
      return LinkedReport.unreadable(ref, "'subject.model' is missing or not a string");
    }
    if (version == null
        || !version.isIntegralNumber()
        || !version.canConvertToLong()
        || version.longValue() < 1) {
      return LinkedReport.unreadable(ref, "'subject.version' is missing or not a positive integer");
    }
    try {
      return LinkedReport.readable(
          ref, formatVersion, kind.textValue(), verdict, model.textValue(), version.longValue());
    } catch (MlopsException | IllegalArgumentException e) {
      return LinkedReport.unreadable(ref, "a contract key is not storable text");
    }
  }

  private static String firstLine(@org.jspecify.annotations.Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(line.length(), 300); i++) {
      char c = line.charAt(i);
      b.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
    }
    return line.length() > 300 ? b + "..." : b.toString();
  }
}
