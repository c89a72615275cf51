package org.vifgate.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the external programs vifgate runs, by their explicit names ({@code iptables-legacy},
 * {@code ebtables-nft-save}, never the {@code iptables} alternatives link).
 *
 * <p>The search path is {@code /usr/sbin:/sbin:/usr/bin:/bin}, preceded by the directories in
 * {@code VIFGATE_TOOL_PATH} when it is set: tests use that to put a failing wrapper in front of a
 * real tool. Paths are resolved here, in the caller's mount namespace, and passed on absolute so
 * that {@code ip netns exec} runs exactly the binary that was checked.
 */
public class Tools {

  public static final String ENV_TOOL_PATH = "VIFGATE_TOOL_PATH";
  private static final List<String> SYSTEM_PATH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  private final List<Path> searchPath;

  public Tools(List<Path> searchPath) {
    this.searchPath = List.copyOf(searchPath);
  }

  /** The system search path, preceded by {@code VIFGATE_TOOL_PATH} from the environment. */
  public static Tools fromEnvironment(Map<String, String> env) {
    List<Path> path = new ArrayList<>();
    String extra = env.get(ENV_TOOL_PATH);
    if (extra != null) {
      for (String dir : extra.split(":")) {
        if (!dir.isBlank()) {
          path.add(Path.of(dir));
        }
      }
    }
    SYSTEM_PATH.forEach(dir -> path.add(Path.of(dir)));
    return new Tools(path);
  }

  public static Tools system() {
    return fromEnvironment(System.getenv());
  }

  public Optional<Path> find(String name) {
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("tool name must be a bare program name: " + name);
    }
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The absolute path of a tool, or a {@link ToolMissingException} that says how to get it. */
  public String require(String name) {
    return find(name)
        .map(Path::toString)
        .orElseThrow(() -> new ToolMissingException(name, searchPath));
  }

  /** Thrown when a required program is not installed. */
  public static final class ToolMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ToolMissingException(String name, List<Path> searchPath) {
      super(
          name
              + " is not installed (looked in "
              + String.join(":", searchPath.stream().map(Path::toString).toList())
              + "); install the Debian package "
              + packageOf(name));
    }

    private static String packageOf(String name) {
      if (name.startsWith("arptables")) {
        return "arptables";
      }
      if (name.startsWith("ebtables")) {
        return "ebtables";
      }
      if (name.startsWith("iptables") || name.startsWith("ip6tables")) {
        return "iptables";
      }
      if (name.equals("nft")) {
        return "nftables";
      }
      if (name.equals("ip")) {
        return "iproute2";
      }
      return "that provides " + name;
    }
  }
}
