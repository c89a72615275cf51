package org.vifgate.netfilter.apply;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.plan.TablePlan;

/**
 * Runs one table's edits through the table's own tool. iptables and ebtables tables change in one
 * {@code --noflush} restore transaction: it either applies entirely or not at all. arptables-legacy
 * has no usable restore (Debian's arptables-legacy-restore is a wrapper around the nft tool that
 * flushes every chain), so its edits run as single commands in plan order, which the planner made
 * safe to stop at any point.
 */
public final class Applier {

  /** How long iptables-restore waits for the xtables lock held by another tool. */
  static final String LOCK_WAIT_SECONDS = "5";

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final CommandRunner runner;
  private final Tools tools;

  public Applier(CommandRunner runner, Tools tools) {
    this.runner = runner;
    this.tools = tools;
  }

  public void apply(TablePlan plan) throws ApplyException, IOException {
    if (plan.isEmpty()) {
      return;
    }
    TableId table = plan.table();
    if (table.family() == Family.ARP) {
      applyCommands(plan);
      return;
    }
    String script;
    List<String> argv = new ArrayList<>();
    argv.add(tools.require(table.tool() + "-restore"));
    if (table.family() == Family.BRIDGE) {
      script = RestoreScripts.ebtables(plan);
    } else {
      script = RestoreScripts.iptables(plan);
      argv.add("-w");
      argv.add(LOCK_WAIT_SECONDS);
    }
    argv.add("--noflush");
    CommandResult result = runner.run(new Command(argv, script, TIMEOUT));
    if (!result.succeeded()) {
      throw new ApplyException(
          table, result.describeFailure() + " (nothing was changed: the restore is one transaction)");
    }
  }

  private void applyCommands(TablePlan plan) throws ApplyException, IOException {
    String tool = tools.require(plan.table().tool());
    List<List<String>> commands = RestoreScripts.arptables(plan);
    for (int done = 0; done < commands.size(); done++) {
      List<String> argv = new ArrayList<>();
      argv.add(tool);
      argv.addAll(commands.get(done));
      CommandResult result = runner.run(new Command(argv, null, TIMEOUT));
      if (!result.succeeded()) {
        throw new ApplyException(
            plan.table(),
            result.describeFailure()
                + " (after "
                + done
                + " of "
                + commands.size()
                + " commands; the ones before it stay applied)");
      }
    }
  }
}
