package org.vifgate.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vifgate.config.HeartbeatSettings.Respawn;

/**
 * A {@code respawn} program exists and is executable. Guides written for older Debian releases put
 * ipfail in /usr/lib/heartbeat/; on Debian 12 it is /usr/libexec/heartbeat/ipfail, and Heartbeat
 * only logs, over and over, that it cannot start it.
 *
 * @param root where the file system starts (/; a temporary tree in tests)
 */
public record RespawnCheck(Respawn respawn, Path root) implements Check {

  @Override
  public String name() {
    return "respawn";
  }

  @Override
  public Finding run() {
    String program = respawn.command().strip().split("\\s+")[0];
    if (!program.startsWith("/")) {
      return Finding.fail(
          name(),
          "respawn " + program + " is not an absolute path",
          "give the program's full path");
    }
    Path path = root.resolve(program.substring(1));
    if (Files.isRegularFile(path) && Files.isExecutable(path)) {
      return Finding.pass(name(), program + " (as " + respawn.user() + ")");
    }
    String fileName = Path.of(program).getFileName().toString();
    Path libexec = root.resolve("usr/libexec/heartbeat").resolve(fileName);
    String hint =
        Files.isExecutable(libexec)
            ? "on this system it is /usr/libexec/heartbeat/" + fileName
            : "install it, or remove the respawn entry";
    return Finding.fail(name(), program + " does not exist or is not executable", hint);
  }
}
