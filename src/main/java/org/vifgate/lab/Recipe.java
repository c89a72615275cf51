package org.vifgate.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Backend;

/**
 * The original hand-made recipe, command for command, for migration tests and the benchmark. The
 * commands carry no namespace: run them with {@link Dom0Lab#dom0Runner()} (never in the host's own
 * namespace).
 *
 * <p>On {@link Backend#LEGACY} it is what the recipe did on its day: iptables-legacy and
 * arptables-legacy. On {@link Backend#NFT} it is what the same recipe does on a current Debian:
 * iptables-nft, and arptables-nft, which has no FORWARD chain, so the recipe's ARP half is preceded
 * by {@code arptables -N FORWARD}: the commands then succeed and filter nothing.
 */
public final class Recipe {

  /** Whether rule 5 drops ({@code -j DROP}) or only counts (no target, after {@code -R 5}). */
  public enum State {
    BLOCKED,
    UNBLOCKED
  }

  /** The dom0 ports the recipe always lets through, whether or not they exist. */
  public static final List<String> DOM0_PORTS = List.of("vif0.0", "vif0.1");

  static final String RULE_NUMBER = "5";

  private Recipe() {}

  public static String ipTool(Backend backend) {
    return backend == Backend.LEGACY ? "iptables-legacy" : "iptables-nft";
  }

  public static String arpTool(Backend backend) {
    return backend == Backend.LEGACY ? "arptables-legacy" : "arptables-nft";
  }

  /**
   * The commands that leave the recipe installed in {@code state}: five FORWARD rules in iptables
   * and five in arptables, as the saved rules restored at boot had them; for {@link
   * State#UNBLOCKED}, followed by the unblock pair, as Heartbeat ran it on the active host.
   */
  public static List<Command> install(Backend backend, State state, Tools tools) {
    String ip = tools.require(ipTool(backend));
    String arp = tools.require(arpTool(backend));
    List<Command> commands = new ArrayList<>();
    int position = 1;
    for (String port : DOM0_PORTS) {
      commands.add(insert(ip, position++, "-m", "physdev", "--physdev-in", port, "-j", "ACCEPT"));
      commands.add(insert(ip, position++, "-m", "physdev", "--physdev-out", port, "-j", "ACCEPT"));
    }
    commands.add(insert(ip, position, "-j", "DROP"));
    if (backend == Backend.NFT) {
      commands.add(Command.of(arp, "-N", "FORWARD"));
    }
    position = 1;
    for (String port : DOM0_PORTS) {
      commands.add(insert(arp, position++, "-i", port, "-j", "ACCEPT"));
      commands.add(insert(arp, position++, "-o", port, "-j", "ACCEPT"));
    }
    commands.add(insert(arp, position, "-j", "DROP"));
    if (state == State.UNBLOCKED) {
      commands.addAll(unblock(backend, tools));
    }
    return commands;
  }

  /** The active host's pair: {@code iptables -R FORWARD 5} and {@code arptables -R FORWARD 5}. */
  public static List<Command> unblock(Backend backend, Tools tools) {
    return List.of(
        Command.of(tools.require(ipTool(backend)), "-R", "FORWARD", RULE_NUMBER),
        Command.of(tools.require(arpTool(backend)), "-R", "FORWARD", RULE_NUMBER));
  }

  /** The passive host's pair: the same with {@code -j DROP}. */
  public static List<Command> block(Backend backend, Tools tools) {
    return List.of(
        Command.of(tools.require(ipTool(backend)), "-R", "FORWARD", RULE_NUMBER, "-j", "DROP"),
        Command.of(tools.require(arpTool(backend)), "-R", "FORWARD", RULE_NUMBER, "-j", "DROP"));
  }

  /** Runs commands in order and stops at the first that fails, naming it. */
  public static void run(CommandRunner runner, List<Command> commands) throws IOException {
    for (Command command : commands) {
      CommandResult result = runner.run(command);
      if (!result.succeeded()) {
        throw new IOException("recipe: " + result.describeFailure());
      }
    }
  }

  private static Command insert(String tool, int position, String... rule) {
    List<String> argv = new ArrayList<>(List.of(tool, "-I", "FORWARD", Integer.toString(position)));
    argv.addAll(List.of(rule));
    return Command.of(argv);
  }
}
