package org.vifgate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -c FILE}: the desired-state file, shared by every command that reads one. */
final class ConfigOption {
  static final String DEFAULT = "/etc/vifgate/vifgate.yaml";

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = DEFAULT,
      description = "Desired-state file (default: ${DEFAULT-VALUE}).")
  Path file;
}
