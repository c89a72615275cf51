package org.vifgate.watch;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;

/**
 * The watcher's control FIFO, {@code STATE_DIR/control}: senders (the Heartbeat resource agent)
 * write one {@link Request} per line, the watcher answers on the reply FIFO the request names.
 *
 * <p>The FIFO is made once with {@code mkfifo -m 0600} and kept across restarts. The watcher opens
 * it read-write: the open does not wait for a writer, and reads never see end-of-file when a writer
 * closes, so one blocking reader thread serves every sender. Requests of up to PIPE_BUF bytes
 * written in one write(2) are never interleaved. Lines longer than {@link Request#MAX_LINE} are
 * dropped whole. Reply FIFOs older than a minute, left by agents that were killed while waiting,
 * are removed when the channel opens.
 */
public final class ControlChannel implements Closeable {

  public static final String NAME = "control";

  /** Far longer than any agent waits for an answer. */
  static final Duration STALE_REPLY = Duration.ofMinutes(1);

  /** How many reply slots ({@link FifoReplier#SLOT}) senders can claim at once. */
  static final int SLOTS = 8;

  /**
   * A claim this old belongs to a sender that was killed before its request went out: longer than
   * the longest wait the agent accepts (9999 s).
   */
  static final Duration STALE_CLAIM = Duration.ofHours(3);

  private final Path fifo;
  private final FileChannel channel;
  private Thread reader;

  private ControlChannel(Path fifo, FileChannel channel) {
    this.fifo = fifo;
    this.channel = channel;
  }

  /**
   * Creates the FIFO in {@code stateDir} unless it is there already, and opens it.
   *
   * @param mkfifo the absolute path of the mkfifo program
   */
  public static ControlChannel open(Path stateDir, CommandRunner runner, String mkfifo)
      throws IOException {
    Path fifo = stateDir.resolve(NAME);
    if (Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
      if (!Fifos.isFifo(fifo)) {
        throw new IOException(fifo + " exists and is not a FIFO; remove it and start again");
      }
    } else {
      CommandResult made = runner.run(Command.of(mkfifo, "-m", "0600", "--", fifo.toString()));
      if (!made.succeeded() || !Fifos.isFifo(fifo)) {
        throw new IOException(
            "cannot create the control FIFO " + fifo + ": " + made.describeFailure());
      }
    }
    makeSlots(stateDir, runner, mkfifo);
    FileChannel channel =
        FileChannel.open(
            fifo, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    pruneStaleReplies(stateDir, Instant.now().minus(STALE_REPLY));
    pruneStaleClaims(stateDir, Instant.now().minus(STALE_CLAIM));
    return new ControlChannel(fifo, channel);
  }

  /** Makes the reply slots that are missing, with one mkfifo; kept across restarts like control. */
  private static void makeSlots(Path stateDir, CommandRunner runner, String mkfifo) throws IOException {
    List<String> argv = new ArrayList<>(List.of(mkfifo, "-m", "0600", "--"));
    for (int i = 0; i < SLOTS; i++) {
      Path slot = stateDir.resolve("reply.slot." + i);
      if (Files.exists(slot, LinkOption.NOFOLLOW_LINKS)) {
        if (!Fifos.isFifo(slot)) {
          throw new IOException(slot + " exists and is not a FIFO; remove it and start again");
        }
      } else {
        argv.add(slot.toString());
      }
    }
    if (argv.size() > 4) {
      CommandResult made = runner.run(Command.of(argv));
      if (!made.succeeded()) {
        throw new IOException("cannot create the reply FIFOs in " + stateDir + ": " + made.describeFailure());
      }
    }
  }

  /** Frees slots claimed by senders that died before their request went out. */
  static void pruneStaleClaims(Path stateDir, Instant before) {
    try (DirectoryStream<Path> claims = Files.newDirectoryStream(stateDir, "reply.slot.*" + FifoReplier.CLAIM)) {
      for (Path claim : claims) {
        if (Files.getLastModifiedTime(claim, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) {
          Files.deleteIfExists(claim);
        }
      }
    } catch (IOException e) {
      // Housekeeping only.
    }
  }

  /**
   * Removes reply FIFOs older than {@code before}: left by agents that were killed while waiting.
   * Recent ones may belong to an agent about to send its request, so they stay.
   */
  static void pruneStaleReplies(Path stateDir, Instant before) {
    try (DirectoryStream<Path> replies = Files.newDirectoryStream(stateDir, "reply.*")) {
      for (Path reply : replies) {
        String name = reply.getFileName().toString();
        if (Request.REPLY_NAME.matcher(name).matches()
            && !FifoReplier.isSlot(name)
            && Fifos.isFifo(reply)
            && Files.getLastModifiedTime(reply, LinkOption.NOFOLLOW_LINKS)
                .toInstant()
                .isBefore(before)) {
          Files.deleteIfExists(reply);
        }
      }
    } catch (IOException e) {
      // Housekeeping only.
    }
  }

  public Path path() {
    return fifo;
  }

  /** Starts the reader thread, which posts every line it reads to the inbox as an event. */
  public synchronized void start(Inbox inbox) {
    if (reader != null) {
      throw new IllegalStateException("already started");
    }
    reader = new Thread(() -> readLines(inbox), "vifgate-watch-control");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLines(Inbox inbox) {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean tooLong = false;
    try {
      while (channel.read(buffer.clear()) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          byte b = buffer.get();
          if (b != '\n') {
            if (line.size() < Request.MAX_LINE + 1) {
              line.write(b);
            } else {
              tooLong = true;
            }
            continue;
          }
          inbox.post(toEvent(line.toString(StandardCharsets.UTF_8), tooLong));
          line.reset();
          tooLong = false;
        }
      }
    } catch (ClosedChannelException e) {
      // close(): the watcher is stopping.
    } catch (IOException e) {
      inbox.post(
          new WatchEvent.BadControl(
              "reading " + fifo + " failed: " + e.getMessage() + "; requests are no longer read",
              Optional.empty()));
    }
  }

  static WatchEvent toEvent(String line, boolean tooLong) {
    if (tooLong) {
      return new WatchEvent.BadControl(
          "request longer than " + Request.MAX_LINE + " bytes", Optional.empty());
    }
    try {
      return new WatchEvent.Control(Request.parse(line));
    } catch (Request.Invalid e) {
      return new WatchEvent.BadControl(e.getMessage(), e.replyName());
    }
  }

  /** Stops the reader; the FIFO stays for the next watcher. */
  @Override
  public void close() throws IOException {
    channel.close();
    Thread thread;
    synchronized (this) {
      thread = reader;
    }
    if (thread != null) {
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
