package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.state.StateDir;
import org.vifgate.watch.Instance;

/** `vifgate watch` refuses bad options and a second watcher before it touches anything. */
class WatchCommandTest {

  @TempDir Path dir;

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void badDurationsAreUsageErrors() {
    String[] resync = run("watch", "-c", "x.yaml", "--resync", "1h");
    assertEquals("64", resync[0]);
    assertTrue(resync[2].contains("--resync: '1h' is not a duration"), resync[2]);
    String[] zero = run("watch", "-c", "x.yaml", "--resync", "0s");
    assertEquals("64", zero[0]);
    assertTrue(zero[2].contains("resync must be positive"), zero[2]);
    String[] debounce = run("watch", "-c", "x.yaml", "--debounce", "fast");
    assertEquals("64", debounce[0]);
    String[] format = run("watch", "-c", "x.yaml", "--log-format", "xml");
    assertEquals("64", format[0]);
  }

  @Test
  void aSecondWatcherForTheSameFileExitsOne() throws Exception {
    Path config = dir.resolve("vifgate.yaml");
    Files.writeString(config, "version: 1\n");
    Path state = dir.resolve("state");
    try (Instance first = Instance.claim(new StateDir(state, config).dir(), 12345)) {
      // --netns names no namespace: should the instance check ever come later, no tool could
      // reach the host's own firewall.
      String[] second =
          run("watch", "-c", config.toString(), "--state-dir", state.toString(), "--netns", "vgwatch-none-1");
      assertEquals("1", second[0], second[2]);
      assertTrue(
          second[2].contains("another vifgate watch is running for this file (pid 12345)"),
          second[2]);
    }
  }

  @Test
  void helpNamesTheOptions() {
    String[] help = run("watch", "--help");
    assertEquals("0", help[0]);
    for (String option :
        new String[] {"--resync", "--debounce", "--retry-max", "--log-format", "--netns", "--state-dir"}) {
      assertTrue(help[1].contains(option), option + " in " + help[1]);
    }
  }
}
