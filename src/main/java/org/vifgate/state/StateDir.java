package org.vifgate.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    return root.resolve("lock." + scope(netns));
  }

  /** What the last successful reconcile left in this network namespace's tables (a hint). */
  public Path settledFile(String netns) {
    return root.resolve("settled." + scope(netns));
  }

  private static String scope(String netns) {
    return netns == null ? "host" : "netns-" + netns;
  }

  static String key(Path configFile) {
    byte[] digest = Sha256.digest(configFile.toString().getBytes(StandardCharsets.UTF_8));
    String name = configFile.getFileName() == null ? "config" : configFile.getFileName().toString();
    // One '_' per code point outside [A-Za-z0-9_.-], as the regex replacement this loop replaced
    // made: the names of existing state directories must not change.
    StringBuilder safe = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
      int c = name.codePointAt(i);
      boolean plain = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
      safe.append(plain ? (char) c : '_');
    }
    return safe + "-" + HexFormat.of().formatHex(digest, 0, 8);
  }
}
