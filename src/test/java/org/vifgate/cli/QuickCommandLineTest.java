package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The command lines read without picocli are read exactly as picocli reads them: same command,
 * same values, same defaults; and every line it is not sure about is left to picocli.
 */
class QuickCommandLineTest {

  private final Streams io = new Streams(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

  static List<String> accepted() {
    return List.of(
        "reconcile",
        "reconcile -c /etc/vifgate/xen-a.yaml",
        "reconcile --config /tmp/a.yaml --dry-run",
        "reconcile --config=/tmp/a.yaml --netns=vgbench-dom0 --state-dir=/tmp/state",
        "reconcile -c a.yaml --netns ns1 --state-dir /tmp/s --lock-timeout 2s --output json",
        "reconcile --dry-run --output text -c a.yaml",
        "reconcile --lock-timeout=500ms --output=json",
        "role active",
        "role passive -c /etc/vifgate/vifgate.yaml --state-dir /run/vifgate --by heartbeat",
        "role active -c a.yaml --netns vgwrolen-dom0 --by 'heartbeat start' --output json",
        "role -c a.yaml passive --by=hb",
        "role --netns=x passive --lock-timeout 1s");
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void readsTheLineAsPicocliDoes(String line) throws Exception {
    String[] args = words(line);
    Optional<Callable<Integer>> quick = QuickCommandLine.parse(args, io);
    assertTrue(quick.isPresent(), "read without picocli: " + line);
    Object picocli = picocli(args);
    assertEquals(fields(picocli), fields(quick.get()), line);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "--version",
        "reconcile --help",
        "reconcile -h",
        "reconcile -c",
        "reconcile -c a.yaml -c b.yaml",
        "reconcile -c a.yaml --config b.yaml",
        "reconcile --dry-run --dry-run",
        "reconcile -ca.yaml",
        "reconcile --output JSON",
        "reconcile --output yaml",
        "reconcile --live-iptables x.save",
        "reconcile --assume-role passive --dry-run",
        "reconcile extra",
        "reconcile --netns -c",
        "reconcile --netns",
        "reconcile @args.txt",
        "reconcile -- -c a.yaml",
        "reconcile --dry-run=true",
        "reconcile --state-dir=",
        "role",
        "role active passive",
        "role ACTIVE",
        "role standby",
        "role active --dry-run",
        "role active --by",
        "validate -c a.yaml",
        "status --lsb",
        "watch -c a.yaml"
      })
  void leavesEveryOtherLineToPicocli(String line) {
    assertEquals(Optional.empty(), QuickCommandLine.parse(words(line), io).map(c -> "read: " + fields(c)), line);
  }

  /** A command run either way reports the same: here, a file that is not there. */
  @ParameterizedTest
  @ValueSource(strings = {"reconcile -c /nonexistent/vifgate.yaml", "role passive -c /nonexistent/vifgate.yaml --state-dir /nonexistent/state"})
  void aCommandRunWithoutPicocliEndsAsWithIt(String line) {
    String[] quick = words(line);
    // Upper case is left to picocli, which reads it as the same value.
    String[] viaPicocli = words(line + " --output TEXT");
    assertTrue(QuickCommandLine.parse(quick, io).isPresent());
    assertEquals(Optional.empty(), QuickCommandLine.parse(viaPicocli, io).map(Object::toString));
    StringWriter quickOut = new StringWriter();
    StringWriter quickErr = new StringWriter();
    int quickCode = Main.run(new PrintWriter(quickOut), new PrintWriter(quickErr), quick);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), viaPicocli);
    assertEquals(code, quickCode);
    assertEquals(ExitCodes.ERROR, quickCode);
    assertEquals(out.toString(), quickOut.toString());
    assertEquals(err.toString(), quickErr.toString());
    assertTrue(quickErr.toString().contains("/nonexistent/vifgate.yaml"), quickErr.toString());
  }

  /** Words as a shell splits them, with '...' for one word containing spaces. */
  private static String[] words(String line) {
    List<String> words = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return words.toArray(String[]::new);
  }

  private static Object picocli(String[] args) {
    Object command = args[0].equals("role") ? new RoleCommand() : new ReconcileCommand();
    CommandLine line = new CommandLine(command);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.parseArgs(Arrays.copyOfRange(args, 1, args.length));
    return command;
  }

  /** Everything a command's call() reads from its options. */
  private static List<Object> fields(Object command) {
    if (command instanceof ReconcileCommand r) {
      return List.of("reconcile", r.config.file, String.valueOf(r.host.netns), r.host.stateDir, r.host.lockTimeout,
          r.dryRun, r.output, String.valueOf(r.liveIptables), String.valueOf(r.liveIp6tables),
          String.valueOf(r.liveArptables), String.valueOf(r.liveEbtables), String.valueOf(r.assumeRole));
    }
    RoleCommand r = (RoleCommand) command;
    return List.of("role", r.role, r.config.file, String.valueOf(r.host.netns), r.host.stateDir, r.host.lockTimeout,
        r.by, r.output);
  }
}
