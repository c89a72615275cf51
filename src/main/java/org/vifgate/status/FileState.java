package org.vifgate.status;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One file {@code vifgate render} installs, as it is on disk compared with what render would write.
 *
 * @param mode the permissions on disk ({@code rw-------}), empty when there is no file
 * @param owner {@code user:group} on disk, empty when there is no file
 * @param detail why it was not compared, or what differs
 */
public record FileState(
    String name,
    Path path,
    Kind kind,
    Optional<String> mode,
    Optional<String> owner,
    String detail) {

  /** How the file compares. */
  public enum Kind {
    UP_TO_DATE("up to date"),
    DIFFERS("differs"),
    MISSING("missing"),
    /** A symbolic link or a non-file: render refuses to replace it. */
    REFUSED("refused"),
    /** Could not be compared (the key could not be read, the launcher is unknown, ...). */
    NOT_COMPARED("present, not compared");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
