package org.vifgate.netfilter.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.NetnsRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;

/**
 * A throwaway network namespace for integration tests (name prefix {@code vgfx-it-}), deleted on
 * close. Every netfilter command of a test runs inside it, never in the host's namespace.
 */
public final class TestNamespace implements AutoCloseable {

  private static final AtomicInteger SERIAL = new AtomicInteger();

  private final ProcessRunner host = new ProcessRunner();
  private final Tools tools = Tools.system();
  private final String name;
  private final NetnsRunner runner;

  public TestNamespace() throws IOException {
    name = "vgfx-it-" + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet();
    check(host.run(Command.of(tools.require("ip"), "netns", "add", name)));
    runner = new NetnsRunner(host, tools.require("ip"), name);
  }

  public String name() {
    return name;
  }

  public CommandRunner runner() {
    return runner;
  }

  public Tools tools() {
    return tools;
  }

  /** Runs a tool (by its bare name) inside the namespace and requires it to succeed. */
  public CommandResult sh(String tool, String... args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(tools.require(tool));
    argv.addAll(List.of(args));
    return check(runner.run(Command.of(argv)));
  }

  /** Runs a tool inside the namespace and returns whatever happened. */
  public CommandResult tryRun(String tool, String... args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(tools.require(tool));
    argv.addAll(List.of(args));
    return runner.run(Command.of(argv));
  }

  private static CommandResult check(CommandResult result) throws IOException {
    if (!result.succeeded()) {
      throw new IOException(result.describeFailure());
    }
    return result;
  }

  @Override
  public void close() throws IOException {
    host.run(Command.of(tools.require("ip"), "netns", "del", name));
  }
}
