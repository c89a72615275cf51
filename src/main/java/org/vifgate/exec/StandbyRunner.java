package org.vifgate.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A runner for a resident process (the watcher) that keeps the commands it was told to {@link
 * #prepare} started ahead of time, waiting for their input, so that running one later costs its own
 * work and not its start: a process start through {@code ip netns exec} costs a few milliseconds
 * here, which is most of what a role flip costs.
 *
 * <p>How a command waits depends on how it takes its work:
 *
 * <ul>
 *   <li>a command with standard input (a {@code *-restore} tool) is started as it is; it does not
 *       look at the kernel, nor take the xtables lock, before its input arrives;
 *   <li>a command without (arptables-legacy, whose rule is in its arguments) is started as {@code
 *       xargs -0 -r -- PROGRAM}, and its arguments are fed to xargs, NUL-separated, which then
 *       starts the program with exactly those arguments. Without input ({@code -r}) xargs starts
 *       nothing, so a standby whose runner dies never runs. The exit status is then xargs's: 0, or
 *       123 for any failure of the program, whose own message is on standard error.
 * </ul>
 *
 * A standby serves one run and is started again at the next {@link #prepare}. A command that has no
 * live standby runs the ordinary way; so does everything else. Standbys older than {@code maxAge}
 * are restarted by the next {@link #prepare} (a program upgraded on disk is picked up). {@link
 * #close} kills the ones left.
 */
public final class StandbyRunner implements CommandRunner, AutoCloseable {

  private record Key(List<String> argv, boolean withInput) {
    static Key of(Command command) {
      return new Key(command.argv(), command.stdin() != null);
    }
  }

  private record Standby(Waiting process, Instant started) {}

  private final CommandRunner delegate;
  private final String xargs;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<Key, Standby> ready = new HashMap<>();
  private boolean closed;

  /**
   * @param delegate runs everything, the standbys included (it must support {@link #startWaiting})
   * @param xargs the absolute path of xargs (GNU findutils: {@code -0}, {@code -r}); null: commands
   *     without input are not started ahead
   */
  public StandbyRunner(CommandRunner delegate, String xargs, Clock clock, Duration maxAge) {
    this.delegate = delegate;
    this.xargs = xargs;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /**
   * Starts a standby for {@code command} unless a live one younger than maxAge is there. A command
   * without input needs at least one argument (xargs without input starts nothing).
   */
  @Override
  public void prepare(Command command) throws IOException {
    if (command.stdin() == null && xargs == null) {
      return;
    }
    if (command.stdin() == null && command.argv().size() < 2) {
      throw new IllegalArgumentException("a standby without input needs arguments: " + command.display());
    }
    Key key = Key.of(command);
    Standby stale;
    synchronized (this) {
      if (closed) {
        return;
      }
      Standby existing = ready.get(key);
      if (existing != null
          && existing.process().isAlive()
          && clock.instant().isBefore(existing.started().plus(maxAge))) {
        return;
      }
      stale = ready.remove(key);
    }
    if (stale != null) {
      stale.process().cancel();
    }
    Standby fresh = new Standby(delegate.startWaiting(standbyCommand(command)), clock.instant());
    boolean keep;
    synchronized (this) {
      keep = !closed && !ready.containsKey(key);
      if (keep) {
        ready.put(key, fresh);
      }
    }
    if (!keep) {
      fresh.process().cancel();
    }
  }

  @Override
  public CommandResult run(Command command) throws IOException {
    Standby standby;
    synchronized (this) {
      standby = ready.remove(Key.of(command));
    }
    if (standby == null || !standby.process().isAlive()) {
      if (standby != null) {
        standby.process().cancel();
      }
      return delegate.run(command);
    }
    return standby.process().finish(input(command)).withCommand(command);
  }

  /** Whether a live standby waits for {@code command} (for tests and logs). */
  public synchronized boolean isReady(Command command) {
    Standby standby = ready.get(Key.of(command));
    return standby != null && standby.process().isAlive();
  }

  @Override
  public void close() {
    List<Standby> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(ready.values());
      ready.clear();
    }
    left.forEach(s -> s.process().cancel());
  }

  private Command standbyCommand(Command command) {
    if (command.stdin() != null) {
      return command;
    }
    return new Command(List.of(xargs, "-0", "-r", "--", command.argv().get(0)), "", command.timeout());
  }

  private static byte[] input(Command command) {
    if (command.stdin() != null) {
      return command.stdin().getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream args = new ByteArrayOutputStream();
    for (String arg : command.argv().subList(1, command.argv().size())) {
      args.writeBytes(arg.getBytes(StandardCharsets.UTF_8));
      args.write(0);
    }
    return args.toByteArray();
  }
}
