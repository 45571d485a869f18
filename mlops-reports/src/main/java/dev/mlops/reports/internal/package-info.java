/**
 * Internal; not for use outside mlops; may change in any release. The report views, the charts and
 * the precompiled JTE templates ({@code src/main/jte}, generated into this package) behind {@link
 * dev.mlops.reports.HtmlReports}.
 */
@NullMarked
package dev.mlops.reports.internal;

import org.jspecify.annotations.NullMarked;
