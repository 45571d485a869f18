package dev.mlops.validation.evaluation;

import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.RegressionOutcomes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model-metric case's predictions.csv (no quoting, no nulls, as the oracle's README promises),
 * turned into outcomes and a slicing table.
 */
final class Predictions {
  final List<String> header;
  final List<String[]> rows;

  private Predictions(List<String> header, List<String[]> rows) {
    this.header = header;
    this.rows = rows;
  }

  static Predictions read(InputStream in) throws IOException {
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    if (text.contains("\"")) {
      throw new IOException("quoted fields are not expected in predictions.csv");
    }
    String[] lines = text.split("\n");
    List<String> header = Arrays.asList(lines[0].split(",", -1));
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",", -1);
      if (f.length != header.size()) {
        throw new IOException("line " + (i + 1) + " has " + f.length + " fields");
      }
      rows.add(f);
    }
    return new Predictions(header, rows);
  }

  boolean has(String column) {
    return header.contains(column);
  }

  double[] doubles(String column) {
    int c = header.indexOf(column);
    return rows.stream().mapToDouble(r -> Double.parseDouble(r[c])).toArray();
  }

  int[] ints(String column) {
    int c = header.indexOf(column);
    return rows.stream().mapToInt(r -> Integer.parseInt(r[c])).toArray();
  }

  BinaryOutcomes classification() {
    return BinaryOutcomes.of(ints("label"), doubles("score"), ints("prediction"));
  }

  RegressionOutcomes regression() {
    return RegressionOutcomes.of(doubles("target"), doubles("target_prediction"));
  }

  Table slices() {
    int c = header.indexOf("slice");
    return Table.of(
        CategoricalColumn.of("slice", rows.stream().map(r -> r[c]).toArray(String[]::new)));
  }

  /** The evaluation the command line runs on this file. */
  ModelEvaluation.Builder evaluation() {
    ModelEvaluation.Builder b = ModelEvaluation.builder().classification(classification());
    if (has("target")) {
      b.regression(regression());
    }
    if (has("slice")) {
      b.slicingFeatures(slices()).sliceBy("slice");
    }
    return b;
  }
}
