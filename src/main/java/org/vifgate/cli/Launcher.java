package org.vifgate.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher of the running installation ({@code bin/vifgate}), which the resource agent calls.
 * bin/vifgate says where it is in {@code VIFGATE_LAUNCHER}; without that (vifgate started some
 * other way), it is {@code bin/vifgate} next to the directory holding the jar or the classes.
 */
final class Launcher {

  static final String ENV = "VIFGATE_LAUNCHER";

  private Launcher() {}

  static Optional<Path> running() {
    return find(System.getenv(), codeLocation());
  }

  static Optional<Path> find(Map<String, String> env, Optional<Path> codeLocation) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path path = Path.of(fromEnv);
      if (path.isAbsolute() && Files.isRegularFile(path) && Files.isExecutable(path)) {
        return Optional.of(path.normalize());
      }
    }
    // target/vifgate.jar or target/classes: the checkout is two levels up.
    return codeLocation
        .map(Path::toAbsolutePath)
        .map(Path::getParent)
        .map(Path::getParent)
        .map(root -> root.resolve("bin").resolve("vifgate"))
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p));
  }

  private static Optional<Path> codeLocation() {
    try {
      CodeSource source = Launcher.class.getProtectionDomain().getCodeSource();
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code --vifgate PATH} if given, else the running launcher; an operator error if neither. */
  static Path resolve(Path option) {
    if (option != null) {
      Path path = option.toAbsolutePath().normalize();
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        throw new UserFacingException(
            "--vifgate " + path + " is not an executable file", ExitCodes.USAGE);
      }
      return path;
    }
    return running()
        .orElseThrow(
            () ->
                new UserFacingException(
                    "cannot tell where the vifgate launcher is (the resource agent calls it);"
                        + " pass --vifgate PATH",
                    ExitCodes.USAGE));
  }
}
