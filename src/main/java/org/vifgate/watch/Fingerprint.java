package org.vifgate.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the watcher knows about the desired-state file between two looks: whether it is there, where
 * its path really leads (so a symlink swap is seen even when both targets hold the same bytes) and
 * a hash of its content.
 *
 * <p>Directory events only say "something happened here". The watcher acts only when the
 * fingerprint differs from the last one it examined, so spurious events (a neighbour changed, the
 * same bytes written again, a touch) cost one read of a small file and nothing else.
 *
 * @param kind whether the path leads to a regular file, to something else, or nowhere
 * @param realPath the path with every symbolic link resolved; empty when nothing is there
 * @param digest SHA-256 of the content (of at most {@link #MAX_BYTES} + 1 bytes); empty unless
 *     {@code kind} is {@link Kind#FILE}
 */
public record Fingerprint(Kind kind, String realPath, String digest) {

  /** Larger than any file the loader accepts, so a too-large file still changes the hash. */
  static final int MAX_BYTES = (1 << 20) + 1;

  public static final Fingerprint ABSENT = new Fingerprint(Kind.ABSENT, "", "");

  /** What the path leads to. */
  public enum Kind {
    ABSENT,
    FILE,
    OTHER
  }

  public boolean isAbsent() {
    return kind == Kind.ABSENT;
  }

  /** Looks at the path now. Never throws for a file that vanishes in between: it is absent. */
  public static Fingerprint of(Path path) throws IOException {
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      return ABSENT; // no file, or a symbolic link to nothing
    }
    if (!Files.isRegularFile(real)) {
      return new Fingerprint(Kind.OTHER, real.toString(), "");
    }
    MessageDigest sha256 = sha256();
    try (InputStream in = Files.newInputStream(real)) {
      sha256.update(in.readNBytes(MAX_BYTES));
    } catch (NoSuchFileException e) {
      return ABSENT;
    }
    return new Fingerprint(Kind.FILE, real.toString(), HexFormat.of().formatHex(sha256.digest()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JRE", e);
    }
  }

  /** Short form for logs: the first 12 hex digits of the hash. */
  public String shortDigest() {
    return digest.length() > 12 ? digest.substring(0, 12) : digest;
  }
}
