package org.vifgate.watch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Answers on reply FIFOs in the watcher's state directory. The FIFO is opened read-write, which on
 * Linux never blocks (a write-only open would wait for a reader forever if the sender has gone) and
 * never follows a symbolic link. The answer is one line, shorter than PIPE_BUF, so it arrives whole
 * or not at all. Once answered, the FIFO's name is removed: a reply FIFO answers one request.
 */
public final class FifoReplier implements Replier {

  static final int MAX_ANSWER = 1000;

  /**
   * Reply FIFOs the watcher makes ahead ({@link ControlChannel#SLOTS} of them), so that a sender
   * need not run mkfifo: a sender claims one by creating its {@code .claim} file exclusively, and
   * only the watcher removes the claim, once it has answered or dropped the request, after its
   * last write is closed. So a slot never hands one sender's answer to the next.
   */
  static final Pattern SLOT = Pattern.compile("reply\\.slot\\.[0-9]");

  static final String CLAIM = ".claim";

  private final Path dir;

  public FifoReplier(Path stateDir) {
    this.dir = stateDir.toAbsolutePath();
  }

  private Path resolve(String replyName) {
    if (!Request.REPLY_NAME.matcher(replyName).matches()) {
      throw new IllegalArgumentException("bad reply name " + replyName);
    }
    return dir.resolve(replyName);
  }

  @Override
  public boolean waiting(String replyName) {
    Path fifo = resolve(replyName);
    return Fifos.isFifo(fifo)
        && (!isSlot(replyName) || Files.exists(claimOf(fifo), LinkOption.NOFOLLOW_LINKS));
  }

  @Override
  public void release(String replyName) {
    if (isSlot(replyName)) {
      deleteQuietly(claimOf(resolve(replyName)));
    }
  }

  static boolean isSlot(String replyName) {
    return SLOT.matcher(replyName).matches();
  }

  static Path claimOf(Path slot) {
    return slot.resolveSibling(slot.getFileName() + CLAIM);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // The sender's side: a claim left over is freed when it is a minute old.
    }
  }

  @Override
  public boolean send(String replyName, String line) {
    Path fifo = resolve(replyName);
    if (!waiting(replyName)) {
      return false;
    }
    String answer = line.replace('\n', ' ');
    if (answer.length() > MAX_ANSWER) {
      answer = answer.substring(0, MAX_ANSWER - 3) + "...";
    }
    try (FileChannel channel =
        FileChannel.open(
            fifo, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer bytes = ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      release(replyName);
      return false;
    }
    if (isSlot(replyName)) {
      // Written and closed: the slot is free for the next sender.
      release(replyName);
      return true;
    }
    // The sender holds it open and reads the answer from there; removing the name spares the agent
    // an rm (one process less on Heartbeat's path) and marks the request as answered.
    deleteQuietly(fifo);
    return true;
  }
}
