package org.vifgate.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The checks made before any YAML is parsed: the file exists, is a regular file, can be read, is at
 * most {@link #MAX_BYTES}, and is UTF-8 text without NUL bytes or other control characters. Each
 * failure is one problem naming the file.
 */
final class SourceFile {
  /** Real desired-state files are a few kilobytes; anything near this is a mistake or an attack. */
  static final int MAX_BYTES = 1 << 20;

  private SourceFile() {}

  /** The file's text, or empty after reporting why it cannot be used. */
  static Optional<String> read(Path path, Problems problems) {
    Optional<byte[]> bytes = readBytes(path, problems);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    if (bytes.get().length == 0) {
      problems.fileError(emptyMessage());
      return Optional.empty();
    }
    Optional<String> text = decode(bytes.get(), problems);
    if (text.isEmpty() || !controlCharactersAbsent(text.get(), problems)) {
      return Optional.empty();
    }
    return text;
  }

  static String emptyMessage() {
    return "file is empty (or holds only comments): a desired-state file needs at least"
        + " version, node, dom0 and bridges";
  }

  private static Optional<byte[]> readBytes(Path path, Problems problems) {
    if (Files.isDirectory(path)) {
      problems.fileError("is a directory, not a desired-state file");
      return Optional.empty();
    }
    if (!Files.exists(path)) {
      problems.fileError(
          Files.isSymbolicLink(path)
              ? "is a symbolic link to a file that does not exist"
              : "no such file");
      return Optional.empty();
    }
    if (!Files.isRegularFile(path)) {
      problems.fileError("is not a regular file (a device, a pipe or a socket)");
      return Optional.empty();
    }
    try {
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        problems.fileError(tooLarge(size + " bytes"));
        return Optional.empty();
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(path)) {
        // The size was checked, but the file may grow in between: never read more than the cap.
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        problems.fileError(tooLarge("more than " + MAX_BYTES + " bytes"));
        return Optional.empty();
      }
      return Optional.of(bytes);
    } catch (AccessDeniedException e) {
      problems.fileError("cannot be read: permission denied");
    } catch (NoSuchFileException e) {
      problems.fileError("no such file");
    } catch (IOException | RuntimeException e) {
      problems.fileError("cannot be read: " + describe(e));
    }
    return Optional.empty();
  }

  private static String tooLarge(String size) {
    return "file is too large (" + size + "); the limit is 1 MiB (" + MAX_BYTES + " bytes)";
  }

  private static String describe(Exception e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      reason = fs.getReason();
    }
    return Messages.clip(reason);
  }

  private static Optional<String> decode(byte[] bytes, Problems problems) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      problems.error(
          byteMark(bytes, offset),
          "",
          String.format(
              "not valid UTF-8 (byte 0x%02X cannot appear here); save the file as UTF-8",
              bytes[offset] & 0xff));
      return Optional.empty();
    }
    out.flip();
    return Optional.of(out.toString());
  }

  /** The 1-based line and column (in characters) of a byte offset in a valid UTF-8 prefix. */
  private static Mark byteMark(byte[] bytes, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    String prefix;
    try {
      prefix =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(bytes, lineStart, offset - lineStart))
              .toString();
    } catch (CharacterCodingException e) {
      prefix = "";
    }
    return new Mark(line, prefix.codePointCount(0, prefix.length()) + 1);
  }

  /** YAML allows tab, CR and LF but no other control character; NUL gets its own message. */
  private static boolean controlCharactersAbsent(String text, Problems problems) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c < 0x7f)
              || c == 0x85
              || (c >= 0xa0 && c != 0xfffe && c != 0xffff);
      if (!allowed) {
        String what =
            c == 0
                ? "contains a NUL byte; a desired-state file is text"
                : String.format(
                    "contains the control character U+%04X, which YAML does not allow", (int) c);
        problems.error(charMark(text, i), "", what);
        return false;
      }
    }
    return true;
  }

  static Mark charMark(String text, int index) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Mark(line, text.codePointCount(lineStart, index) + 1);
  }
}
