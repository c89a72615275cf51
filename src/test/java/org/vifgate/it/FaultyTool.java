package org.vifgate.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.vifgate.exec.Tools;

/**
 * A stand-in for one netfilter tool, found first through VIFGATE_TOOL_PATH: it runs the real tool,
 * except while it is armed (a flag file exists), when it injects a fault. Every call is counted.
 */
public final class FaultyTool {

  /** What an armed wrapper does. */
  public enum Fault {
    /** Passes the real edits, then one bad line, so the real tool fails in mid-transaction. */
    FAIL_MID_TRANSACTION,
    /**
     * Marks that it started, waits two seconds, then runs the real tool and marks that it ended.
     */
    STALL
  }

  public final Path dir;
  private final Path flag;
  private final Path calls;
  private final Path started;
  private final Path ended;

  private FaultyTool(Path dir) {
    this.dir = dir;
    this.flag = dir.resolve("armed");
    this.calls = dir.resolve("calls");
    this.started = dir.resolve("started");
    this.ended = dir.resolve("ended");
  }

  public static FaultyTool create(Path base, String tool, Fault fault) throws IOException {
    Path dir = Files.createDirectories(base.resolve("tools-" + tool));
    FaultyTool wrapper = new FaultyTool(dir);
    String real = Tools.fromEnvironment(Map.of()).require(tool);
    for (Path p : new Path[] {dir, Path.of(real)}) {
      if (!p.toString().matches("[A-Za-z0-9_./-]+")) {
        throw new IllegalArgumentException("path unsafe to put into a script: " + p);
      }
    }
    String armed =
        switch (fault) {
          case FAIL_MID_TRANSACTION ->
              "  input=${input%$'\\n'}\n"
                  + "  if [[ $input == *$'\\n"
                  + "'COMMIT* ]]; then\n"
                  + "    printf '%s-A VIFGATE --injected-fault\\n"
                  + "COMMIT\\n"
                  + "' \"${input%COMMIT*}\" | '"
                  + real
                  + "' \"$@\"\n"
                  + "  else\n"
                  + "    printf '%s\\n-A VIFGATE --injected-fault\\n' \"$input\" | '"
                  + real
                  + "' \"$@\"\n"
                  + "  fi\n"
                  + "  exit $?\n";
          case STALL ->
              "  : > '"
                  + wrapper.started
                  + "'\n"
                  + "  sleep 2\n"
                  + "  printf '%s' \"$input\" | '"
                  + real
                  + "' \"$@\"\n"
                  + "  status=$?\n"
                  + "  : > '"
                  + wrapper.ended
                  + "'\n"
                  + "  exit $status\n";
        };
    String script =
        "#!/bin/bash\n"
            + "# Test stand-in for "
            + tool
            + " (vifgate watch ITs).\n"
            // Like the real tools, it decides nothing before its input has arrived: vifgate's
            // watcher starts restores ahead of time and feeds them later (StandbyRunner).
            + "input=$(cat; echo x)\n"
            + "input=${input%x}\n"
            + "echo \"$*\" >> '"
            + wrapper.calls
            + "'\n"
            + "if [[ -e '"
            + wrapper.flag
            + "' ]]; then\n"
            + armed
            + "fi\n"
            + "printf '%s' \"$input\" | '"
            + real
            + "' \"$@\"\n";
    Path file = dir.resolve(tool);
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return wrapper;
  }

  /** The environment that puts this wrapper in front of the real tool. */
  public Map<String, String> env() {
    return Map.of(Tools.ENV_TOOL_PATH, dir.toString());
  }

  public void arm() throws IOException {
    Files.deleteIfExists(started);
    Files.deleteIfExists(ended);
    Files.writeString(flag, "");
  }

  public void disarm() throws IOException {
    Files.deleteIfExists(flag);
  }

  public boolean started() {
    return Files.exists(started);
  }

  public boolean ended() {
    return Files.exists(ended);
  }

  public long calls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
  }
}
