package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vifgate doctor} in-process: one line per check and exit 1 on a FAIL. Commands that read
 * the dataplane run in a network namespace that does not exist (so they fail, and never run in the
 * host's namespace); files come from temporary directories.
 */
class DoctorCommandTest {

  @TempDir Path dir;

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void oneLinePerCheckAndExitOneOnAFail() throws IOException {
    Path config = TestConfigs.heartbeatHost(dir);
    Path haDir = Files.createDirectory(dir.resolve("ha.d"));
    Path root =
        Files.createDirectories(dir.resolve("root/etc/systemd/system"))
            .getParent()
            .getParent()
            .getParent();
    String[] r =
        run(
            "doctor",
            "-c",
            config.toString(),
            "--netns",
            "vgdoc-none-3f",
            "--state-dir",
            dir.resolve("state").toString(),
            "--out",
            haDir.toString(),
            "--root",
            root.toString());
    String out = r[1];
    assertEquals("1", r[0], out + r[2]);
    for (String check :
        new String[] {
          "tools",
          "br_netfilter",
          "interfaces",
          "node name",
          "node names resolve",
          "authkeys",
          "resource agent",
          "respawn",
          "IPaddr",
          "bcast",
          "boot safety",
          "no active at boot",
          "blocked at boot"
        }) {
      assertTrue(
          out.lines()
              .anyMatch(
                  l ->
                      l.matches(
                          "(PASS|INFO|WARN|FAIL) +"
                              + java.util.regex.Pattern.quote(check)
                              + " .*")),
          check + " missing:\n" + out);
    }
    assertTrue(
        out.contains("FAIL  authkeys             " + haDir.resolve("authkeys") + " does not exist"),
        out);
    assertTrue(out.contains("hint: vifgate render -c FILE"), out);
    // ipfail is looked up under --root, where it is not.
    assertTrue(
        out.contains("FAIL  respawn              /usr/libexec/heartbeat/ipfail does not exist"),
        out);
    assertTrue(out.lines().reduce((a, b) -> b).orElse("").matches("doctor: \\d+ FAIL.*"), out);
  }

  @Test
  void aHostWithoutHeartbeatOnlyGetsTheHostChecks() throws IOException {
    Path config = TestConfigs.plainHost(dir, "passive");
    String[] r =
        run(
            "doctor",
            "-c",
            config.toString(),
            "--netns",
            "vgdoc-none-3f",
            "--root",
            dir.toString());
    assertTrue(r[1].contains("node name"), r[1]);
    assertTrue(!r[1].contains("authkeys") && !r[1].contains("boot safety"), r[1]);
  }
}
