package dev.mlops.monitoring;

import org.apiguardian.api.API;

/**
 * What happened to predictions' labels so far, over the monitor's life.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * LabelStats s = monitor.labelStats();
 * double joinRate = (double) s.matched() / (s.matched() + s.unmatched());
 * }</pre>
 *
 * @param matched labels joined to their prediction's window
 * @param unmatched labels whose id was not pending: unknown, already labelled, evicted or expired
 * @param late labels whose prediction was pending but whose window(s) were already final; counted
 *     in no window
 * @param expired pending predictions dropped when the expiry passed without a label
 * @param evicted pending predictions dropped because the pending store was full
 * @param pending predictions waiting for a label now (an estimate while eviction runs)
 * @param invalid labels that were NaN or infinite and were dropped
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LabelStats(
    long matched,
    long unmatched,
    long late,
    long expired,
    long evicted,
    long pending,
    long invalid) {}
