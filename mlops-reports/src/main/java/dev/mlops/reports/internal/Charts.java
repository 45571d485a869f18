package dev.mlops.reports.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jspecify.annotations.Nullable;

/**
 * Draws the reports' charts with JFreeChart into JFreeSVG. Stateless and thread-safe: every call
 * builds its own chart and graphics.
 */
final class Charts {
  /** Reference series colour (blue). */
  static final Color REFERENCE = new Color(0x4C78A8);

  /** Current series colour (orange). */
  static final Color CURRENT = new Color(0xF58518);

  private static final Color GRID = new Color(0xDDDDDD);
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
  private static final int WIDTH = 720;
  private static final int HEIGHT = 320;

  private Charts() {}

  /**
   * One bar or a group of bars on the category axis: a unique key (two bins may print alike) shown
   * by its label.
   */
  record Bin(int index, String label) implements Comparable<Bin> {
    @Override
    public int compareTo(Bin o) {
      return Integer.compare(index, o.index);
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** A named series of bar heights, one per bin. */
  record Series(String name, Color colour, List<Double> values) {
    Series {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(colour, "colour");
      values = List.copyOf(values);
    }
  }

  /**
   * Grouped vertical bars: one group per label, one bar per series (e.g. reference and current
   * proportions of drift bins).
   */
  static Chart groupedBars(
      String id,
      String title,
      String caption,
      @Nullable String axis,
      String valueAxis,
      List<String> labels,
      List<Series> s,
      boolean horizontal) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Series series : s) {
      if (series.values().size() != labels.size()) {
        throw new IllegalArgumentException(
            "series " + series.name() + " has " + series.values().size() + " values");
      }
      for (int i = 0; i < labels.size(); i++) {
        data.addValue(series.values().get(i), series.name(), new Bin(i, labels.get(i)));
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title,
            axis,
            valueAxis,
            data,
            horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL,
            s.size() > 1,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    styleCategoryPlot(plot);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    for (int i = 0; i < s.size(); i++) {
      renderer.setSeriesPaint(i, s.get(i).colour());
    }
    int height = horizontal ? barsHeight(labels.size() * s.size()) + 30 : HEIGHT;
    return render(id, title, caption, style(chart), WIDTH, height);
  }

  /** Horizontal bars, one per label (e.g. the most frequent categories, failing rows by check). */
  static Chart horizontalBars(
      String id,
      String title,
      String caption,
      String valueAxis,
      List<String> labels,
      List<Double> values) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int i = 0; i < labels.size(); i++) {
      data.addValue(values.get(i), "count", new Bin(i, labels.get(i)));
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, valueAxis, data, PlotOrientation.HORIZONTAL, false, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    styleCategoryPlot(plot);
    plot.getRenderer().setSeriesPaint(0, REFERENCE);
    return render(id, title, caption, style(chart), WIDTH, barsHeight(labels.size()));
  }

  /** A histogram of adjacent bins given by their edges (edges.size() == counts.size() + 1). */
  static Chart histogram(
      String id, String title, String caption, List<Double> edges, List<Long> counts) {
    if (edges.size() != counts.size() + 1) {
      throw new IllegalArgumentException(
          "a histogram has one edge more than bins: " + edges.size() + " vs " + counts.size());
    }
    int n = counts.size();
    double[][] series = new double[6][n];
    for (int i = 0; i < n; i++) {
      double lo = edges.get(i);
      double hi = edges.get(i + 1);
      double c = counts.get(i);
      series[0][i] = (lo + hi) / 2;
      series[1][i] = lo;
      series[2][i] = hi;
      series[3][i] = c;
      series[4][i] = c;
      series[5][i] = c;
    }
    DefaultIntervalXYDataset data = new DefaultIntervalXYDataset();
    data.addSeries("count", series);
    JFreeChart chart = ChartFactory.createXYBarChart(title, null, false, "rows", data);
    chart.removeLegend();
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlinesVisible(false);
    XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(true);
    renderer.setSeriesOutlinePaint(0, Color.WHITE);
    renderer.setSeriesOutlineStroke(0, new BasicStroke(0.5f));
    renderer.setSeriesPaint(0, REFERENCE);
    return render(id, title, caption, style(chart), WIDTH, HEIGHT);
  }

  /**
   * One point per slice with its interval as a whisker, slices down the side, and the overall value
   * as a dashed line.
   */
  static Chart intervals(
      String id,
      String title,
      String caption,
      String metric,
      List<String> labels,
      List<Double> values,
      List<Double> lows,
      List<Double> highs,
      double overall) {
    YIntervalSeries series = new YIntervalSeries(metric);
    for (int i = 0; i < labels.size(); i++) {
      double v = values.get(i);
      double lo = Double.isNaN(lows.get(i)) ? v : lows.get(i);
      double hi = Double.isNaN(highs.get(i)) ? v : highs.get(i);
      series.add(i, v, lo, hi);
    }
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(series);
    SymbolAxis slices = new SymbolAxis(null, labels.toArray(String[]::new));
    slices.setTickLabelFont(TICK_FONT);
    slices.setGridBandsVisible(false);
    NumberAxis range = new NumberAxis(metric);
    range.setAutoRangeIncludesZero(false);
    range.setTickLabelFont(TICK_FONT);
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setDrawYError(true);
    renderer.setDefaultLinesVisible(false);
    renderer.setDefaultShapesVisible(true);
    renderer.setSeriesPaint(0, REFERENCE);
    renderer.setErrorPaint(Color.DARK_GRAY);
    renderer.setCapLength(6);
    XYPlot plot = new XYPlot(data, slices, range, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlinesVisible(false);
    plot.setOutlineVisible(false);
    if (Double.isFinite(overall)) {
      ValueMarker marker =
          new ValueMarker(
              overall,
              CURRENT,
              new BasicStroke(
                  1.2f,
                  BasicStroke.CAP_BUTT,
                  BasicStroke.JOIN_MITER,
                  10f,
                  new float[] {4f, 3f},
                  0f));
      marker.setLabel("overall");
      marker.setLabelFont(TICK_FONT);
      marker.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
      marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      plot.addRangeMarker(marker);
    }
    JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, false);
    return render(id, title, caption, style(chart), 560, barsHeight(labels.size()) + 20);
  }

  /** A reliability diagram: mean score against the fraction of positives per bin, and y = x. */
  static Chart calibration(
      String id, String title, String caption, List<Double> meanScores, List<Double> fractions) {
    XYSeries model = new XYSeries("model", false);
    for (int i = 0; i < meanScores.size(); i++) {
      model.add(meanScores.get(i), fractions.get(i));
    }
    XYSeries perfect = new XYSeries("perfectly calibrated", false);
    perfect.add(0, 0);
    perfect.add(1, 1);
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(model);
    data.addSeries(perfect);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "mean predicted score",
            "fraction of positives",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlinePaint(GRID);
    plot.setOutlineVisible(false);
    for (NumberAxis axis :
        List.of((NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis())) {
      axis.setRange(0, 1);
      axis.setTickLabelFont(TICK_FONT);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    renderer.setSeriesPaint(0, REFERENCE);
    renderer.setSeriesShapesVisible(0, true);
    renderer.setSeriesPaint(1, Color.GRAY);
    renderer.setSeriesShapesVisible(1, false);
    renderer.setSeriesStroke(
        1,
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
    plot.setRenderer(renderer);
    return render(id, title, caption, style(chart), 520, 440);
  }

  /** The height of a horizontal bar chart: room for the title, the axis and 18 px a bar. */
  private static int barsHeight(int bars) {
    return Math.max(160, 90 + 18 * bars);
  }

  private static void styleCategoryPlot(CategoryPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlineVisible(false);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    CategoryAxis axis = plot.getDomainAxis();
    // horizontal labels stay SVG text (rotated ones would be drawn as glyph outlines)
    axis.setMaximumCategoryLabelLines(3);
    axis.setTickLabelFont(TICK_FONT);
    axis.setCategoryMargin(0.15);
    plot.getRangeAxis().setTickLabelFont(TICK_FONT);
    if (plot.getOrientation() == PlotOrientation.HORIZONTAL) {
      // labels to the left of the bars take at most a third of the width
      axis.setMaximumCategoryLabelWidthRatio(0.35f);
    }
  }

  private static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(TITLE_FONT);
    }
    return chart;
  }

  static String coordinate(double value) {
    if (!Double.isFinite(value)) {
      return "0";
    }
    return BigDecimal.valueOf(value)
        .setScale(2, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static Chart render(
      String id, String title, String caption, JFreeChart chart, int width, int height) {
    SVGGraphics2D g2 = new SVGGraphics2D(width, height);
    // fixed, per-chart ids: the same report renders to the same bytes
    g2.setDefsKeyPrefix(id);
    // two decimals of a pixel are plenty and keep the file a fifth of the default size
    g2.setGeomDoubleConverter(Charts::coordinate);
    g2.setTransformDoubleConverter(Charts::coordinate);
    chart.draw(g2, new Rectangle(0, 0, width, height));
    // the element without the document's DOCTYPE, whose DTD address a viewer need not know
    String svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g2.getSVGElement();
    String uri =
        "data:image/svg+xml;base64,"
            + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    return new Chart(title, caption, uri, width, height);
  }
}
