package org.vifgate.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where runtime state lives: {@code /run/vifgate} by default (a tmpfs, emptied at every boot), one
 * directory per configuration file so that two configurations on one machine never share a role.
 * The key is a hash of the file's absolute path as given, not of its target: config management
 * swapping a symlink must not change which state belongs to the file.
 */
public record StateDir(Path root, Path configFile) {

  public static final Path DEFAULT_ROOT = Path.of("/run/vifgate");

  public StateDir {
    root = root.toAbsolutePath().normalize();
    configFile = configFile.toAbsolutePath().normalize();
  }

  /** The directory for this configuration file's state. */
  public Path dir() {
    return root.resolve(key(configFile));
  }

  public Path roleFile() {
    return dir().resolve("role");
  }

  /** One lock per network namespace: two vifgate runs never edit the same rules at once. */
  public Path lockFile(String netns) {
    return root.resolve("lock." + (netns == null ? "host" : "netns-" + netns));
  }

  /**
   * Gets SHA-256 ready: the first {@link MessageDigest#getInstance} sets up the JDK's security
   * providers, about 8 ms, which a command line spends on a second thread while it parses its file.
   */
  public static void warmUp() {
    try {
      MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // key() reports it.
    }
  }

  static String key(Path configFile) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(configFile.toString().getBytes(StandardCharsets.UTF_8));
      String name = configFile.getFileName() == null ? "config" : configFile.getFileName().toString();
      String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_");
      return safe + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JRE", e);
    }
  }
}
