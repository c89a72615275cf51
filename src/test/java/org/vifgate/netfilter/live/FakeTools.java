package org.vifgate.netfilter.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;

/**
 * Test doubles for reading live dumps: a directory of empty executables that {@link Tools}
 * resolves, and a runner that answers each program with a canned result and records every call.
 */
public final class FakeTools {

  private FakeTools() {}

  /** Tools that find exactly {@code names}, as empty executables under {@code dir}. */
  public static Tools installed(Path dir, String... names) {
    try {
      for (String name : names) {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/false\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Tools(List.of(dir));
  }

  /** A runner that answers by program name (the last element of argv[0] after any netns prefix). */
  public static final class Runner implements CommandRunner {
    private final Map<String, CommandResult> answers = new HashMap<>();
    private final List<List<String>> calls = new ArrayList<>();

    public Runner answer(String program, int exit, String stdout, String stderr) {
      answers.put(program, new CommandResult(Command.of(program), exit, stdout, stderr, Duration.ZERO));
      return this;
    }

    /** An answer whose stdout is raw bytes, which need not be UTF-8. */
    public Runner answer(String program, int exit, byte[] stdout, String stderr) {
      answers.put(program, new CommandResult(Command.of(program), exit, stdout, stderr, Duration.ZERO));
      return this;
    }

    public List<List<String>> calls() {
      return calls;
    }

    public List<String> programs() {
      return calls.stream().map(Runner::program).toList();
    }

    @Override
    public CommandResult run(Command command) throws IOException {
      calls.add(command.argv());
      String program = program(command.argv());
      CommandResult answer = answers.get(program);
      if (answer == null) {
        throw new IOException("cannot run " + program + ": not expected by the test");
      }
      return new CommandResult(command, answer.exitCode(), answer.stdoutBytes(), answer.stderr(), Duration.ZERO);
    }

    private static String program(List<String> argv) {
      int first = 0;
      if (argv.size() > 4 && argv.get(1).equals("netns") && argv.get(2).equals("exec")) {
        first = 4;
      }
      String path = argv.get(first);
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }
}
