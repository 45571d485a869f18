package dev.mlops.validation.metrics;

import org.apiguardian.api.API;

/**
 * One non-empty bin of the reliability diagram: scores in {@code [lower, upper)} (the last bin also
 * holds 1.0), with the mean score and the fraction of positives, both weighted.
 *
 * <p>Immutable and thread-safe. Reliability bins are descriptive: they fall outside the coverage
 * claim of the package.
 *
 * <pre>{@code
 * for (ReliabilityBin b : result.reliability()) {
 *   double gap = b.meanScore() - b.fractionPositive(); // > 0: over-confident in this bin
 * }
 * }</pre>
 *
 * @param lower the bin's lower edge, inclusive
 * @param upper the bin's upper edge, exclusive except for the last bin
 * @param count the number of rows in the bin (a repeated row counts each time)
 * @param meanScore the weighted mean score of the bin's rows
 * @param fractionPositive the weighted fraction of label 1 among the bin's rows
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ReliabilityBin(
    double lower, double upper, long count, double meanScore, double fractionPositive) {}
