package org.vifgate.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vifgate.config.Role;

/**
 * Reads the command lines that run cold on a role flip, without picocli: {@code vifgate role ROLE}
 * (Heartbeat's resource agent when no watcher runs) and {@code vifgate reconcile} (after a push,
 * and in CI with {@code --dry-run}). picocli builds its model of a command by reflection over the
 * command's annotations, which here costs about 45 ms of a 150 ms start; these lines are too
 * simple to need it.
 *
 * <p>Only the plainest form is read here: each option at most once, as {@code --name VALUE} or
 * {@code --name=VALUE} (or {@code -c FILE}), values that do not look like options, enum values in
 * lower case. Anything else, help, a typo, a missing or repeated value, any other option, goes to
 * picocli, which reads it the usual way or explains the mistake. The commands run exactly as
 * picocli would run them, with the same defaults (the constants its annotations use); a test
 * holds both readers to the same result for every line this one accepts.
 */
final class QuickCommandLine {

  private QuickCommandLine() {}

  private static final Set<String> HOST_OPTIONS = Set.of("--netns", "--state-dir", "--lock-timeout");

  /** Runs a command {@link #parse} made, turning exceptions into exit codes as picocli does. */
  static int call(Callable<Integer> command, Streams io) {
    try {
      Integer code = command.call();
      return code == null ? ExitCodes.OK : code;
    } catch (Exception e) {
      return ErrorHandler.exitCode(e, io.err());
    }
  }

  /** The command the line asks for, ready to call; empty when picocli must read the line. */
  static Optional<Callable<Integer>> parse(String[] args, Streams io) {
    if (args.length == 0) {
      return Optional.empty();
    }
    return switch (args[0]) {
      case "reconcile" -> reconcile(args, io);
      case "role" -> role(args, io);
      default -> Optional.empty();
    };
  }

  private static Optional<Callable<Integer>> reconcile(String[] args, Streams io) {
    Optional<Words> words = Words.read(args, Set.of("--dry-run"), Set.of("-c", "--config", "--output"), 0);
    if (words.isEmpty()) {
      return Optional.empty();
    }
    Words w = words.get();
    ReconcileCommand command = new ReconcileCommand();
    command.io = io;
    command.dryRun = w.flags().contains("--dry-run");
    command.config = new ConfigOption();
    command.host = new HostOptions();
    command.output = shared(w, command.config, command.host);
    return command.output == null ? Optional.empty() : Optional.of(command);
  }

  private static Optional<Callable<Integer>> role(String[] args, Streams io) {
    Optional<Words> words = Words.read(args, Set.of(), Set.of("-c", "--config", "--output", "--by"), 1);
    if (words.isEmpty()) {
      return Optional.empty();
    }
    Words w = words.get();
    RoleCommand command = new RoleCommand();
    command.io = io;
    switch (w.positional().get(0)) {
      case "active" -> command.role = Role.ACTIVE;
      case "passive" -> command.role = Role.PASSIVE;
      default -> {
        return Optional.empty();
      }
    }
    command.by = w.value("--by") == null ? RoleCommand.DEFAULT_BY : w.value("--by");
    command.config = new ConfigOption();
    command.host = new HostOptions();
    command.output = shared(w, command.config, command.host);
    return command.output == null ? Optional.empty() : Optional.of(command);
  }

  /**
   * Fills the options both commands have and returns the output format; null when the line must go
   * to picocli.
   */
  private static OutputFormat shared(Words w, ConfigOption config, HostOptions host) {
    Optional<OutputFormat> output = outputFormat(w.value("--output"));
    return output.isPresent() && configAndHost(w, config, host) ? output.get() : null;
  }

  private static Optional<OutputFormat> outputFormat(String value) {
    if (value == null || value.equals("text")) {
      return Optional.of(OutputFormat.TEXT);
    }
    return value.equals("json") ? Optional.of(OutputFormat.JSON) : Optional.empty();
  }

  /** Fills the options every such command shares; false when a path is not one. */
  private static boolean configAndHost(Words w, ConfigOption config, HostOptions host) {
    String file = w.value("--config");
    try {
      config.file = Path.of(file == null ? ConfigOption.DEFAULT : file);
      String stateDir = w.value("--state-dir");
      host.stateDir = Path.of(stateDir == null ? HostOptions.DEFAULT_STATE_DIR : stateDir);
    } catch (InvalidPathException e) {
      return false;
    }
    host.netns = w.value("--netns");
    String lockTimeout = w.value("--lock-timeout");
    host.lockTimeout = lockTimeout == null ? HostOptions.DEFAULT_LOCK_TIMEOUT : lockTimeout;
    return true;
  }

  /** A command line split into flags, option values and positional words. */
  private record Words(Set<String> flags, Map<String, String> values, List<String> positional) {

    String value(String option) {
      return values.get(option);
    }

    /**
     * Empty unless every word after the command name is one of {@code flags}, an option of {@code
     * options} or the host options with a plain value, or a positional word, and each appears at
     * most once ({@code -c} and {@code --config} count as one), with exactly {@code positionals}
     * positional words.
     */
    static Optional<Words> read(String[] args, Set<String> flags, Set<String> options, int positionals) {
      Set<String> seenFlags = new HashSet<>();
      Map<String, String> values = new HashMap<>();
      List<String> positional = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        String word = args[i];
        if (word.isEmpty() || word.startsWith("@")) {
          return Optional.empty(); // picocli reads @FILE as a file of arguments
        }
        if (!word.startsWith("-")) {
          positional.add(word);
          continue;
        }
        if (flags.contains(word)) {
          if (!seenFlags.add(word)) {
            return Optional.empty();
          }
          continue;
        }
        String name = word;
        String value = null;
        int equals = word.indexOf('=');
        if (word.startsWith("--") && equals > 0) {
          name = word.substring(0, equals);
          value = word.substring(equals + 1);
        }
        if (!options.contains(name) && !HOST_OPTIONS.contains(name)) {
          return Optional.empty();
        }
        if (value == null) {
          if (i + 1 >= args.length) {
            return Optional.empty();
          }
          value = args[++i];
        }
        String key = name.equals("-c") ? "--config" : name;
        if (value.isEmpty() || value.startsWith("-") || value.startsWith("@") || values.put(key, value) != null) {
          return Optional.empty();
        }
      }
      if (positional.size() != positionals) {
        return Optional.empty();
      }
      return Optional.of(new Words(Set.copyOf(seenFlags), Map.copyOf(values), List.copyOf(positional)));
    }
  }
}
