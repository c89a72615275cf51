package org.vifgate.cli;

import java.io.PrintWriter;
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
    subcommands = {
      CommandLine.HelpCommand.class,
      ValidateCommand.class,
      ReconcileCommand.class,
      InspectCommand.class,
      RenderCommand.class,
      RoleCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      DoctorCommand.class,
      DemoCommand.class,
      CdsTrainingCommand.class
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

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new VifgateCommand());
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
