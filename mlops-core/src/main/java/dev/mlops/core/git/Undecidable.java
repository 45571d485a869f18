package dev.mlops.core.git;

/**
 * Internal signal: the repository holds something this reader does not interpret, so the answer
 * would be a guess. The message is the reason reported in {@link GitInfo#dirtyUnknownReason()}.
 */
final class Undecidable extends Exception {
  Undecidable(String reason) {
    super(reason, null, false, false);
  }
}
