package org.vifgate.doctor;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * authkeys is a regular file, mode 0600 and owned by root: Heartbeat refuses to start when group or
 * others may read it.
 */
public record AuthkeysCheck(Path haDir) implements Check {

  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  @Override
  public String name() {
    return "authkeys";
  }

  @Override
  public Finding run() throws Exception {
    Path file = haDir.resolve("authkeys");
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Finding.fail(name(), file + " does not exist", "vifgate render -c FILE");
    }
    if (!attributes.isRegularFile()) {
      return Finding.fail(
          name(), file + " is not a regular file", "remove it, then vifgate render");
    }
    String mode = PosixFilePermissions.toString(attributes.permissions());
    String owner = attributes.owner().getName() + ":" + attributes.group().getName();
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(attributes.permissions());
    open.retainAll(OTHERS);
    if (!open.isEmpty()) {
      return Finding.fail(
          name(),
          file + " is mode " + mode + ": Heartbeat refuses a key others can read",
          "chmod 600 " + file + " (vifgate render does)");
    }
    if (!attributes.owner().getName().equals("root")) {
      return Finding.fail(
          name(),
          file + " is owned by " + owner + ", not root",
          "chown root:root " + file + " (vifgate render as root does)");
    }
    return Finding.pass(name(), file + " mode " + mode + " " + owner);
  }
}
