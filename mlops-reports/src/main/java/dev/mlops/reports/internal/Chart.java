package dev.mlops.reports.internal;

/**
 * A chart ready for the page: an SVG document as a {@code data:} URI, shown in an {@code img}.
 *
 * <p>An {@code img} never runs a script in its SVG and cannot break out into the page, so text from
 * the data inside a chart (column names, categories) is harmless even before JFreeSVG's own XML
 * escaping.
 *
 * @param title the chart's title, drawn in it (also in the alt text)
 * @param caption what the chart shows, under it (also in the alt text)
 * @param dataUri {@code data:image/svg+xml;base64,...}
 * @param width pixels
 * @param height pixels
 */
record Chart(String title, String caption, String dataUri, int width, int height) {}
