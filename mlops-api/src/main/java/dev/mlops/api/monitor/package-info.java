/**
 * Monitoring values a host and an SPI implementer share: {@link dev.mlops.api.monitor.Alert}s with
 * their {@link dev.mlops.api.monitor.AlertSeverity} and {@link dev.mlops.api.monitor.AlertState},
 * and the {@link dev.mlops.api.monitor.RetrainTrigger} through which a monitor asks for retraining
 * (and nothing else may start it from a monitor).
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; optional values are {@link java.util.Optional} or {@link
 * java.util.OptionalDouble}.
 */
@NullMarked
package dev.mlops.api.monitor;

import org.jspecify.annotations.NullMarked;
