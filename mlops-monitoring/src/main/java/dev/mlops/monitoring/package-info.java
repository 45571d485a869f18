/**
 * In-process monitors for a serving path: golden signals, drift and quality over windows, delayed
 * labels, alert rules and sinks. Its types arrive with the monitoring issue; until then this module
 * holds no types.
 */
@NullMarked
package dev.mlops.monitoring;

import org.jspecify.annotations.NullMarked;
