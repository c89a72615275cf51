package org.vifgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.vifgate.config.ConfigLoader;
import org.vifgate.config.DesiredState;
import org.vifgate.config.LoadResult;
import org.vifgate.config.Problem;

/** Small things every command needs. */
final class CliSupport {

  private CliSupport() {}

  /**
   * Loads the desired-state file; prints its warnings to {@code err}. An invalid file ends the
   * command with every problem listed and nothing changed.
   */
  static DesiredState load(Path file, PrintWriter err) {
    LoadResult result = ConfigLoader.load(file);
    if (result.isValid()) {
      for (Problem warning : result.warnings()) {
        err.println(warning.format());
      }
    }
    return result.orElseThrow();
  }
}
