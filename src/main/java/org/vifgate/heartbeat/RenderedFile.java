package org.vifgate.heartbeat;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One rendered file. It carries two texts: what goes to disk, and what may be shown to a human (the
 * same text, except that authkeys' key is replaced by {@code <redacted>}). Everything that prints,
 * logs or diffs uses {@link #displayText()}; only the file writer asks for {@link #revealBytes()}.
 */
public final class RenderedFile {
  private final HeartbeatFile kind;
  private final String content;
  private final String displayText;

  RenderedFile(HeartbeatFile kind, String content, String displayText) {
    this.kind = Objects.requireNonNull(kind);
    this.content = Objects.requireNonNull(content);
    this.displayText = Objects.requireNonNull(displayText);
    if (!kind.secret() && !content.equals(displayText)) {
      throw new IllegalArgumentException(kind + " is not secret; its display text is its content");
    }
  }

  static RenderedFile plain(HeartbeatFile kind, String content) {
    return new RenderedFile(kind, content, content);
  }

  public HeartbeatFile kind() {
    return kind;
  }

  public String fileName() {
    return kind.fileName();
  }

  /** The text safe to show: the content, with any key redacted. */
  public String displayText() {
    return displayText;
  }

  /** The bytes to write to disk, key included. Only the file writer calls this. */
  public byte[] revealBytes() {
    return content.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Redacts a text read back from disk the same way this file's display text is redacted, so a diff
   * between the file on disk and this one never shows a key (see {@link
   * AuthkeysRenderer#redact(String)}).
   */
  public String redact(String onDisk) {
    return kind.secret() ? AuthkeysRenderer.redact(onDisk) : onDisk;
  }

  @Override
  public String toString() {
    return kind.fileName() + ":\n" + displayText;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RenderedFile f && f.kind == kind && f.content.equals(content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, content);
  }
}
