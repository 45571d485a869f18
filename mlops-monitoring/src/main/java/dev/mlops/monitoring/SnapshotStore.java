package dev.mlops.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.monitor.Alert;
import dev.mlops.monitoring.alert.AlertJson;
import dev.mlops.validation.profile.ProfileJson;
import dev.mlops.validation.profile.SketchColumnDrift;
import dev.mlops.validation.profile.SketchDriftReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Persists window snapshots as artifact versions and links them to the model version and, when
 * known, to the reference dataset version as derived from it ({@link
 * ArtifactRepository#linkDerivedFrom}), so that lineage downstream of the dataset finds them.
 *
 * <p>The JSON (format {@value #FORMAT_VERSION}): {@code format_version}, {@code kind}
 * ("monitor-window"), {@code model}, {@code model_version}, {@code window_start}, {@code
 * window_end} (ISO-8601), {@code final}, {@code values} (signal to number; non-finite as strings),
 * {@code verdicts} (signal to verdict), {@code reference_dataset} and {@code
 * reference_dataset_version} when known, and for a closed snapshot {@code profile} (the window
 * profile as {@link ProfileJson}) and {@code drift} (per column: column, mode, test, statistic,
 * bound, pvalue_adjusted, verdict), and {@code alerts}: the alerts the window raised, each as
 * {@link AlertJson} writes it.
 *
 * <p>Thread-safe if the repository is: it holds no state of its own.
 */
final class SnapshotStore {
  static final int FORMAT_VERSION = 1;
  static final String KIND = "monitor-window";
  static final String MEDIA_TYPE = "application/json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ArtifactRepository repository;
  private final String name;
  private final @Nullable String datasetName;
  private final long datasetVersion;

  SnapshotStore(
      ArtifactRepository repository,
      String name,
      @Nullable String datasetName,
      long datasetVersion) {
    this.repository = repository;
    this.name = name;
    this.datasetName = datasetName;
    this.datasetVersion = datasetVersion;
  }

  ArtifactVersion put(WindowSnapshot s, List<Alert> alerts) {
    byte[] json = json(s, alerts).toString().getBytes(StandardCharsets.UTF_8);
    Map<String, String> props = new LinkedHashMap<>();
    props.put("model", s.model());
    props.put("model_version", Long.toString(s.modelVersion()));
    props.put("window_start", s.windowStart().toString());
    props.put("window_end", s.windowEnd().toString());
    props.put("final", Boolean.toString(s.isFinal()));
    s.verdict("drift.dataset").ifPresent(v -> props.put("drift_dataset", v.name()));
    props.put("alerts", Integer.toString(alerts.size()));
    if (datasetName != null) {
      props.put("reference_dataset", datasetName);
      props.put("reference_dataset_version", Long.toString(datasetVersion));
    }
    ArtifactVersion v =
        repository.put(name, KIND, MEDIA_TYPE, new ByteArrayInputStream(json), props);
    ArtifactRef ref = ArtifactRef.of(v.name(), v.version());
    repository.link(ref, s.model(), s.modelVersion());
    if (datasetName != null) {
      repository.linkDerivedFrom(ref, ArtifactRef.of(datasetName, datasetVersion));
    }
    return v;
  }

  ObjectNode json(WindowSnapshot s, List<Alert> alerts) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("format_version", FORMAT_VERSION);
    o.put("kind", KIND);
    o.put("model", s.model());
    o.put("model_version", s.modelVersion());
    o.put("window_start", s.windowStart().toString());
    o.put("window_end", s.windowEnd().toString());
    o.put("final", s.isFinal());
    if (datasetName != null) {
      o.put("reference_dataset", datasetName);
      o.put("reference_dataset_version", datasetVersion);
    }
    ObjectNode values = o.putObject("values");
    for (Map.Entry<String, Double> e : s.values().entrySet()) {
      double d = e.getValue();
      if (Double.isFinite(d)) {
        values.put(e.getKey(), d);
      } else {
        values.put(e.getKey(), Double.toString(d));
      }
    }
    ObjectNode verdicts = o.putObject("verdicts");
    for (Map.Entry<String, Verdict> e : s.verdicts().entrySet()) {
      verdicts.put(e.getKey(), e.getValue().name());
    }
    s.profile().ifPresent(p -> o.set("profile", ProfileJson.tree(p)));
    ArrayNode drift = o.putArray("drift");
    s.featureDrift().ifPresent(r -> addDrift(drift, r));
    s.predictionDrift().ifPresent(r -> addDrift(drift, r));
    ArrayNode a = o.putArray("alerts");
    for (Alert alert : alerts) {
      try {
        a.add(MAPPER.readTree(AlertJson.write(alert)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return o;
  }

  private static void addDrift(ArrayNode out, SketchDriftReport r) {
    for (SketchColumnDrift d : r.columns()) {
      ObjectNode c = out.addObject();
      c.put("column", d.column());
      c.put("mode", d.mode());
      c.put("test", d.test());
      num(c, "statistic", d.statistic());
      num(c, "bound", d.bound());
      num(c, "pvalue_adjusted", d.pvalueAdjusted());
      c.put("verdict", d.verdict().name());
    }
  }

  private static void num(ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) {
      o.put(k, v);
    } else {
      o.putNull(k);
    }
  }
}
