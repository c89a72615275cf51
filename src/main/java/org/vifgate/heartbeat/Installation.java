package org.vifgate.heartbeat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vifgate.config.HeartbeatSettings;

/**
 * Everything {@code vifgate render} installs, and where: ha.cf, authkeys and haresources in
 * Heartbeat's directory, and the resource agent under its {@code resource.d/} with the name
 * haresources gives it (or at an explicit path).
 *
 * <p>{@link #write} checks every target before it writes the first one, so a symbolic link or a
 * directory at any target leaves all of them untouched; each file is then written atomically and
 * only when it changed ({@link AtomicFileWriter}).
 */
public final class Installation {

  /** One file and where it goes. */
  public record Target(Path path, RenderedFile file) {}

  /** What writing one target did. */
  public record Result(Target target, AtomicFileWriter.Outcome outcome) {}

  private final List<Target> targets;

  private Installation(List<Target> targets) {
    this.targets = List.copyOf(targets);
  }

  /**
   * @param haDir Heartbeat's directory ({@code /etc/ha.d})
   * @param agent the rendered agent, or empty to leave it out
   * @param agentPath where the agent goes; empty for {@code haDir/resource.d/SCRIPT}
   */
  public static Installation of(
      Path haDir,
      HeartbeatSettings settings,
      RenderedFiles files,
      Optional<RenderedFile> agent,
      Optional<Path> agentPath) {
    List<Target> targets = new ArrayList<>();
    for (RenderedFile file : files.all()) {
      targets.add(new Target(haDir.resolve(file.fileName()), file));
    }
    agent.ifPresent(
        a -> targets.add(new Target(agentPath.orElse(defaultAgentPath(haDir, settings)), a)));
    return new Installation(targets);
  }

  /** {@code haDir/resource.d/SCRIPT}, SCRIPT being the resource script haresources names. */
  public static Path defaultAgentPath(Path haDir, HeartbeatSettings settings) {
    String script =
        settings.resources() == null || settings.resources().script() == null
            ? HaresourcesRenderer.DEFAULT_SCRIPT
            : settings.resources().script();
    return haDir
        .resolve("resource.d")
        .resolve(Syntax.resourceName("heartbeat.resources.script", script));
  }

  public List<Target> targets() {
    return targets;
  }

  /**
   * For every target, what a write would change (see {@link AtomicFileWriter#previewAt}); empty for
   * a file that is up to date. Refuses a symbolic link or a non-file at any target.
   */
  public Map<Target, Optional<String>> preview(AtomicFileWriter writer) throws IOException {
    Map<Target, Optional<String>> previews = new LinkedHashMap<>();
    for (Target target : targets) {
      previews.put(target, writer.previewAt(target.path(), target.file()));
    }
    return previews;
  }

  /**
   * Writes every target that changed. All targets are checked first; a missing {@code resource.d/}
   * is created (mode 0755), a missing Heartbeat directory is an error.
   */
  public List<Result> write(AtomicFileWriter writer) throws IOException {
    preview(writer);
    List<Result> results = new ArrayList<>();
    for (Target target : targets) {
      Path dir = target.path().toAbsolutePath().getParent();
      if (target.file().kind() == HeartbeatFile.RESOURCE_AGENT
          && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
          && Files.isDirectory(dir.getParent())) {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      }
      try {
        results.add(new Result(target, writer.writeAt(target.path(), target.file())));
      } catch (IOException e) {
        throw new PartialWriteException(target, results, e);
      }
    }
    return results;
  }

  /** A write failed after others may have succeeded: says which were written. */
  public static final class PartialWriteException extends FileSystemException {
    private static final long serialVersionUID = 1L;
    private final transient List<Result> done;

    PartialWriteException(Target failed, List<Result> done, IOException cause) {
      super(failed.path().toString(), null, describe(cause, done));
      this.done = List.copyOf(done);
      initCause(cause);
    }

    public List<Result> done() {
      return done;
    }

    private static String describe(IOException cause, List<Result> done) {
      List<String> written = new ArrayList<>();
      for (Result r : done) {
        if (r.outcome().changed()) {
          written.add(r.target().path().toString());
        }
      }
      String message =
          cause instanceof FileSystemException fs && fs.getReason() != null
              ? fs.getReason()
              : String.valueOf(cause.getMessage());
      return message
          + (written.isEmpty() ? "; nothing was written" : "; already written: " + written);
    }
  }
}
