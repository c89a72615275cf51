package org.vifgate.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Named pipes, which java.nio can open but not tell apart from sockets or devices by itself. */
final class Fifos {

  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;

  private Fifos() {}

  /** True when the path itself (not a link to it) is a FIFO. */
  static boolean isFifo(Path path) {
    try {
      Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return mode instanceof Integer bits && (bits & S_IFMT) == S_IFIFO;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
