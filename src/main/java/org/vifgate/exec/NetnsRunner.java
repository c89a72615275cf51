package org.vifgate.exec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs every command inside a named network namespace with {@code ip netns exec NAME}. The name is
 * validated so that it can only ever name a file under /run/netns.
 */
public final class NetnsRunner implements CommandRunner {

  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final CommandRunner delegate;
  private final String ipBinary;
  private final String netns;

  public NetnsRunner(CommandRunner delegate, String ipBinary, String netns) {
    this.delegate = delegate;
    this.ipBinary = ipBinary;
    this.netns = requireValidName(netns);
  }

  public static String requireValidName(String netns) {
    if (netns == null || !VALID_NAME.matcher(netns).matches()) {
      throw new IllegalArgumentException(
          "invalid network namespace name '"
              + netns
              + "': use 1-64 of letters, digits, '_', '.', '-', starting with a letter or digit");
    }
    return netns;
  }

  public String netns() {
    return netns;
  }

  @Override
  public CommandResult run(Command command) throws IOException {
    // Report the command as the caller wrote it; the namespace is part of the runner, not the tool.
    return delegate.run(inNamespace(command)).withCommand(command);
  }

  @Override
  public Waiting startWaiting(Command command) throws IOException {
    Waiting waiting = delegate.startWaiting(inNamespace(command));
    return new Waiting() {
      @Override
      public CommandResult finish(byte[] input) throws IOException {
        return waiting.finish(input).withCommand(command);
      }

      @Override
      public boolean isAlive() {
        return waiting.isAlive();
      }

      @Override
      public void cancel() {
        waiting.cancel();
      }
    };
  }

  private Command inNamespace(Command command) {
    List<String> argv = new ArrayList<>(command.argv().size() + 4);
    argv.add(ipBinary);
    argv.add("netns");
    argv.add("exec");
    argv.add(netns);
    argv.addAll(command.argv());
    return new Command(argv, command.stdin(), command.timeout());
  }
}
