package org.vifgate.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;

/**
 * Answers commands by their argv with tool paths shortened to names ({@code ip -j -d link show}):
 * exit code and stdout as scripted, exit 127 for anything unscripted. Records what ran.
 */
final class ScriptedRunner implements CommandRunner {

  private final Map<String, CommandResultSpec> answers = new LinkedHashMap<>();
  final List<String> seen = new ArrayList<>();

  record CommandResultSpec(int exitCode, String stdout) {}

  ScriptedRunner answer(String line, int exitCode, String stdout) {
    answers.put(line, new CommandResultSpec(exitCode, stdout));
    return this;
  }

  @Override
  public CommandResult run(Command command) {
    List<String> parts = new ArrayList<>();
    for (String arg : command.argv()) {
      parts.add(
          arg.startsWith("/") && parts.isEmpty() ? arg.substring(arg.lastIndexOf('/') + 1) : arg);
    }
    String line = String.join(" ", parts);
    seen.add(line);
    CommandResultSpec spec = answers.get(line);
    if (spec == null) {
      return new CommandResult(command, 127, "", "unscripted: " + line, Duration.ZERO);
    }
    return new CommandResult(
        command,
        spec.exitCode(),
        spec.stdout(),
        spec.exitCode() == 0 ? "" : "scripted failure",
        Duration.ZERO);
  }
}
