package dev.mlops.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object reading and tree hashing against git: every object is compared with {@code git cat-file
 * <type> <id>}, every tree id with {@code git write-tree}.
 */
@DisplayName("GitObjects")
class GitObjectsTest {
  @TempDir Path temp;
  GitFixture fx;

  @BeforeEach
  void setUp() {
    fx = new GitFixture(temp);
  }

  /** Twelve commits with long, similar messages: git stores most of them as deltas. */
  private Path history() {
    Path repo = fx.emptyRepo("r");
    String message = "lorem ipsum dolor sit amet ".repeat(60);
    for (int i = 1; i <= 12; i++) {
      GitFixture.write(repo.resolve("f"), i + "\n" + "shared line\n".repeat(40));
      fx.git(repo, "add", "f");
      fx.git(repo, "commit", "-q", "-m", message + i);
    }
    return repo;
  }

  private record PackLine(String id, String type, boolean delta) {}

  private List<PackLine> verifyPack(Path repo) throws IOException {
    List<PackLine> out = new ArrayList<>();
    try (Stream<Path> idx = Files.list(repo.resolve(".git/objects/pack"))) {
      for (Path p : idx.filter(p -> p.toString().endsWith(".idx")).toList()) {
        for (String line : fx.git(repo, "verify-pack", "-v", p.toString()).split("\n")) {
          String[] f = line.split("\\s+");
          if (f.length >= 5 && ObjectFormat.SHA1.isHexId(f[0])) {
            out.add(new PackLine(f[0], f[1], f.length == 7));
          }
        }
      }
    }
    return out;
  }

  private void assertAllReadLikeGit(Path repo, List<PackLine> objects) throws Undecidable {
    GitObjects store = GitObjects.open(repo.resolve(".git/objects"), ObjectFormat.SHA1);
    for (PackLine o : objects) {
      GitObjects.RawObject raw = store.read(ObjectFormat.unhex(o.id())).orElseThrow();
      assertThat(GitObjects.typeName(raw.type())).as(o.id()).isEqualTo(o.type());
      assertThat(raw.content())
          .as(o.id())
          .isEqualTo(fx.gitBytes(repo, "cat-file", o.type(), o.id()));
    }
  }

  @Nested
  @DisplayName("reading objects")
  class Reading {
    @Test
    @DisplayName("loose objects read as git cat-file prints them")
    void loose() throws Exception {
      Path repo = history();
      List<PackLine> all = new ArrayList<>();
      for (String line :
          fx.git(repo, "cat-file", "--batch-all-objects", "--batch-check").split("\n")) {
        String[] f = line.split(" ");
        all.add(new PackLine(f[0], f[1], false));
      }
      assertThat(all).hasSizeGreaterThan(30);
      assertAllReadLikeGit(repo, all);
    }

    @Test
    @DisplayName("packed objects with OFS_DELTA chains read as git cat-file prints them")
    void ofsDelta() throws Exception {
      Path repo = history();
      fx.git(repo, "repack", "-adf", "-q", "--window=50", "--depth=50");
      List<PackLine> objects = verifyPack(repo);
      assertThat(objects).anyMatch(o -> o.delta() && o.type().equals("commit"));
      assertAllReadLikeGit(repo, objects);
    }

    @Test
    @DisplayName("packed objects with REF_DELTA bases read as git cat-file prints them")
    void refDelta() throws Exception {
      Path repo = history();
      fx.git(repo, "-c", "repack.useDeltaBaseOffset=false", "repack", "-adf", "-q", "--window=50");
      List<PackLine> objects = verifyPack(repo);
      assertThat(objects).anyMatch(PackLine::delta);
      assertAllReadLikeGit(repo, objects);
    }

    @Test
    @DisplayName("a version 1 pack index is read too")
    void indexVersion1() throws Exception {
      Path repo = history();
      fx.git(repo, "repack", "-adf", "-q", "--window=50");
      List<PackLine> objects = verifyPack(repo);
      Path idx;
      try (Stream<Path> s = Files.list(repo.resolve(".git/objects/pack"))) {
        idx = s.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow();
      }
      Files.delete(idx);
      String pack = idx.toString().replaceAll("\\.idx$", ".pack");
      fx.git(repo, "index-pack", "--index-version=1", pack);
      assertThat(Files.readAllBytes(idx)[0]).isZero(); // v2 would start with 0xff
      assertAllReadLikeGit(repo, objects);
    }

    @Test
    @DisplayName("objects reached through objects/info/alternates are read")
    void alternates() throws Exception {
      Path origin = history();
      Path clone = fx.root.resolve("shared");
      fx.git(fx.root, "clone", "-q", "--shared", origin.toString(), clone.toString());
      assertThat(clone.resolve(".git/objects/info/alternates")).exists();
      String head = fx.headCommit(clone);
      GitObjects store = GitObjects.open(clone.resolve(".git/objects"), ObjectFormat.SHA1);
      assertThat(store.treeOfCommit(head)).isEqualTo(fx.git(clone, "rev-parse", "HEAD^{tree}"));
      assertThat(fx.info(clone).dirty()).isFalse();
    }

    @Test
    @DisplayName("an object that is nowhere is reported missing, not invented")
    void missing() throws Undecidable {
      Path repo = history();
      GitObjects store = GitObjects.open(repo.resolve(".git/objects"), ObjectFormat.SHA1);
      assertThat(store.read(new byte[20])).isEmpty();
    }
  }

  @Nested
  @DisplayName("tree of the index")
  class TreeOfIndex {
    @Test
    @DisplayName("equals git write-tree with tricky name order, modes, symlinks and a gitlink")
    void writeTree() throws Exception {
      Path repo = fx.emptyRepo("r");
      for (String name : new String[] {"a-b", "a.c", "a/x", "a/y/z", "a0", "b", "ab/c", "é"}) {
        GitFixture.write(repo.resolve(name), name + "\n");
      }
      Files.setPosixFilePermissions(
          repo.resolve("b"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createSymbolicLink(repo.resolve("link"), Path.of("a/x"));
      fx.git(repo, "add", "-A");
      String commitId = "0123456789abcdef0123456789abcdef01234567";
      fx.git(repo, "update-index", "--add", "--cacheinfo", "160000," + commitId + ",sub");
      for (String version : new String[] {"2", "4"}) {
        fx.git(repo, "update-index", "--index-version", version);
        List<GitIndex.Entry> entries = GitIndex.read(repo.resolve(".git/index"), ObjectFormat.SHA1);
        assertThat(ObjectFormat.hex(WorkTreeCheck.treeId(entries, ObjectFormat.SHA1)))
            .as("index version %s", version)
            .isEqualTo(fx.git(repo, "write-tree"));
      }
    }

    @Test
    @DisplayName("an empty index is the empty tree")
    void empty() {
      assertThat(ObjectFormat.hex(WorkTreeCheck.treeId(List.of(), ObjectFormat.SHA1)))
          .isEqualTo("4b825dc642cb6eb9a060e54bf8d69288fbee4904"); // git's well-known empty tree
    }
  }
}
