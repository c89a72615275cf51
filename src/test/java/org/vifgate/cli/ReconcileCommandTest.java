package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `reconcile` against saved dumps: what CI runs without root. */
class ReconcileCommandTest {

  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  @TempDir Path dir;

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  private Path config(String backend) throws Exception {
    Path file = dir.resolve("vifgate.yaml");
    Files.writeString(
        file,
        "version: 1\nnode: XEN-A\nrole: passive\nbackend: " + backend + "\n"
            + "dom0:\n  vifs: [vif0.0, vif0.1]\nbridges:\n  - {name: xenbr0, uplink: peth0}\n");
    return file;
  }

  @Test
  void plansTheRecipeMigrationFromSavedDumpsWithoutRoot() throws Exception {
    String[] result =
        run(
            "reconcile", "-c", config("nft").toString(),
            "--live-iptables", FIXTURES.resolve("xen-blocked-nft.out").toString(),
            "--live-ebtables", FIXTURES.resolve("empty-ebtables-nft.out").toString(),
            "--state-dir", dir.resolve("state").toString(),
            "--output", "json");
    assertEquals("2", result[0], result[2]);
    String json = result[1];
    assertTrue(json.startsWith("{\"backend\":\"nft\""), json);
    assertTrue(json.contains("\"inSync\":false"), json);
    assertTrue(json.contains("{\"family\":\"ip\",\"table\":\"filter\",\"tool\":\"iptables-nft\",\"chain\":\"FORWARD\",\"op\":\"delete\",\"position\":null,\"rule\":\"-A FORWARD -j DROP\",\"reason\":\"original recipe\"}"), json);
    assertTrue(json.contains("\"op\":\"create-chain\""), json);
    assertEquals(1, json.lines().count(), "one JSON object");
  }

  @Test
  void assumedRoleIsOnlyForDryRuns() throws Exception {
    String[] result = run("reconcile", "-c", config("nft").toString(), "--assume-role", "active", "--state-dir", dir.toString());
    assertEquals(Integer.toString(ExitCodes.USAGE), result[0], result[2]);
    assertTrue(result[2].contains("--assume-role only makes sense with --dry-run"), result[2]);
  }

  @Test
  void unparseableDumpIsAnErrorNamingTheFileAndLine() throws Exception {
    Path broken = dir.resolve("broken.save");
    Files.writeString(broken, "*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -j DROP\n");
    String[] result =
        run("reconcile", "-c", config("nft").toString(), "--live-iptables", broken.toString(), "--state-dir", dir.toString());
    assertEquals("1", result[0]);
    assertTrue(result[2].contains(broken.toString()), result[2]);
    assertTrue(result[2].contains("COMMIT"), result[2]);
  }

  @Test
  void invalidFileChangesNothingAndListsEveryProblem() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "version: 1\nnode: XEN-A\nbackend: nft\nfoo: 1\ndom0:\n  vifs: [vif0.0/1]\nbridges: []\n");
    String[] result = run("reconcile", "-c", file.toString(), "--state-dir", dir.toString());
    assertEquals("1", result[0]);
    assertTrue(result[2].contains(file + ":4:1: "), result[2]);
    assertTrue(result[2].contains(file + ":6:10: "), result[2]);
    assertTrue(result[2].contains("nothing was changed"), result[2]);
  }
}
