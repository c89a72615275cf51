package org.vifgate.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command's output and error streams, for a command that may run with picocli (its spec holds
 * them) or without it ({@link QuickCommandLine} hands them over).
 */
record Streams(PrintWriter out, PrintWriter err) {

  static PrintWriter out(CommandSpec spec, Streams io) {
    return io != null ? io.out() : spec.commandLine().getOut();
  }

  static PrintWriter err(CommandSpec spec, Streams io) {
    return io != null ? io.err() : spec.commandLine().getErr();
  }
}
