package dev.mlops.core.pipeline;

import dev.mlops.api.artifact.Digest;
import dev.mlops.api.pipeline.Input;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Step;
import dev.mlops.spi.Codec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Computes a step's cache key and the labelled parts it comes from.
 *
 * <p>The parts, with their labels (the labels serve the explanation):
 *
 * <ul>
 *   <li>{@code step} the step name, {@code step.version} its declared version, {@code seed} the
 *       run's seed;
 *   <li>{@code param.<name>} the printed value of each parameter the step reads, except artifact
 *       parameters, which count as inputs: {@code input.<name>} is their content digest;
 *   <li>{@code input.<name>} the content digest of each output it reads, and {@code
 *       codec.in.<name>} the id and version of the codec that wrote it;
 *   <li>{@code codec.out.<name>} the id and version of each output's codec.
 * </ul>
 *
 * <p>The key is SHA-256 over the parts sorted by label, each label and value as a 4-byte length and
 * its UTF-8 bytes, where the labels of inputs are replaced by their position among the step's
 * inputs ({@code input#0}, {@code codec.in#0}): the key depends on what the inputs contain, never
 * on what they are called. Stateless and thread-safe.
 */
final class CacheKeys {
  static final String STEP = "step";
  static final String VERSION = "step.version";
  static final String SEED = "seed";
  static final String PARAM = "param.";
  static final String INPUT = "input.";
  static final String CODEC_IN = "codec.in.";
  static final String CODEC_OUT = "codec.out.";

  private CacheKeys() {}

  /** The parts and the key of one step. */
  record Key(Map<String, String> parts, String hex) {}

  /**
   * Computes the key.
   *
   * @param step the step
   * @param seed the run's seed
   * @param values the parameter values by name, and the digests of the outputs the step reads by
   *     output name
   */
  static Key compute(Step step, long seed, Map<String, Object> params, Map<String, Digest> inputs) {
    Map<String, String> parts = new TreeMap<>();
    Map<String, String> hashed = new TreeMap<>();
    put(parts, hashed, STEP, STEP, step.name());
    put(parts, hashed, VERSION, VERSION, step.version());
    put(parts, hashed, SEED, SEED, Long.toString(seed));
    List<Input<?>> in = step.inputs();
    for (int i = 0; i < in.size(); i++) {
      Input<?> input = in.get(i);
      if (input instanceof Parameter<?> p && p.isArtifact()) {
        Digest d = inputs.get(p.name());
        if (d == null) {
          throw new IllegalStateException("no digest for artifact '" + p.name() + "'");
        }
        put(parts, hashed, INPUT + p.name(), "input#" + i, d.toString());
      } else if (input instanceof Parameter<?> p) {
        put(parts, hashed, PARAM + p.name(), PARAM + p.name(), p.format(params.get(p.name())));
      } else if (input instanceof Output<?> o) {
        Digest d = inputs.get(o.name());
        if (d == null) {
          throw new IllegalStateException("no digest for input '" + o.name() + "'");
        }
        put(parts, hashed, INPUT + o.name(), "input#" + i, d.toString());
        put(parts, hashed, CODEC_IN + o.name(), "codec.in#" + i, codec(o.codec()));
      }
    }
    for (Output<?> o : step.outputs()) {
      put(parts, hashed, CODEC_OUT + o.name(), CODEC_OUT + o.name(), codec(o.codec()));
    }
    return new Key(parts, hash(hashed));
  }

  private static void put(
      Map<String, String> parts,
      Map<String, String> hashed,
      String label,
      String hashLabel,
      String value) {
    parts.put(label, value);
    hashed.put(hashLabel, value);
  }

  static String codec(Codec<?> c) {
    return c.id() + "@" + c.version();
  }

  private static String hash(Map<String, String> parts) {
    MessageDigest md = Digest.newMessageDigest();
    for (Map.Entry<String, String> e : parts.entrySet()) {
      field(md, e.getKey());
      field(md, e.getValue());
    }
    return Digest.fromBytes(md.digest()).hex();
  }

  private static void field(MessageDigest md, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update((byte) (b.length >>> 24));
    md.update((byte) (b.length >>> 16));
    md.update((byte) (b.length >>> 8));
    md.update((byte) b.length);
    md.update(b);
  }

  /**
   * Explains a miss: which parts changed from the previous result of the step, e.g. {@code
   * parameter rows changed from 100 to 200}.
   *
   * @param now the parts of the current key
   * @param before the parts of the step's latest cached result, or null if it has none
   * @return the reasons, joined with "; "
   */
  static String explainMiss(Map<String, String> now, @Nullable Map<String, String> before) {
    if (before == null) {
      return "no earlier result of this step is cached";
    }
    Set<String> labels = new TreeSet<>(now.keySet());
    labels.addAll(before.keySet());
    List<String> changes = new ArrayList<>();
    for (String label : labels) {
      String a = before.get(label);
      String b = now.get(label);
      if (a != null && a.equals(b)) {
        continue;
      }
      String what = describe(label);
      if (a == null) {
        changes.add(what + " was added (" + b + ")");
      } else if (b == null) {
        changes.add(what + " was removed (was " + a + ")");
      } else {
        changes.add(what + " changed from " + a + " to " + b);
      }
    }
    return changes.isEmpty()
        ? "its cached result is no longer available"
        : String.join("; ", changes);
  }

  private static String describe(String label) {
    if (label.equals(VERSION)) {
      return "step version";
    } else if (label.equals(SEED)) {
      return "seed";
    } else if (label.equals(STEP)) {
      return "step name";
    } else if (label.startsWith(PARAM)) {
      return "parameter " + label.substring(PARAM.length());
    } else if (label.startsWith(INPUT)) {
      return "input " + label.substring(INPUT.length());
    } else if (label.startsWith(CODEC_IN)) {
      return "codec of input " + label.substring(CODEC_IN.length());
    } else if (label.startsWith(CODEC_OUT)) {
      return "codec of output " + label.substring(CODEC_OUT.length());
    }
    return label;
  }
}
