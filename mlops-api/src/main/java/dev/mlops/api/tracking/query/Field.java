package dev.mlops.api.tracking.query;

import dev.mlops.api.Names;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a run query filters or orders by: a parameter, the latest value of a metric, a tag, or an
 * {@link Attribute} of the run itself.
 *
 * <p>Immutable and thread-safe. Keys follow {@link Names#requireKey}. In query text a field is a
 * prefix, a dot and a key: {@code params.optimizer}, {@code metrics.accuracy}, {@code tags.stage},
 * {@code attributes.status}. A key with characters other than {@code A-Z a-z 0-9 _ . -} (a {@code
 * /} or a space) is written in backticks: {@code metrics.`train/loss`}.
 *
 * <pre>{@code
 * Field loss = Field.metric("train/loss");
 * loss.toQueryString(); // "metrics.`train/loss`"
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface Field {

  /**
   * A parameter field.
   *
   * @param key the parameter key
   * @return the field
   * @throws dev.mlops.api.InvalidInputException if the key is illegal
   */
  static Field param(String key) {
    return new ParamField(key);
  }

  /**
   * A metric field: the latest value of the metric's series.
   *
   * @param key the metric key
   * @return the field
   * @throws dev.mlops.api.InvalidInputException if the key is illegal
   */
  static Field metric(String key) {
    return new MetricField(key);
  }

  /**
   * A tag field.
   *
   * @param key the tag key
   * @return the field
   * @throws dev.mlops.api.InvalidInputException if the key is illegal
   */
  static Field tag(String key) {
    return new TagField(key);
  }

  /**
   * An attribute field.
   *
   * @param attribute the attribute
   * @return the field
   */
  static Field attribute(Attribute attribute) {
    return new AttributeField(attribute);
  }

  /**
   * Returns the canonical query text of this field.
   *
   * @return e.g. {@code params.optimizer} or {@code metrics.`train/loss`}
   */
  default String toQueryString() {
    return QueryPrinter.field(this);
  }

  /**
   * A parameter, written {@code params.<key>}. Its value has a {@link
   * dev.mlops.api.tracking.ParamType}: a string literal compares with the parameter's canonical
   * text whatever its type, a number only with NUMBER parameters, a boolean only with BOOLEAN ones.
   *
   * @param key the parameter key
   */
  record ParamField(String key) implements Field {
    /**
     * Validates the key.
     *
     * @throws dev.mlops.api.InvalidInputException if the key is illegal
     */
    public ParamField {
      Names.requireKey(key, "parameter key");
    }
  }

  /**
   * The latest value of a metric (greatest step, then latest timestamp), written {@code
   * metrics.<key>}. It compares with numbers only; a NaN value compares UNKNOWN.
   *
   * @param key the metric key
   */
  record MetricField(String key) implements Field {
    /**
     * Validates the key.
     *
     * @throws dev.mlops.api.InvalidInputException if the key is illegal
     */
    public MetricField {
      Names.requireKey(key, "metric key");
    }
  }

  /**
   * A tag, written {@code tags.<key>}. It compares with strings only.
   *
   * @param key the tag key
   */
  record TagField(String key) implements Field {
    /**
     * Validates the key.
     *
     * @throws dev.mlops.api.InvalidInputException if the key is illegal
     */
    public TagField {
      Names.requireKey(key, "tag key");
    }
  }

  /**
   * An attribute of the run, written {@code attributes.<name>}.
   *
   * @param attribute the attribute
   */
  record AttributeField(Attribute attribute) implements Field {
    /** Checks the attribute is present. */
    public AttributeField {
      Objects.requireNonNull(attribute, "attribute");
    }
  }
}
