/**
 * The {@code mlops} command line: {@code mlops drift} and {@code mlops profile} on CSV files, with
 * the JSON layout and exit codes of the command-line contract (CLI-JSON.md) and readable text for
 * humans. An application leaf: it prints to standard output and error and brings its own quiet
 * logging binding; everything statistical lives in {@code mlops-validation}, reading in {@code
 * mlops-io}.
 */
@NullMarked
package dev.mlops.cli;

import org.jspecify.annotations.NullMarked;
