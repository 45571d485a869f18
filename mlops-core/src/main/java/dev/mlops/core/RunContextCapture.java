package dev.mlops.core;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.tracking.RunContext;
import dev.mlops.core.git.GitInfo;
import dev.mlops.core.git.GitReader;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the {@link RunContext} tags of a run as it starts. Never throws because of the
 * environment: a field that cannot be read is left out (git) or {@value RunContext#UNKNOWN}.
 * Thread-safe: the host name is looked up once per JVM, the rest on every call.
 */
final class RunContextCapture {
  private static final Logger LOG = LoggerFactory.getLogger(RunContextCapture.class);
  private static volatile @Nullable String hostName;

  private RunContextCapture() {}

  /**
   * Returns the context tags.
   *
   * @param start the run's start time
   * @param git whether to read git
   * @param workingDirectory where git is read from, or null for {@code user.dir}
   * @param overrides values that replace (or add) captured ones; already checked
   */
  static Map<String, String> capture(
      Instant start, boolean git, @Nullable Path workingDirectory, Map<String, String> overrides) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (git) {
      readGit(workingDirectory).ifPresent(info -> putGit(tags, info));
    }
    tags.put(RunContext.JAVA_VERSION, property("java.version"));
    tags.put(RunContext.JAVA_VENDOR, property("java.vendor"));
    tags.put(RunContext.OS_NAME, property("os.name"));
    tags.put(RunContext.OS_ARCH, property("os.arch"));
    tags.put(RunContext.MLOPS_VERSION, mlopsVersion());
    tags.put(RunContext.HOST, hostName());
    tags.put(RunContext.USER, property("user.name"));
    tags.put(RunContext.START_TIME, start.toString());
    tags.putAll(overrides);
    return tags;
  }

  private static Optional<GitInfo> readGit(@Nullable Path workingDirectory) {
    try {
      Path dir =
          workingDirectory != null
              ? workingDirectory
              : Path.of(System.getProperty("user.dir", "."));
      return GitReader.read(dir);
    } catch (RuntimeException e) {
      LOG.debug("cannot read git state around {}; no git context recorded", workingDirectory, e);
      return Optional.empty();
    }
  }

  static void putGit(Map<String, String> tags, GitInfo info) {
    if (info.commit() != null) {
      tags.put(RunContext.GIT_COMMIT, info.commit());
    }
    if (info.branch() != null) {
      tags.put(RunContext.GIT_BRANCH, clean(info.branch()));
    }
    Boolean dirty = info.dirty();
    if (dirty != null) {
      tags.put(RunContext.GIT_DIRTY, dirty.toString());
    } else {
      tags.put(RunContext.GIT_DIRTY, RunContext.UNKNOWN);
      String reason = info.dirtyUnknownReason();
      tags.put(RunContext.GIT_DIRTY_REASON, clean(reason != null ? reason : RunContext.UNKNOWN));
    }
  }

  /** The version in mlops-core's jar manifest, else {@value RunContext#UNKNOWN}. */
  static String mlopsVersion() {
    Package p = RunContextCapture.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null || v.isBlank() ? RunContext.UNKNOWN : clean(v);
  }

  static String hostName() {
    String h = hostName;
    if (h == null) {
      h = lookUpHostName();
      hostName = h;
    }
    return h;
  }

  private static String lookUpHostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      if (name != null && !name.isBlank()) {
        return clean(name);
      }
    } catch (Exception e) { // UnknownHostException, SecurityException: never fail a run for it
      LOG.debug("cannot look up the local host name; trying HOSTNAME", e);
    }
    for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      String env = System.getenv(variable);
      if (env != null && !env.isBlank()) {
        return clean(env);
      }
    }
    return RunContext.UNKNOWN;
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? RunContext.UNKNOWN : clean(v);
  }

  /** Returns the value when it is a legal tag value, else a legal rendering of it. */
  private static String clean(String value) {
    try {
      return Names.requireValue(value, "context value", Names.MAX_VALUE_LENGTH);
    } catch (InvalidInputException e) {
      return DefaultActiveRun.text(value);
    }
  }
}
