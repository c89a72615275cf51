package org.vifgate.watch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Answers on reply FIFOs in the watcher's state directory. The FIFO is opened read-write, which on
 * Linux never blocks (a write-only open would wait for a reader forever if the sender has gone) and
 * never follows a symbolic link. The answer is one line, shorter than PIPE_BUF, so it arrives whole
 * or not at all. Once answered, the FIFO's name is removed: a reply FIFO answers one request.
 */
public final class FifoReplier implements Replier {

  static final int MAX_ANSWER = 1000;

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
    return Fifos.isFifo(resolve(replyName));
  }

  @Override
  public boolean send(String replyName, String line) {
    Path fifo = resolve(replyName);
    if (!Fifos.isFifo(fifo)) {
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
      return false;
    }
    try {
      // The sender holds it open and reads the answer from there; removing the name spares the
      // agent an rm (one process less on Heartbeat's path) and marks the request as answered.
      Files.deleteIfExists(fifo);
    } catch (IOException e) {
      // The agent removes it itself when it is still there.
    }
    return true;
  }
}
