package org.vifgate.cli;

import java.io.PrintWriter;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.PlanText;

/** Prints a reconcile outcome as text (terraform-like) or JSON. */
final class OutcomePrinter {

  private OutcomePrinter() {}

  static void print(PrintWriter out, Outcome outcome, OutputFormat format, boolean dryRun) {
    if (format == OutputFormat.JSON) {
      out.println(PlanText.json(outcome));
      return;
    }
    out.println("backend: " + outcome.backend().backend().id() + " (" + outcome.backend().reason() + ")");
    out.println("role:    " + outcome.role().id() + " (" + outcome.roleReason() + ")");
    out.print(PlanText.text(outcome.plan()));
    if (outcome.applied()) {
      out.println("Applied and read back: the live rules now match.");
    } else if (dryRun && !outcome.inSync()) {
      out.println("Dry run: nothing was changed.");
    }
    for (String note : outcome.notes()) {
      out.println("note: " + note);
    }
  }

  /** Exit code of reconcile-like commands. */
  static int exitCode(Outcome outcome, boolean dryRun) {
    return dryRun && !outcome.inSync() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
  }
}
