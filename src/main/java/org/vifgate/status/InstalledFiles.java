package org.vifgate.status;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vifgate.heartbeat.AtomicFileWriter;
import org.vifgate.heartbeat.Installation;

/**
 * The files {@code vifgate render} installs, compared with the disk the way render itself compares
 * them (content, mode, owner), without writing. Never follows a symbolic link.
 */
public final class InstalledFiles {

  private InstalledFiles() {}

  /** Each target of {@code installation} against the disk. */
  public static List<FileState> compare(
      Path haDir, Installation installation, AtomicFileWriter writer) {
    List<FileState> states = new ArrayList<>();
    for (Installation.Target target : installation.targets()) {
      states.add(compare(haDir, target, writer));
    }
    return states;
  }

  private static FileState compare(
      Path haDir, Installation.Target target, AtomicFileWriter writer) {
    Path path = target.path();
    String name = name(haDir, path);
    Optional<PosixFileAttributes> attributes;
    try {
      attributes = attributes(path);
    } catch (IOException e) {
      return new FileState(
          name,
          path,
          FileState.Kind.NOT_COMPARED,
          Optional.empty(),
          Optional.empty(),
          e.getMessage());
    }
    if (attributes.isEmpty()) {
      return new FileState(
          name,
          path,
          FileState.Kind.MISSING,
          Optional.empty(),
          Optional.empty(),
          "run `vifgate render`");
    }
    Optional<String> mode =
        Optional.of(PosixFilePermissions.toString(attributes.get().permissions()));
    Optional<String> owner =
        Optional.of(attributes.get().owner().getName() + ":" + attributes.get().group().getName());
    try {
      Optional<String> diff = writer.previewAt(path, target.file());
      return diff.isEmpty()
          ? new FileState(name, path, FileState.Kind.UP_TO_DATE, mode, owner, "")
          : new FileState(
              name, path, FileState.Kind.DIFFERS, mode, owner, "see `vifgate render --dry-run`");
    } catch (FileSystemException e) {
      return new FileState(
          name,
          path,
          FileState.Kind.REFUSED,
          mode,
          owner,
          e.getReason() == null ? e.getMessage() : e.getReason());
    } catch (IOException e) {
      return new FileState(name, path, FileState.Kind.NOT_COMPARED, mode, owner, e.getMessage());
    }
  }

  /** What is at {@code paths} when nothing could be rendered to compare with. */
  public static List<FileState> uncompared(Path haDir, List<Path> paths, String why) {
    List<FileState> states = new ArrayList<>();
    for (Path path : paths) {
      String name = name(haDir, path);
      try {
        Optional<PosixFileAttributes> a = attributes(path);
        if (a.isEmpty()) {
          states.add(
              new FileState(
                  name, path, FileState.Kind.MISSING, Optional.empty(), Optional.empty(), why));
        } else {
          states.add(
              new FileState(
                  name,
                  path,
                  FileState.Kind.NOT_COMPARED,
                  Optional.of(PosixFilePermissions.toString(a.get().permissions())),
                  Optional.of(a.get().owner().getName() + ":" + a.get().group().getName()),
                  why));
        }
      } catch (IOException e) {
        states.add(
            new FileState(
                name,
                path,
                FileState.Kind.NOT_COMPARED,
                Optional.empty(),
                Optional.empty(),
                e.getMessage()));
      }
    }
    return states;
  }

  private static Optional<PosixFileAttributes> attributes(Path path) throws IOException {
    try {
      return Optional.of(
          Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static String name(Path haDir, Path path) {
    return path.startsWith(haDir) ? haDir.relativize(path).toString() : path.toString();
  }
}
