package org.vifgate.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.model.Table;
import org.vifgate.netfilter.model.Token;

/**
 * A stateful fake of the kernel's filter tables: it runs the restore scripts and arptables
 * commands vifgate sends (with the tools' semantics) and serves the resulting rules back as a
 * live source. Faults can be injected: a tool that fails, or one that reports success but drops
 * the change.
 */
final class FakeKernel implements CommandRunner, LiveSource {

  final Map<DumpId, Map<String, List<RuleSpec>>> tables = new LinkedHashMap<>();
  final List<Command> commands = new ArrayList<>();
  int failNextWrites;
  boolean dropWrites;
  String sysctlValue = "1";
  int reads;
  /** "read <dumps>" and "write <program>", in the order they happened (reads may run on other threads). */
  final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

  Map<String, List<RuleSpec>> table(Family family, Backend backend) {
    return tables.computeIfAbsent(new DumpId(family, backend), k -> newTable());
  }

  private static Map<String, List<RuleSpec>> newTable() {
    Map<String, List<RuleSpec>> chains = new LinkedHashMap<>();
    chains.put("INPUT", new ArrayList<>());
    chains.put("FORWARD", new ArrayList<>());
    chains.put("OUTPUT", new ArrayList<>());
    return chains;
  }

  long writes() {
    return commands.stream().filter(c -> !c.program().equals("sysctl") || c.argv().contains("-w")).count();
  }

  @Override
  public synchronized CommandResult run(Command command) {
    commands.add(command);
    String program = command.program();
    if (!program.equals("sysctl")) {
      events.add("write " + program);
    }
    if (program.equals("sysctl")) {
      if (command.argv().contains("-w")) {
        sysctlValue = "1";
        return ok(command, "");
      }
      return ok(command, String.join("\n", java.util.Collections.nCopies(command.argv().size() - 2, sysctlValue)) + "\n");
    }
    if (failNextWrites > 0) {
      failNextWrites--;
      return new CommandResult(command, 4, "", program + ": injected failure\n", Duration.ZERO);
    }
    if (dropWrites) {
      return ok(command, "");
    }
    DumpId dump = dumpOf(program);
    Map<String, List<RuleSpec>> chains = tables.computeIfAbsent(dump, k -> newTable());
    if (program.endsWith("-restore")) {
      // All or nothing, like the real restore: work on a copy.
      Map<String, List<RuleSpec>> copy = deepCopy(chains);
      for (String line : command.stdin().split("\n")) {
        if (line.startsWith("*") || line.equals("COMMIT") || line.isEmpty()) {
          continue;
        }
        if (line.startsWith(":")) {
          copy.putIfAbsent(line.substring(1).split(" ")[0], new ArrayList<>());
          continue;
        }
        if (!execute(copy, Arrays.asList(line.split(" ")))) {
          return new CommandResult(command, 1, "", "line failed: " + line + "\n", Duration.ZERO);
        }
      }
      chains.clear();
      chains.putAll(copy);
      return ok(command, "");
    }
    List<String> args = command.argv().subList(1, command.argv().size());
    if (args.get(0).equals("-N")) {
      chains.put(args.get(1), new ArrayList<>());
      return ok(command, "");
    }
    return execute(chains, args) ? ok(command, "") : new CommandResult(command, 1, "", "failed\n", Duration.ZERO);
  }

  private static boolean execute(Map<String, List<RuleSpec>> chains, List<String> words) {
    String op = words.get(0);
    String chain = words.get(1);
    List<RuleSpec> rules = chains.get(chain);
    if (rules == null) {
      return false;
    }
    List<String> rest = words.subList(2, words.size());
    switch (op) {
      case "-I" -> rules.add(Integer.parseInt(rest.get(0)) - 1, new RuleSpec(chain, rest.subList(1, rest.size())));
      case "-R" -> rules.set(Integer.parseInt(rest.get(0)) - 1, new RuleSpec(chain, rest.subList(1, rest.size())));
      case "-D" -> {
        if (rest.size() == 1 && rest.get(0).matches("[0-9]+")) {
          rules.remove(Integer.parseInt(rest.get(0)) - 1);
        } else if (!rules.remove(new RuleSpec(chain, rest))) {
          return false;
        }
      }
      case "-C" -> {
        return rules.contains(new RuleSpec(chain, rest));
      }
      case "-F" -> rules.clear();
      case "-X" -> chains.remove(chain);
      default -> {
        return false;
      }
    }
    return true;
  }

  private static DumpId dumpOf(String program) {
    String tool = program.replace("-restore", "");
    Backend backend = tool.endsWith("-legacy") ? Backend.LEGACY : Backend.NFT;
    Family family =
        tool.startsWith("ip6") ? Family.IPV6
            : tool.startsWith("iptables") ? Family.IPV4
            : tool.startsWith("arp") ? Family.ARP
            : Family.BRIDGE;
    return new DumpId(family, backend);
  }

  private static Map<String, List<RuleSpec>> deepCopy(Map<String, List<RuleSpec>> chains) {
    Map<String, List<RuleSpec>> copy = new LinkedHashMap<>();
    chains.forEach((name, rules) -> copy.put(name, new ArrayList<>(rules)));
    return copy;
  }

  private static CommandResult ok(Command command, String stdout) {
    return new CommandResult(command, 0, stdout, "", Duration.ZERO);
  }

  @Override
  public synchronized LiveSnapshot read(Collection<DumpId> dumps, Scope scope) {
    reads++;
    events.add("read " + dumps);
    Map<DumpId, Ruleset> read = new LinkedHashMap<>();
    for (DumpId id : dumps) {
      Map<String, List<RuleSpec>> chains = tables.get(id);
      if (chains == null) {
        read.put(id, Ruleset.empty(id.kind(), id.backend()));
        continue;
      }
      List<Chain> list = new ArrayList<>();
      chains.forEach(
          (name, rules) -> {
            boolean builtin = name.equals("INPUT") || name.equals("FORWARD") || name.equals("OUTPUT");
            list.add(new Chain(name, builtin, builtin ? "ACCEPT" : null, null, rules.stream().map(FakeKernel::rule).toList()));
          });
      read.put(id, new Ruleset(id.kind(), id.backend(), List.of(new Table("filter", list)), List.of()));
    }
    return new LiveSnapshot(read, Map.of());
  }

  @Override
  public boolean isKernel() {
    return true;
  }

  private static Rule rule(RuleSpec spec) {
    return new Rule(spec.chain(), spec.args().stream().map(Token::bare).toList(), spec.display(), null, null, false, null, null, null, List.of(), null);
  }
}
