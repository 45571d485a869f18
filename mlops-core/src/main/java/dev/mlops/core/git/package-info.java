/**
 * Reads the git state of a work tree (commit, branch, whether tracked files changed) straight from
 * the files under {@code .git}, without a git binary or JGit, so that a run can record the code
 * version it ran from. Entry point: {@link dev.mlops.core.git.GitReader#read(java.nio.file.Path)}.
 *
 * <p>The reader never guesses: where the answer depends on something it does not interpret (a split
 * index, a content filter, reftable refs), the affected field is null and {@link
 * dev.mlops.core.git.GitInfo#dirtyUnknownReason()} says why.
 */
@NullMarked
package dev.mlops.core.git;

import org.jspecify.annotations.NullMarked;
