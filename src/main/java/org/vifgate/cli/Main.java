package org.vifgate.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Entry point: a thin shell around {@link #run} so that the whole CLI can be tested in-process. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(out, err, args));
  }

  /** Runs one command line and returns its exit code; never calls System.exit. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    // json-schema-validator logs through SLF4J; without a provider SLF4J complains on stderr.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    Streams io = new Streams(out, err);
    Optional<Callable<Integer>> quick = QuickCommandLine.parse(args, io);
    int code =
        quick.isPresent()
            ? QuickCommandLine.call(quick.get(), io)
            : VifgateCommand.commandLine(out, err, args).execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
