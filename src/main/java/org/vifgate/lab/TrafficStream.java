package org.vifgate.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;

/**
 * A steady UDP stream from one endpoint to another, counted where it arrives, so that a test can
 * prove "not one packet reached the guest while it was passive".
 *
 * <p>The sender sends at a fixed rate whether or not anything gets through (unlike ping, which
 * slows down when replies stop), with neighbours pinned so that only IP filtering decides. The
 * receiver counts the datagrams in its own input hook ({@code nft}, inside its namespace) and drops
 * them. The sender runs through the lab's {@link org.vifgate.exec.CommandRunner} on a background
 * thread; it is stopped by PID (SIGTERM), after checking that the PID still runs this stream's
 * command line, and in any case ends by itself after its maximum duration.
 */
public final class TrafficStream implements AutoCloseable {

  private static final Duration START_WAIT = Duration.ofSeconds(5);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final LabExec exec;
  private final String receiverNetns;
  private final Endpoint from;
  private final Endpoint to;
  private final int packetsPerSecond;
  private final Path workDir;
  private final String token;
  private final CompletableFuture<CommandResult> sender;
  private final long pid;
  private Long sent;

  private TrafficStream(
      LabExec exec,
      String receiverNetns,
      Endpoint from,
      Endpoint to,
      int packetsPerSecond,
      Path workDir,
      String token,
      CompletableFuture<CommandResult> sender,
      long pid) {
    this.exec = exec;
    this.receiverNetns = receiverNetns;
    this.from = from;
    this.to = to;
    this.packetsPerSecond = packetsPerSecond;
    this.workDir = workDir;
    this.token = token;
    this.sender = sender;
    this.pid = pid;
  }

  /** Pins neighbours, zeroes the receiver's counter and starts sending; returns once it sends. */
  static TrafficStream start(
      LabExec exec,
      LabNames names,
      Endpoint from,
      Endpoint to,
      int packetsPerSecond,
      Duration maxDuration)
      throws IOException {
    EndpointPair.of(from, to);
    if (to.isDom0()) {
      throw new IllegalArgumentException("a stream cannot target dom0 (no lab counters there)");
    }
    if (packetsPerSecond < 1 || packetsPerSecond > 100_000) {
      throw new IllegalArgumentException("rate must be 1..100000 packets/s: " + packetsPerSecond);
    }
    String senderNetns = names.namespace(from);
    String receiverNetns = names.namespace(to);
    exec.pinNeighbour(senderNetns, from, to);
    exec.pinNeighbour(receiverNetns, to, from);
    LabCounters.resetStream(exec, receiverNetns, to);

    Path workDir = Files.createTempDirectory("vifgate-lab-stream");
    Path pidFile = workDir.resolve("sender.pid");
    String token = "vifgate-lab-" + UUID.randomUUID();
    Command send =
        exec.command(
                "python3",
                "-I",
                "-S",
                "-c",
                Scripts.UDP_STREAM,
                to.ipv4(),
                Integer.toString(LabCounters.STREAM_PORT),
                Integer.toString(packetsPerSecond),
                LabExec.seconds(maxDuration),
                pidFile.toString(),
                token)
            .withTimeout(maxDuration.plus(STOP_WAIT));
    CompletableFuture<CommandResult> sender = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                sender.complete(exec.runIn(senderNetns, send));
              } catch (IOException | RuntimeException e) {
                sender.completeExceptionally(e);
              }
            },
            "lab-stream");
    thread.setDaemon(true);
    thread.start();
    long pid = awaitPid(pidFile, sender, workDir);
    return new TrafficStream(
        exec, receiverNetns, from, to, packetsPerSecond, workDir, token, sender, pid);
  }

  public Endpoint from() {
    return from;
  }

  public Endpoint to() {
    return to;
  }

  public int packetsPerSecond() {
    return packetsPerSecond;
  }

  /** Datagrams counted at the receiver since the stream started or {@link #resetArrived()}. */
  public long arrived() throws IOException {
    return LabCounters.streamArrived(exec, receiverNetns, to);
  }

  public void resetArrived() throws IOException {
    LabCounters.resetStream(exec, receiverNetns, to);
  }

  public boolean isRunning() {
    return !sender.isDone();
  }

  /**
   * Stops the sender (by PID) and waits for it; returns how many datagrams it sent. Calling it
   * again returns the same number.
   */
  public synchronized long stop() throws IOException {
    if (sent != null) {
      return sent;
    }
    try {
      if (!sender.isDone()) {
        signal();
      }
      CommandResult result = sender.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      sent = parseSent(result);
      return sent;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("lab: interrupted while stopping the stream", e);
    } catch (ExecutionException e) {
      throw new IOException("lab: stream sender failed: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IOException("lab: stream sender (pid " + pid + ") did not stop", e);
    } finally {
      deleteWorkDir(workDir);
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  private void signal() {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    // Only signal the PID while it still runs this stream's command line: never a reused PID.
    handle
        .filter(h -> h.info().arguments().map(args -> List.of(args).contains(token)).orElse(false))
        .ifPresent(ProcessHandle::destroy);
  }

  private static long awaitPid(Path pidFile, CompletableFuture<CommandResult> sender, Path workDir)
      throws IOException {
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidFile)) {
        return Long.parseLong(Files.readString(pidFile).strip());
      }
      if (sender.isDone()) {
        deleteWorkDir(workDir);
        throw new IOException("lab: stream sender exited before it started: " + describe(sender));
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("lab: interrupted while starting the stream", e);
      }
    }
    throw new IOException("lab: stream sender did not start within " + START_WAIT);
  }

  private static String describe(CompletableFuture<CommandResult> sender) {
    try {
      return sender.get().describeFailure();
    } catch (InterruptedException | ExecutionException e) {
      return String.valueOf(e.getCause() == null ? e : e.getCause());
    }
  }

  private static long parseSent(CommandResult result) throws IOException {
    String out = result.stdout().strip();
    if (!result.succeeded() || out.isEmpty()) {
      throw new IOException("lab: stream sender failed: " + result.describeFailure());
    }
    return Long.parseLong(out.substring(out.lastIndexOf('\n') + 1).strip());
  }

  private static void deleteWorkDir(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A stray file in /tmp is harmless; the stream's result matters more.
    }
  }
}
