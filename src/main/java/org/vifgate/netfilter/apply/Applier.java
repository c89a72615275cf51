package org.vifgate.netfilter.apply;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.plan.TablePlan;
import org.vifgate.netfilter.render.GateLayout.DesiredTable;

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
    applyWith(
        plan,
        RestoreScripts::ebtables,
        RestoreScripts::iptables,
        " (nothing was changed: the restore is one transaction)");
  }

  /**
   * Applies a plan made without reading the table, against the layout {@code before} the previous
   * reconcile left (a role flip). The restore tools refuse it, changing nothing, unless the table
   * still holds what the plan replaces (see {@link RestoreScripts#iptablesExpecting}); an {@link
   * ApplyException} then means: read the table and plan again. arptables-legacy has no transaction
   * to guard: its single replace runs as planned, and the read-back that follows a flip checks it.
   */
  public void applyExpecting(TablePlan plan, DesiredTable before) throws ApplyException, IOException {
    applyWith(
        plan,
        p -> RestoreScripts.ebtablesExpecting(p, before),
        p -> RestoreScripts.iptablesExpecting(p, before),
        " (nothing was changed: the table no longer holds what the last reconcile left)");
  }

  /** arptables as single commands; the other families through their restore, with these scripts. */
  private void applyWith(
      TablePlan plan,
      Function<TablePlan, String> ebtablesScript,
      Function<TablePlan, String> iptablesScript,
      String onFailure)
      throws ApplyException, IOException {
    if (plan.isEmpty()) {
      return;
    }
    TableId table = plan.table();
    if (table.family() == Family.ARP) {
      applyCommands(plan);
      return;
    }
    String script = (table.family() == Family.BRIDGE ? ebtablesScript : iptablesScript).apply(plan);
    restore(table, script, onFailure);
  }

  /**
   * Tells the runner which commands {@link #applyExpecting} will run for this plan, so that a
   * runner that can start them ahead of time does ({@link org.vifgate.exec.StandbyRunner}).
   */
  public void prepareExpecting(TablePlan plan) throws IOException {
    if (plan.isEmpty()) {
      return;
    }
    TableId table = plan.table();
    if (table.family() == Family.ARP) {
      for (Command command : arptablesCommands(plan)) {
        runner.prepare(command);
      }
      return;
    }
    // The script is the input, fed when the command runs; any script stands for it here.
    runner.prepare(restoreCommand(table, ""));
  }

  private void restore(TableId table, String script, String onFailure) throws ApplyException, IOException {
    CommandResult result = runner.run(restoreCommand(table, script));
    if (!result.succeeded()) {
      throw new ApplyException(table, result.describeFailure() + onFailure);
    }
  }

  private Command restoreCommand(TableId table, String script) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(tools.require(table.tool() + "-restore"));
    if (table.family() != Family.BRIDGE) {
      argv.add("-w");
      argv.add(LOCK_WAIT_SECONDS);
    }
    argv.add("--noflush");
    return new Command(argv, script, TIMEOUT);
  }

  private List<Command> arptablesCommands(TablePlan plan) throws IOException {
    String tool = tools.require(plan.table().tool());
    List<Command> commands = new ArrayList<>();
    for (List<String> args : RestoreScripts.arptables(plan)) {
      List<String> argv = new ArrayList<>();
      argv.add(tool);
      argv.addAll(args);
      commands.add(new Command(argv, null, TIMEOUT));
    }
    return commands;
  }

  private void applyCommands(TablePlan plan) throws ApplyException, IOException {
    List<Command> commands = arptablesCommands(plan);
    for (int done = 0; done < commands.size(); done++) {
      CommandResult result = runner.run(commands.get(done));
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
