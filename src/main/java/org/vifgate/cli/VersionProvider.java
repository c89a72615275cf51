package org.vifgate.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VifgateCommand.class.getPackage().getImplementationVersion();
    return new String[] {"vifgate " + (version == null ? "(development build)" : version)};
  }
}
