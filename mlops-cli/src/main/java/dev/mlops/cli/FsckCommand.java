package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.artifact.Digest;
import dev.mlops.core.FsckReport;
import dev.mlops.core.Mlops;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code mlops fsck}: re-hashes every blob of a store and reports corrupt and missing ones.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "fsck",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Check a store: re-hash every blob, report corrupt blobs (and the artifact versions that"
          + " use them), artifact versions whose blob is missing, and unreferenced blobs"
          + " (harmless); remove stale temporary files.",
      "",
      "Exit codes: 0 clean; 1 corrupt or missing blobs found; 2 usage error or no store;"
          + " 3 internal error."
    })
final class FsckCommand extends StoreCommand {
  @Override
  int run(Mlops mlops) {
    FsckReport r = mlops.fsck();
    ObjectNode doc = Json.document("fsck");
    doc.put("verdict", r.isClean() ? "PASS" : "FAIL");
    doc.put("clean", r.isClean());
    doc.put("blobs_checked", r.blobsChecked());
    ArrayNode corrupt = doc.putArray("corrupt_blobs");
    TextTable t = new TextTable("problem", "blob", "artifact versions", "found");
    for (FsckReport.CorruptBlob c : r.corruptBlobs()) {
      ObjectNode o = corrupt.addObject();
      o.put("digest", c.digest().toString());
      o.put("digest_actual", c.digestActual());
      ArrayNode live = o.putArray("live_artifact_versions");
      List<String> refs = new ArrayList<>();
      c.liveArtifactVersions().forEach(a -> refs.add(a.toString()));
      refs.forEach(live::add);
      t.add(
          "corrupt",
          c.digest().toString(),
          refs.isEmpty() ? "-" : String.join(", ", refs),
          oneLine(c.digestActual()));
    }
    ArrayNode missing = doc.putArray("missing_blobs");
    for (FsckReport.MissingBlob m : r.missingBlobs()) {
      missing
          .addObject()
          .put("artifact_version", m.artifactVersion().toString())
          .put("digest", m.digest().toString());
      t.add("missing", m.digest().toString(), m.artifactVersion().toString(), "-");
    }
    ArrayNode unreferenced = doc.putArray("unreferenced_blobs");
    for (Digest d : r.unreferencedBlobs()) {
      unreferenced.add(d.toString());
    }
    doc.put("stale_temp_files_removed", r.staleTempFilesRemoved());
    StringBuilder text = new StringBuilder();
    if (!quiet && !r.isClean()) {
      text.append(t.render()).append('\n');
    }
    text.append("fsck: ")
        .append(r.isClean() ? "clean" : "FAIL")
        .append(", ")
        .append(r.blobsChecked())
        .append(" blobs checked, ")
        .append(r.corruptBlobs().size())
        .append(" corrupt, ")
        .append(r.missingBlobs().size())
        .append(" missing, ")
        .append(r.unreferencedBlobs().size())
        .append(" unreferenced (harmless), ")
        .append(r.staleTempFilesRemoved())
        .append(" stale temporary files removed\n");
    emit(doc, text.toString());
    return r.isClean() ? ExitCodes.OK : ExitCodes.FAIL;
  }
}
