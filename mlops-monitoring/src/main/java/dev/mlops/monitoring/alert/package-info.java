/**
 * Alerting for monitors: rules over window signals ({@link
 * dev.mlops.monitoring.alert.SignalSnapshot}), the engine that evaluates them with "for" durations,
 * hysteresis and de-duplication, built-in alert sinks (SLF4J, callback, webhook) and the isolation
 * that keeps a slow or failing sink away from the serving thread.
 */
@NullMarked
package dev.mlops.monitoring.alert;

import org.jspecify.annotations.NullMarked;
