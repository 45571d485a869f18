/**
 * Self-contained HTML reports of profiles, validations, drift comparisons and model evaluations,
 * for people to read: {@link dev.mlops.reports.HtmlReports} writes them, {@link
 * dev.mlops.reports.ReportContext} says what they show about where the data came from. Templates
 * are JTE (precompiled, escaping by context); charts are JFreeChart drawn as SVG by JFreeSVG.
 */
@NullMarked
package dev.mlops.reports;

import org.jspecify.annotations.NullMarked;
