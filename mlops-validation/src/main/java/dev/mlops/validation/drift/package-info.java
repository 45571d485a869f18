/**
 * Drift tests between a reference and a current sample, exactly as SciPy 1.10 and NumPy 1.24 define
 * them: profiles, Kolmogorov-Smirnov (exact and asymptotic), Mann-Whitney U, Anderson-Darling,
 * Wasserstein, decile PSI and Jensen-Shannon, chi-squared, L-infinity, and Benjamini-Hochberg
 * across columns. Every test works on raw primitive arrays (numeric: {@code double[]} with NaN or a
 * null mask for missing values; categorical: {@code String[]} with null); {@link
 * dev.mlops.validation.drift.DriftTests} is the entry point and {@link
 * dev.mlops.validation.drift.DriftJson} prints the oracle layout.
 */
@NullMarked
package dev.mlops.validation.drift;

import org.jspecify.annotations.NullMarked;
