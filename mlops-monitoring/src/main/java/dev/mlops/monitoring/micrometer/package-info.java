/**
 * Micrometer export of monitors (optional dependency {@code io.micrometer:micrometer-core}): {@link
 * dev.mlops.monitoring.micrometer.ModelMonitorMetrics} binds a monitor's golden and model signals
 * as meters under {@code mlops.monitor.*}.
 *
 * <pre>{@code
 * new ModelMonitorMetrics(monitor).bindTo(registry);
 * }</pre>
 */
@NullMarked
package dev.mlops.monitoring.micrometer;

import org.jspecify.annotations.NullMarked;
