package org.vifgate.heartbeat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.vifgate.config.HeartbeatSettings.Auth;
import org.vifgate.config.Secret;

/**
 * Where the authkeys key comes from: the inline {@code key}, or the file named by {@code keyFile}.
 * A key file holds the key on one line; the one trailing newline editors add is dropped, anything
 * else is the key, so whitespace inside it is an error rather than something to trim silently.
 * Messages name the file, never the key.
 */
public final class KeySource {

  private KeySource() {}

  /**
   * @param auth the {@code heartbeat.auth} settings
   * @param baseDir the directory a relative {@code keyFile} is resolved against (the source file's
   *     directory)
   * @return the key, or empty when the settings give none (crc needs none)
   */
  public static Optional<Secret> read(Auth auth, Path baseDir) {
    if (auth.key().isPresent() && auth.keyFile().isPresent()) {
      throw new HeartbeatConfigException("heartbeat.auth: give either key or keyFile, not both");
    }
    if (auth.key().isPresent()) {
      AuthkeysRenderer.validateKey(auth.key().get(), "heartbeat.auth.key");
      return auth.key();
    }
    if (auth.keyFile().isPresent()) {
      Path file = baseDir == null ? auth.keyFile().get() : baseDir.resolve(auth.keyFile().get());
      return Optional.of(readFile(file));
    }
    return Optional.empty();
  }

  /** The key held in {@code file}, without its one trailing newline. */
  public static Secret readFile(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new HeartbeatConfigException("key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new HeartbeatConfigException("cannot read key file " + file + ": " + e, e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new HeartbeatConfigException("key file " + file + " is not UTF-8 text", e);
    }
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      throw new HeartbeatConfigException("key file " + file + " is empty");
    }
    Secret key = new Secret(text);
    AuthkeysRenderer.validateKey(key, "key file " + file);
    return key;
  }
}
