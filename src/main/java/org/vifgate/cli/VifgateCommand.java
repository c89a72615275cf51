package org.vifgate.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command; it only groups the subcommands. */
@Command(
    name = "vifgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Keeps the guest network of a Xen high-availability host pair in the state a YAML file"
          + " declares: guests of the passive host are cut off at the bridge, dom0 stays"
          + " reachable, and only the rules vifgate owns are ever changed.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  vifgate validate -c /etc/vifgate/vifgate.yaml",
      "  vifgate reconcile -c /etc/vifgate/vifgate.yaml --dry-run",
      "  vifgate role active -c /etc/vifgate/vifgate.yaml",
      "  vifgate help reconcile",
      "",
      "Exit codes: 0 ok, 1 error, 2 changes pending (--dry-run), 3 not running (status)."
    })
public final class VifgateCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /**
   * Every subcommand, by name. Building picocli's model of a command costs reflection and class
   * loading (and picocli's classes cannot go into the class-data archive), so a command line that
   * names one subcommand gets only that one: the flip path stays short. Anything else (help, an
   * unknown word, no word) gets them all, so usage and suggestions stay complete.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> all = new LinkedHashMap<>();
    all.put("validate", ValidateCommand::new);
    all.put("reconcile", ReconcileCommand::new);
    all.put("inspect", InspectCommand::new);
    all.put("render", RenderCommand::new);
    all.put("role", RoleCommand::new);
    all.put("status", StatusCommand::new);
    all.put("watch", WatchCommand::new);
    all.put("doctor", DoctorCommand::new);
    all.put("demo", DemoCommand::new);
    all.put("cds-training", CdsTrainingCommand::new);
    return all;
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new VifgateCommand());
    Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (only != null) {
      commandLine.addSubcommand(args[0], only.get());
    } else {
      commandLine.addSubcommand("help", new CommandLine.HelpCommand());
      SUBCOMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // picocli's default for a wrong command line is 2, which reads as "changes pending".
    usageErrorsExit(commandLine, ExitCodes.USAGE);
    return commandLine;
  }

  private static void usageErrorsExit(CommandLine commandLine, int code) {
    commandLine.getCommandSpec().exitCodeOnInvalidInput(code);
    commandLine.getSubcommands().values().forEach(sub -> usageErrorsExit(sub, code));
  }
}
