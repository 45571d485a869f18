package dev.mlops.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.MlopsException;
import dev.mlops.api.Names;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON layout of an exported registered model, version 1. Owns both directions; no default
 * typing, no class names read from input, and hard limits on what it reads.
 *
 * <pre>
 * {
 *   "format_version": 1,
 *   "kind": "registered_model",
 *   "model": {"name": "churn", "description": "..." | null, "created_at": "2026-03-01T10:15:30Z"},
 *   "versions": [                          versions 1..n, in order, without gaps
 *     {"version": 1,
 *      "artifact": {"name": "churn-model", "version": 4, "digest": "sha256:..."},
 *      "run_id": "..." | null,
 *      "description": "..." | null,
 *      "tags": {"team": "risk"},
 *      "stage": "PRODUCTION",            NONE, STAGING, PRODUCTION or ARCHIVED
 *      "created_at": "...",
 *      "linked": [ {"name": "churn-eval", "version": 1, "digest": "sha256:..."} ]}
 *   ],
 *   "aliases": {"champion": 1},          alias to version
 *   "history": [                          every transition, in recorded order
 *     {"version": 1, "kind": "STAGE", "alias": null | "...", "from": "NONE" | null,
 *      "to": "PRODUCTION" | null, "actor": "alice", "reason": "..." | null, "time": "..."}
 *   ]
 * }
 * </pre>
 *
 * <p>The document names artifact versions by name, version and digest; it does not carry their
 * bytes. Readers accept {@code format_version} 1 only (newer: "upgrade mlops") and refuse unknown
 * fields, duplicate keys, versions out of order, and aliases or history entries naming versions the
 * document lacks. Input limits: at most {@value #DEFAULT_MAX_BYTES} bytes (counted on the raw
 * stream), nesting depth {@value #MAX_DEPTH}, strings of at most {@value #MAX_STRING_LENGTH}
 * characters, numbers of at most {@value #MAX_NUMBER_LENGTH} digits. Every problem is an {@link
 * InvalidInputException}, never a Jackson exception. Thread-safe: the mapper is configured once and
 * never changed.
 */
final class ModelJson {
  static final int FORMAT_VERSION = 1;
  static final String KIND = "registered_model";
  static final long DEFAULT_MAX_BYTES = 64L << 20;
  static final int MAX_DEPTH = 16;
  static final int MAX_STRING_LENGTH = 100_000;
  static final int MAX_NUMBER_LENGTH = 40;
  private static final String MESSAGE_PREFIX = "registered model JSON";

  /** An artifact version named by the document, with the digest it had at export. */
  record ArtifactEntry(ArtifactRef ref, Digest digest) {}

  /** One model version with its artifact's digest and the artifacts linked to it. */
  record VersionEntry(ModelVersion version, Digest digest, List<ArtifactEntry> linked) {
    VersionEntry {
      linked = List.copyOf(linked);
    }
  }

  /** What one exported model holds. */
  record Document(
      RegisteredModel model,
      List<VersionEntry> versions,
      Map<String, Long> aliases,
      List<Transition> history) {
    Document {
      versions = List.copyOf(versions);
      aliases = Map.copyOf(aliases);
      history = List.copyOf(history);
    }
  }

  private static final StrictJson JSON = new StrictJson(MESSAGE_PREFIX);

  private final ObjectMapper mapper;
  private final long maxBytes;

  ModelJson() {
    this(DEFAULT_MAX_BYTES);
  }

  ModelJson(long maxBytes) {
    this.maxBytes = maxBytes;
    this.mapper = StrictJson.mapper(maxBytes, MAX_DEPTH, MAX_STRING_LENGTH, MAX_NUMBER_LENGTH);
  }

  // ---------------------------------------------------------------- write

  void write(Document doc, OutputStream out) {
    try (JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("format_version", FORMAT_VERSION);
      g.writeStringField("kind", KIND);
      RegisteredModel m = doc.model();
      g.writeObjectFieldStart("model");
      g.writeStringField("name", m.name());
      StrictJson.nullableString(g, "description", m.description());
      g.writeStringField("created_at", m.createdAt().toString());
      g.writeEndObject();
      g.writeArrayFieldStart("versions");
      for (VersionEntry e : doc.versions()) {
        ModelVersion v = e.version();
        g.writeStartObject();
        g.writeNumberField("version", v.version());
        g.writeFieldName("artifact");
        artifact(g, new ArtifactEntry(v.artifact(), e.digest()));
        StrictJson.nullableString(g, "run_id", v.runId());
        StrictJson.nullableString(g, "description", v.description());
        g.writeObjectFieldStart("tags");
        for (Map.Entry<String, String> t : new TreeMap<>(v.tags()).entrySet()) {
          g.writeStringField(t.getKey(), t.getValue());
        }
        g.writeEndObject();
        g.writeStringField("stage", v.stage().name());
        g.writeStringField("created_at", v.createdAt().toString());
        g.writeArrayFieldStart("linked");
        for (ArtifactEntry a : e.linked()) {
          artifact(g, a);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("aliases");
      for (Map.Entry<String, Long> a : new TreeMap<>(doc.aliases()).entrySet()) {
        g.writeNumberField(a.getKey(), a.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("history");
      for (Transition t : doc.history()) {
        g.writeStartObject();
        g.writeNumberField("version", t.version());
        g.writeStringField("kind", t.kind().name());
        StrictJson.nullableString(g, "alias", t.alias());
        StrictJson.nullableString(g, "from", t.from());
        StrictJson.nullableString(g, "to", t.to());
        g.writeStringField("actor", t.actor());
        StrictJson.nullableString(g, "reason", t.reason());
        g.writeStringField("time", t.time().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new StorageException(
          "cannot write registered model '" + doc.model().name() + "' as JSON: " + e.getMessage(),
          e);
    }
  }

  private static void artifact(JsonGenerator g, ArtifactEntry a) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", a.ref().name());
    g.writeNumberField("version", a.ref().version());
    g.writeStringField("digest", a.digest().toString());
    g.writeEndObject();
  }

  // ---------------------------------------------------------------- read

  Document read(InputStream in) {
    JsonNode root;
    try {
      root = mapper.readTree(new RunJson.BoundedInputStream(in, maxBytes));
    } catch (RunJson.TooLargeException e) {
      throw new InvalidInputException(
          null,
          -1,
          "registered model JSON is larger than "
              + maxBytes
              + " bytes; it is refused, nothing was written",
          e);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          null,
          -1,
          "registered model JSON is malformed or exceeds a limit (depth "
              + MAX_DEPTH
              + ", strings of "
              + MAX_STRING_LENGTH
              + " characters, numbers of "
              + MAX_NUMBER_LENGTH
              + " digits): "
              + e.getOriginalMessage()
              + "; nothing was written",
          e);
    } catch (IOException e) {
      throw new StorageException("cannot read registered model JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw JSON.invalid("$", "must be a JSON object");
    }
    try {
      return parse(root);
    } catch (InvalidInputException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(MESSAGE_PREFIX)) {
        throw e;
      }
      throw new InvalidInputException(
          e.field().orElse(null),
          -1,
          "registered model JSON holds an illegal value: "
              + e.getMessage()
              + "; nothing was written",
          e);
    } catch (MlopsException | IllegalArgumentException | NullPointerException e) {
      throw new InvalidInputException(
          null,
          -1,
          "registered model JSON holds an illegal value: "
              + e.getMessage()
              + "; nothing was written",
          e);
    }
  }

  private static Document parse(JsonNode root) {
    JSON.onlyFields(
        root, "$", Set.of("format_version", "kind", "model", "versions", "aliases", "history"));
    JsonNode version = JSON.required(root, "format_version", "$");
    if (!version.isIntegralNumber() || !version.canConvertToInt()) {
      throw JSON.invalid("format_version", "must be an integer");
    }
    int v = version.intValue();
    if (v > FORMAT_VERSION) {
      throw JSON.invalid(
          "format_version",
          "registered model format version "
              + v
              + " is newer than this library (supports <= "
              + FORMAT_VERSION
              + "); upgrade mlops");
    }
    if (v < 1) {
      throw JSON.invalid("format_version", "must be at least 1, but is " + v);
    }
    String kind = JSON.text(root, "kind", "$");
    if (!KIND.equals(kind)) {
      throw JSON.invalid(
          "kind", "must be \"" + KIND + "\", but is \"" + StrictJson.clip(kind) + "\"");
    }

    JsonNode m = JSON.object(root, "model", "$");
    JSON.onlyFields(m, "model", Set.of("name", "description", "created_at"));
    String name = Names.requireName(JSON.text(m, "name", "model"), "model.name");
    RegisteredModel model =
        new RegisteredModel(
            name,
            JSON.nullableText(m, "description", "model"),
            JSON.instant(JSON.text(m, "created_at", "model"), "model.created_at"));

    List<VersionEntry> versions = new ArrayList<>();
    JsonNode vs = JSON.array(root, "versions", "$");
    for (int i = 0; i < vs.size(); i++) {
      String at = "versions[" + i + "]";
      JsonNode e = vs.get(i);
      if (!e.isObject()) {
        throw JSON.invalid(at, "must be an object");
      }
      JSON.onlyFields(
          e,
          at,
          Set.of(
              "version",
              "artifact",
              "run_id",
              "description",
              "tags",
              "stage",
              "created_at",
              "linked"));
      long number = JSON.number(e, "version", at);
      if (number != i + 1) {
        throw JSON.invalid(
            at + ".version",
            "must be "
                + (i + 1)
                + " (versions are listed 1, 2, 3 ... without gaps), not "
                + number);
      }
      ArtifactEntry artifact = artifact(JSON.object(e, "artifact", at), at + ".artifact");
      Map<String, String> tags = new LinkedHashMap<>();
      JsonNode ts = JSON.object(e, "tags", at);
      for (Map.Entry<String, JsonNode> t : ts.properties()) {
        String key = Names.requireKey(t.getKey(), "tag key");
        if (!t.getValue().isTextual()) {
          throw JSON.invalid(at + ".tags", "values must be strings");
        }
        tags.put(
            key,
            Names.requireValue(
                t.getValue().textValue(), "tag '" + key + "'", Names.MAX_VALUE_LENGTH));
      }
      Stage stage = stage(JSON.text(e, "stage", at), at + ".stage");
      List<ArtifactEntry> linked = new ArrayList<>();
      JsonNode ls = JSON.array(e, "linked", at);
      for (int j = 0; j < ls.size(); j++) {
        String lat = at + ".linked[" + j + "]";
        if (!ls.get(j).isObject()) {
          throw JSON.invalid(lat, "must be an object");
        }
        linked.add(artifact(ls.get(j), lat));
      }
      ModelVersion mv =
          new ModelVersion(
              name,
              number,
              artifact.ref(),
              JSON.nullableText(e, "run_id", at),
              JSON.nullableText(e, "description", at),
              tags,
              stage,
              JSON.instant(JSON.text(e, "created_at", at), at + ".created_at"));
      versions.add(new VersionEntry(mv, artifact.digest(), linked));
    }

    Map<String, Long> aliases = new TreeMap<>();
    JsonNode as = JSON.object(root, "aliases", "$");
    for (Map.Entry<String, JsonNode> a : as.properties()) {
      String alias = Names.requireName(a.getKey(), "alias");
      JsonNode target = a.getValue();
      if (!target.isIntegralNumber() || !target.canConvertToLong()) {
        throw JSON.invalid("aliases." + alias, "must be a version number");
      }
      aliases.put(alias, requireListed(target.longValue(), versions.size(), "aliases." + alias));
    }

    List<Transition> history = new ArrayList<>();
    JsonNode hs = JSON.array(root, "history", "$");
    for (int i = 0; i < hs.size(); i++) {
      String at = "history[" + i + "]";
      JsonNode h = hs.get(i);
      if (!h.isObject()) {
        throw JSON.invalid(at, "must be an object");
      }
      JSON.onlyFields(
          h, at, Set.of("version", "kind", "alias", "from", "to", "actor", "reason", "time"));
      long hv = requireListed(JSON.number(h, "version", at), versions.size(), at + ".version");
      String kindText = JSON.text(h, "kind", at);
      TransitionKind tk;
      try {
        tk = TransitionKind.valueOf(kindText);
      } catch (IllegalArgumentException e) {
        throw JSON.invalid(
            at + ".kind",
            "must be STAGE, ALIAS_SET, ALIAS_REMOVED or REFUSED, not \""
                + StrictJson.clip(kindText)
                + "\"");
      }
      history.add(
          new Transition(
              name,
              hv,
              tk,
              JSON.nullableText(h, "alias", at),
              JSON.nullableText(h, "from", at),
              JSON.nullableText(h, "to", at),
              JSON.text(h, "actor", at),
              JSON.nullableText(h, "reason", at),
              JSON.instant(JSON.text(h, "time", at), at + ".time")));
    }
    return new Document(model, versions, aliases, history);
  }

  private static ArtifactEntry artifact(JsonNode node, String at) {
    JSON.onlyFields(node, at, Set.of("name", "version", "digest"));
    long version = JSON.number(node, "version", at);
    if (version < 1) {
      throw JSON.invalid(at + ".version", "must be 1 or more, not " + version);
    }
    ArtifactRef ref =
        ArtifactRef.of(Names.requireName(JSON.text(node, "name", at), at + ".name"), version);
    return new ArtifactEntry(ref, Digest.parse(JSON.text(node, "digest", at)));
  }

  private static long requireListed(long version, int count, String at) {
    if (version < 1 || version > count) {
      throw JSON.invalid(
          at,
          "names version " + version + ", which the document does not list (1 to " + count + ")");
    }
    return version;
  }

  private static Stage stage(String text, String at) {
    try {
      return Stage.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw JSON.invalid(
          at,
          "must be NONE, STAGING, PRODUCTION or ARCHIVED, not \"" + StrictJson.clip(text) + "\"");
    }
  }
}
