package org.vifgate.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;

/**
 * Records every command and answers with a scripted result: success with empty output unless a rule
 * says otherwise. Commands are shown space-joined with tool paths shortened to their names, e.g.
 * {@code ip -n t-dom0 link set lo up}.
 */
final class FakeRunner implements CommandRunner {

  static final List<String> TOOL_NAMES =
      List.of(
          "ip",
          "nft",
          "sysctl",
          "ping",
          "arping",
          "timeout",
          "python3",
          "iptables-legacy",
          "iptables-nft",
          "ip6tables-legacy",
          "ip6tables-nft",
          "arptables-legacy",
          "arptables-nft",
          "ebtables-nft",
          "iptables-legacy-restore",
          "iptables-nft-restore",
          "ip6tables-legacy-restore",
          "ip6tables-nft-restore",
          "ebtables-nft-restore");

  private final List<String> seen = new ArrayList<>();
  private final List<Function<String, CommandResultSpec>> rules = new ArrayList<>();

  /** What a scripted command returns. */
  record CommandResultSpec(int exitCode, String stdout, String stderr) {
    CommandResultSpec(int exitCode, String stdout) {
      this(exitCode, stdout, exitCode == 0 ? "" : "scripted failure");
    }
  }

  /** Makes commands whose display text contains {@code fragment} return this result. */
  FakeRunner answer(String fragment, int exitCode, String stdout) {
    rules.add(line -> line.contains(fragment) ? new CommandResultSpec(exitCode, stdout) : null);
    return this;
  }

  FakeRunner answer(Function<String, CommandResultSpec> rule) {
    rules.add(rule);
    return this;
  }

  List<String> seen() {
    return List.copyOf(seen);
  }

  @Override
  public synchronized CommandResult run(Command command) throws IOException {
    String line = display(command);
    seen.add(line);
    for (int i = rules.size() - 1; i >= 0; i--) {
      CommandResultSpec spec = rules.get(i).apply(line);
      if (spec != null) {
        return new CommandResult(
            command, spec.exitCode(), spec.stdout(), spec.stderr(), Duration.ZERO);
      }
    }
    return new CommandResult(command, 0, "", "", Duration.ZERO);
  }

  static String display(Command command) {
    List<String> parts = new ArrayList<>();
    for (String arg : command.argv()) {
      parts.add(
          arg.startsWith("/") && arg.contains("/fake-tools/")
              ? Path.of(arg).getFileName().toString()
              : arg);
    }
    return String.join(" ", parts);
  }

  /** A tool directory whose programs exist (as empty executables) but never run. */
  static Tools tools(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("fake-tools"));
    for (String name : TOOL_NAMES) {
      Path file = bin.resolve(name);
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      }
    }
    return new Tools(List.of(bin));
  }
}
