package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vifgate.config.HeartbeatSettings.AuthMethod;
import org.vifgate.config.HeartbeatSettings.AutoFailback;
import org.vifgate.config.HeartbeatSettings.Mcast;
import org.vifgate.config.HeartbeatSettings.Respawn;
import org.vifgate.config.HeartbeatSettings.Ucast;

/** What a valid file loads into, and how the result behaves. */
class ConfigLoaderTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private Path write(String text) throws IOException {
    Path file = fs.getPath("/etc/vifgate/vifgate.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void xenALoadsIntoTheModel() {
    Path file = Path.of("examples/xen-a.yaml");
    LoadResult result = ConfigLoader.load(file);
    assertEquals(List.of(), result.problems());
    DesiredState state = result.state().orElseThrow();
    assertEquals(file, state.source());
    assertEquals(1, state.version());
    assertEquals("XEN-A", state.node());
    assertEquals(Role.PASSIVE, state.role());
    assertEquals(BackendChoice.AUTO, state.backend());
    assertFalse(state.manageSysctls());
    assertEquals(List.of("vif0.0", "vif0.1"), state.dom0Vifs());
    assertEquals(
        List.of(new Bridge("xenbr0", "peth0"), new Bridge("xenbr1", "peth1")), state.bridges());
    HeartbeatSettings hb = state.heartbeat().orElseThrow();
    assertEquals(List.of("XEN-A", "XEN-B"), hb.nodes());
    assertEquals(Duration.ofSeconds(1), hb.keepalive());
    assertEquals(Duration.ofSeconds(2), hb.warntime());
    assertEquals(Duration.ofSeconds(5), hb.deadtime());
    assertEquals(Duration.ofSeconds(120), hb.initdead());
    assertEquals(694, hb.udpport());
    assertEquals(19200, hb.baud());
    assertEquals(List.of(new Ucast("eth0", "192.0.2.12")), hb.ucast());
    assertEquals(AutoFailback.OFF, hb.autoFailback());
    assertEquals(Map.of("upstream", List.of("192.0.2.1", "192.0.2.254")), hb.pingGroups());
    assertEquals(List.of(new Respawn("hacluster", "/usr/libexec/heartbeat/ipfail")), hb.respawn());
    assertEquals("/var/log/ha-log", hb.logfile());
    assertEquals("/var/log/ha-debug", hb.debugfile());
    assertNull(hb.logfacility());
    assertEquals(AuthMethod.SHA1, hb.auth().method());
    assertEquals(Optional.empty(), hb.auth().key());
    assertEquals(Optional.of(Path.of("/etc/vifgate/authkey")), hb.auth().keyFile());
    assertEquals("XEN-A", hb.resources().preferredNode());
    assertEquals(List.of("192.0.2.10/24/eth0"), hb.resources().addresses());
    assertEquals("vifgate", hb.resources().script());
  }

  /** The pair must render the same haresources and node list, with mirrored ucast peers. */
  @Test
  void xenAAndXenBAreAMatchingPair() {
    DesiredState a = ConfigLoader.load(Path.of("examples/xen-a.yaml")).orElseThrow();
    DesiredState b = ConfigLoader.load(Path.of("examples/xen-b.yaml")).orElseThrow();
    assertEquals("XEN-B", b.node());
    HeartbeatSettings ha = a.heartbeat().orElseThrow();
    HeartbeatSettings hb = b.heartbeat().orElseThrow();
    assertEquals(ha.resources(), hb.resources());
    assertEquals(ha.nodes(), hb.nodes());
    assertEquals(ha.auth(), hb.auth());
    assertEquals(List.of(new Ucast("eth0", "192.0.2.12")), ha.ucast());
    assertEquals(List.of(new Ucast("eth0", "192.0.2.11")), hb.ucast());
    assertEquals(withUcast(ha, hb.ucast()), hb, "apart from the ucast peer, heartbeat is the same");
    assertEquals(
        a.withRole(b.role()),
        new DesiredState(
            a.source(),
            b.version(),
            "XEN-A",
            b.role(),
            b.backend(),
            b.manageSysctls(),
            b.dom0Vifs(),
            b.bridges(),
            Optional.of(withUcast(hb, ha.ucast()))),
        "apart from node and the ucast peer, the two files must say the same");
  }

  private static HeartbeatSettings withUcast(HeartbeatSettings h, List<Ucast> ucast) {
    return new HeartbeatSettings(
        h.nodes(),
        h.keepalive(),
        h.deadtime(),
        h.warntime(),
        h.initdead(),
        h.udpport(),
        h.baud(),
        ucast,
        h.bcast(),
        h.mcast(),
        h.autoFailback(),
        h.pingGroups(),
        h.ping(),
        h.respawn(),
        h.logfile(),
        h.debugfile(),
        h.logfacility(),
        h.auth(),
        h.resources());
  }

  @Test
  void examplesCarryTheSchemaLineFirst() throws IOException {
    for (Path example : Fixtures.EXAMPLES) {
      assertEquals(
          "# yaml-language-server: $schema=../schema/vifgate.schema.json",
          Files.readAllLines(example).get(0));
    }
  }

  @Test
  void defaultsApplyWhenKeysAreLeftOut() {
    DesiredState state = ConfigLoader.load(Fixtures.VALID.resolve("minimal.yaml")).orElseThrow();
    assertEquals(Role.PASSIVE, state.role());
    assertEquals(BackendChoice.AUTO, state.backend());
    assertFalse(state.manageSysctls());
    assertEquals(Optional.empty(), state.heartbeat());
  }

  @Test
  void everyKeyLoads() {
    DesiredState state = ConfigLoader.load(Fixtures.VALID.resolve("full.yaml")).orElseThrow();
    assertEquals(BackendChoice.NFT, state.backend());
    assertTrue(state.manageSysctls());
    assertEquals(List.of(), state.dom0Vifs());
    HeartbeatSettings hb = state.heartbeat().orElseThrow();
    assertEquals(Duration.ofMillis(200), hb.keepalive());
    assertEquals(Duration.ofMillis(500), hb.warntime());
    assertEquals(Duration.ofSeconds(1), hb.deadtime());
    assertEquals(Duration.ofSeconds(2), hb.initdead());
    assertEquals(List.of("eth2"), hb.bcast());
    assertEquals(
        List.of(
            new Mcast("eth3", "239.0.0.1", 696, 2, true),
            new Mcast("eth3", "224.0.0.18", 695, 1, false)),
        hb.mcast(),
        "an mcast port defaults to udpport, ttl to 1, loop to false");
    assertEquals(AutoFailback.LEGACY, hb.autoFailback());
    assertEquals(List.of("gw", "dns"), List.copyOf(hb.pingGroups().keySet()));
    assertEquals(List.of("192.0.2.1"), hb.ping());
    assertEquals("local0", hb.logfacility());
    assertEquals(AuthMethod.MD5, hb.auth().method());
    assertEquals("s3cr3t-Key", hb.auth().key().orElseThrow().reveal());
    assertEquals(Optional.empty(), hb.auth().keyFile());
    assertEquals("vifgate-resource", hb.resources().script());
  }

  @Test
  void autoFailbackTrueIsOn() throws IOException {
    String text =
        Fixtures.read(Fixtures.VALID.resolve("heartbeat-basic.yaml"))
            .replace("  ucast:", "  autoFailback: true\n  ucast:");
    assertEquals(
        AutoFailback.ON,
        ConfigLoader.load(write(text)).orElseThrow().heartbeat().orElseThrow().autoFailback());
  }

  @Test
  void keyFileIsAPathOnTheSameFileSystemAsTheFile() throws IOException {
    Path file = write(Fixtures.read(Fixtures.VALID.resolve("heartbeat-basic.yaml")));
    Path keyFile =
        ConfigLoader.load(file)
            .orElseThrow()
            .heartbeat()
            .orElseThrow()
            .auth()
            .keyFile()
            .orElseThrow();
    assertEquals(fs, keyFile.getFileSystem());
    assertEquals("/etc/vifgate/authkey", keyFile.toString());
  }

  @Test
  void anInlineKeyNeverAppearsInMessagesOrToString() throws IOException {
    String heartbeat = Fixtures.read(Fixtures.VALID.resolve("heartbeat-basic.yaml"));
    String secret = "Sup3rS3cret";
    LoadResult ok =
        ConfigLoader.load(
            write(heartbeat.replace("keyFile: /etc/vifgate/authkey", "key: " + secret)));
    assertFalse(ok.state().orElseThrow().toString().contains(secret));

    for (String bad : List.of("\"" + secret + " x\"", "12345678", "true")) {
      LoadResult result =
          ConfigLoader.load(
              write(heartbeat.replace("keyFile: /etc/vifgate/authkey", "key: " + bad)));
      assertFalse(result.isValid(), bad);
      assertTrue(
          result.problems().stream().noneMatch(p -> p.message().contains(bad.replace("\"", ""))),
          () -> result.problems().toString());
      assertTrue(
          result.problems().stream().anyMatch(p -> p.message().startsWith("heartbeat.auth.key: ")));
    }
  }

  @Test
  void reportsEveryProblemSortedByPosition() throws IOException {
    LoadResult result =
        ConfigLoader.load(
            write(
                "bridges: [{name: xenbr0, uplink: peth0, mtu: 9000}]\n"
                    + "node: \"XEN A\"\n"
                    + "version: 3\n"
                    + "dom0: {vifs: [vif0.0, vif0.0]}\n"));
    assertEquals(
        List.of(
            "1:41: bridges[0].mtu: unknown key (known keys: name, uplink)",
            "2:7: node: 'XEN A' is not a valid node name: use the host name (uname -n): letters,"
                + " digits, '.', '-' and '_', starting with a letter or digit, at most 64"
                + " characters",
            "3:10: version: unsupported version 3; this vifgate reads version 1",
            "4:23: dom0.vifs[1]: interface 'vif0.0' is already used at dom0.vifs[0] (4:15); each of"
                + " dom0.vifs, bridge names and uplinks must be a different interface"),
        Fixtures.formatWithoutFile(result.problems()).lines().toList());
  }

  @Test
  void orElseThrowListsEveryProblem() throws IOException {
    Path file = write("version: 1\n");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file).orElseThrow());
    assertEquals(
        "/etc/vifgate/vifgate.yaml:1:1: bridges: required key is missing\n"
            + "/etc/vifgate/vifgate.yaml:1:1: dom0: required key is missing\n"
            + "/etc/vifgate/vifgate.yaml:1:1: node: required key is missing",
        e.getMessage());
    assertEquals(3, e.problems().size());
  }

  @Test
  void warningsDoNotMakeAFileInvalid() {
    LoadResult result = ConfigLoader.load(Fixtures.VALID.resolve("warning-crc.yaml"));
    assertTrue(result.isValid());
    assertEquals(1, result.warnings().size());
    assertEquals(List.of(), result.errors());
    assertTrue(
        result.warnings().get(0).format().contains(":18:18: warning: heartbeat.auth.method: crc"));
  }

  @Test
  void roleActiveWithHeartbeatIsAWarningAndStaysActiveInTheModel() {
    LoadResult result = ConfigLoader.load(Fixtures.VALID.resolve("warning-role-active.yaml"));
    assertEquals(
        Role.ACTIVE,
        result.orElseThrow().role(),
        "the file's word is kept; the role resolver decides");
    assertTrue(
        result
            .warnings()
            .get(0)
            .message()
            .startsWith("role: 'active' does not make this host active"));
  }

  @Test
  void aDuplicateKeyStillLetsTheRestBeChecked() throws IOException {
    LoadResult result = ConfigLoader.load(write("version: 1\nversion: 1\nnode: XEN-A\n"));
    assertEquals(
        List.of(
            "1:1: bridges: required key is missing",
            "1:1: dom0: required key is missing",
            "2:1: version: duplicate key (first written at 1:1); keep only one"),
        Fixtures.formatWithoutFile(result.problems()).lines().toList());
  }
}
