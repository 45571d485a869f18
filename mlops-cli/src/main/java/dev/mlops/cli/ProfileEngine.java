package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.table.Table;

/**
 * Profiles a table for {@code mlops profile}: the whole JSON document of CLI-JSON.md ({@code
 * format_version}, {@code kind: "profile"}, {@code rows}, {@code columns} with the profile keys and
 * {@code approximate}). The one place where the profile implementation is chosen.
 *
 * <p>Implementations are stateless and thread-safe.
 */
interface ProfileEngine {
  /**
   * Profiles every column of the table.
   *
   * @param table the table, its columns typed numeric or categorical
   * @return the profile document
   */
  ObjectNode profile(Table table);

  /** The engine the command uses: the sketch profile of {@code mlops-validation}. */
  static ProfileEngine standard() {
    return new SketchProfileEngine();
  }
}
