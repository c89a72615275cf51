package org.vifgate.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.config.BackendChoice;
import org.vifgate.config.Bridge;
import org.vifgate.config.HeartbeatSettings.Respawn;
import org.vifgate.config.Role;
import org.vifgate.exec.Tools;
import org.vifgate.reconcile.BridgeSysctls;
import org.vifgate.state.RuntimeRole;
import org.vifgate.state.RuntimeState;
import org.vifgate.state.StateDir;

/** Every doctor check on its own, with scripted commands and temporary files: PASS, WARN, FAIL. */
class ChecksTest {

  @TempDir Path dir;

  /** A tool directory holding empty executables with these names. */
  private Tools tools(String... names) throws IOException {
    Path bin =
        Files.createDirectories(dir.resolve("tools-" + names.length + "-" + System.nanoTime()));
    for (String name : names) {
      Files.createFile(
          bin.resolve(name),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
    return new Tools(List.of(bin));
  }

  private static Severity severity(Check check) throws Exception {
    return check.run().severity();
  }

  // --- tools

  @Test
  void toolsForTheChosenBackend() throws Exception {
    Tools nft = tools("ebtables-nft", "ebtables-nft-save", "ebtables-nft-restore");
    assertEquals(Severity.PASS, severity(new ToolsCheck(BackendChoice.NFT, nft)));
    Finding legacy = new ToolsCheck(BackendChoice.LEGACY, nft).run();
    assertEquals(Severity.FAIL, legacy.severity());
    assertTrue(legacy.message().contains("iptables-legacy-restore"), legacy.message());
    assertTrue(legacy.message().contains("arptables-legacy"), legacy.message());
    assertTrue(
        !legacy.message().contains("arptables-legacy-save"),
        "legacy ARP needs no save tool: " + legacy.message());
    assertEquals(Severity.WARN, severity(new ToolsCheck(BackendChoice.AUTO, nft)));
    assertEquals(Severity.FAIL, severity(new ToolsCheck(BackendChoice.AUTO, tools())));
    assertEquals(
        List.of("ebtables-nft", "ebtables-nft-save", "ebtables-nft-restore"),
        ToolsCheck.needed(org.vifgate.netfilter.model.Backend.NFT));
  }

  // --- br_netfilter

  private static final String SYSCTL_READ =
      "sysctl -n net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables"
          + " net.bridge.bridge-nf-call-arptables net.bridge.bridge-nf-filter-vlan-tagged";

  @Test
  void sysctlsFailOnlyForLegacy() throws Exception {
    Tools tools = tools("sysctl");
    BridgeSysctls on =
        new BridgeSysctls(new ScriptedRunner().answer(SYSCTL_READ, 0, "1\n1\n1\n1\n"), tools);
    BridgeSysctls off =
        new BridgeSysctls(new ScriptedRunner().answer(SYSCTL_READ, 0, "0\n1\n1\n0\n"), tools);
    BridgeSysctls unloaded =
        new BridgeSysctls(new ScriptedRunner().answer(SYSCTL_READ, 255, ""), tools);
    assertEquals(Severity.PASS, severity(new SysctlsCheck(BackendChoice.LEGACY, false, on)));
    Finding legacy = new SysctlsCheck(BackendChoice.LEGACY, false, off).run();
    assertEquals(Severity.FAIL, legacy.severity());
    assertTrue(legacy.message().contains("net.bridge.bridge-nf-call-iptables=0"), legacy.message());
    assertTrue(
        legacy.hint().contains("sysctl -w net.bridge.bridge-nf-call-iptables=1"), legacy.hint());
    assertEquals(Severity.WARN, severity(new SysctlsCheck(BackendChoice.LEGACY, true, off)));
    assertEquals(Severity.WARN, severity(new SysctlsCheck(BackendChoice.AUTO, false, off)));
    assertEquals(Severity.INFO, severity(new SysctlsCheck(BackendChoice.NFT, false, off)));
    assertEquals(Severity.FAIL, severity(new SysctlsCheck(BackendChoice.LEGACY, true, unloaded)));
    assertEquals(Severity.INFO, severity(new SysctlsCheck(BackendChoice.NFT, false, unloaded)));
  }

  // --- interfaces

  private static final String LINKS =
      "[{\"ifname\":\"lo\"},"
          + "{\"ifname\":\"xenbr0\",\"linkinfo\":{\"info_kind\":\"bridge\"}},"
          + "{\"ifname\":\"peth0\",\"master\":\"xenbr0\",\"linkinfo\":{\"info_kind\":\"veth\"}},"
          + "{\"ifname\":\"vif0.0\",\"master\":\"xenbr0\"},"
          + "{\"ifname\":\"vif0.1\"},"
          + "{\"ifname\":\"eth9\",\"linkinfo\":{\"info_kind\":\"veth\"}}]";

  private InterfacesCheck interfaces(List<Bridge> bridges, List<String> vifs) throws IOException {
    return new InterfacesCheck(
        bridges, vifs, new ScriptedRunner().answer("ip -j -d link show", 0, LINKS), tools("ip"));
  }

  @Test
  void bridgesUplinksAndDom0Ports() throws Exception {
    assertEquals(
        Severity.PASS,
        severity(interfaces(List.of(new Bridge("xenbr0", "peth0")), List.of("vif0.0"))));
    Finding vif =
        interfaces(List.of(new Bridge("xenbr0", "peth0")), List.of("vif0.0", "vif0.1", "vif0.2"))
            .run();
    assertEquals(Severity.WARN, vif.severity());
    assertTrue(vif.message().contains("vif0.1 is not a port of xenbr0"), vif.message());
    assertTrue(vif.message().contains("vif0.2 does not exist"), vif.message());
    Finding bridge = interfaces(List.of(new Bridge("xenbr1", "peth1")), List.of()).run();
    assertEquals(Severity.FAIL, bridge.severity());
    assertTrue(bridge.message().contains("bridge xenbr1 does not exist"), bridge.message());
    assertTrue(bridge.message().contains("uplink peth1 does not exist"), bridge.message());
    assertEquals(
        Severity.FAIL, severity(interfaces(List.of(new Bridge("eth9", "peth0")), List.of())));
    assertEquals(
        Severity.WARN, severity(interfaces(List.of(new Bridge("xenbr0", "eth9")), List.of())));
  }

  // --- names

  @Test
  void unameMustEqualNode() throws Exception {
    Tools tools = tools("uname");
    ScriptedRunner runner = new ScriptedRunner().answer("uname -n", 0, "XEN-A\n");
    assertEquals(Severity.PASS, severity(new NodeNameCheck("XEN-A", true, runner, tools)));
    Finding wrong = new NodeNameCheck("xen-a", true, runner, tools).run();
    assertEquals(Severity.FAIL, wrong.severity());
    assertTrue(
        wrong.message().contains("uname -n is 'XEN-A', but node: is 'xen-a'"), wrong.message());
    assertEquals(Severity.WARN, severity(new NodeNameCheck("xen-a", false, runner, tools)));
  }

  @Test
  void everyNodeResolves() throws Exception {
    Tools tools = tools("getent");
    ScriptedRunner runner =
        new ScriptedRunner()
            .answer("getent hosts XEN-A", 0, "192.0.2.11      XEN-A\n")
            .answer("getent hosts XEN-B", 2, "");
    Finding one = new NodesResolveCheck(List.of("XEN-A", "XEN-B"), runner, tools).run();
    assertEquals(Severity.FAIL, one.severity());
    assertEquals("do not resolve: XEN-B", one.message());
    Finding ok = new NodesResolveCheck(List.of("XEN-A"), runner, tools).run();
    assertEquals(Severity.PASS, ok.severity());
    assertEquals("XEN-A -> 192.0.2.11", ok.message());
  }

  // --- files

  @Test
  void authkeysMustBe0600AndRoot() throws Exception {
    try (FileSystem fs =
        Jimfs.newFileSystem(
            Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .build())) {
      Path haDir = Files.createDirectories(fs.getPath("/etc/ha.d"));
      Path file = haDir.resolve("authkeys");
      assertEquals(Severity.FAIL, severity(new AuthkeysCheck(haDir)));
      Files.writeString(file, "auth 1\n1 crc\n");
      UserPrincipalLookupService users = fs.getUserPrincipalLookupService();
      Files.setOwner(file, users.lookupPrincipalByName("root"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
      Finding readable = new AuthkeysCheck(haDir).run();
      assertEquals(Severity.FAIL, readable.severity());
      assertTrue(readable.message().contains("mode rw-r-----"), readable.message());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      assertEquals(Severity.PASS, severity(new AuthkeysCheck(haDir)));
      Files.setOwner(file, users.lookupPrincipalByName("hacluster"));
      assertEquals(Severity.FAIL, severity(new AuthkeysCheck(haDir)));
      Files.delete(file);
      Files.createSymbolicLink(file, fs.getPath("/elsewhere"));
      assertEquals(Severity.FAIL, severity(new AuthkeysCheck(haDir)));
    }
  }

  @Test
  void resourceScriptInstalledAndExecutable() throws Exception {
    Path script = dir.resolve("resource.d/vifgate");
    assertEquals(Severity.FAIL, severity(new ResourceScriptCheck(script)));
    Files.createDirectories(script.getParent());
    Files.writeString(
        script,
        "#!/bin/bash\n"
            + "# vifgate: Heartbeat resource agent, generated by `vifgate render` from x.\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(Severity.FAIL, severity(new ResourceScriptCheck(script)));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(Severity.PASS, severity(new ResourceScriptCheck(script)));
    Files.writeString(script, "#!/bin/sh\n# hand-made unblock-vhosts-network\n");
    assertEquals(Severity.WARN, severity(new ResourceScriptCheck(script)));
  }

  @Test
  void respawnProgramsExistWithTheDebian12Hint() throws Exception {
    Path ipfail = Files.createDirectories(dir.resolve("usr/libexec/heartbeat")).resolve("ipfail");
    Files.createFile(
        ipfail, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertEquals(
        Severity.PASS,
        severity(new RespawnCheck(new Respawn("hacluster", "/usr/libexec/heartbeat/ipfail"), dir)));
    Finding old =
        new RespawnCheck(new Respawn("hacluster", "/usr/lib/heartbeat/ipfail"), dir).run();
    assertEquals(Severity.FAIL, old.severity());
    assertEquals("on this system it is /usr/libexec/heartbeat/ipfail", old.hint());
    assertEquals(
        Severity.FAIL, severity(new RespawnCheck(new Respawn("root", "/usr/bin/nothing -x"), dir)));
    assertEquals(Severity.FAIL, severity(new RespawnCheck(new Respawn("root", "ipfail"), dir)));
  }

  @Test
  void ipaddrNeedsIfconfigIpaddr2DoesNot() throws Exception {
    Tools none = tools();
    assertEquals(
        Severity.PASS, severity(new IpaddrCheck(List.of("IPaddr2::192.0.2.10/24/eth0"), none)));
    Finding ipaddr = new IpaddrCheck(List.of("192.0.2.10/24/eth0"), none).run();
    assertEquals(Severity.FAIL, ipaddr.severity());
    assertTrue(ipaddr.hint().contains("apt-get install net-tools"), ipaddr.hint());
    assertEquals(Severity.FAIL, severity(new IpaddrCheck(List.of("IPaddr::192.0.2.10"), none)));
    assertEquals(
        Severity.PASS, severity(new IpaddrCheck(List.of("192.0.2.10/24/eth0"), tools("ifconfig"))));
  }

  @Test
  void bcastInterfacesNeedABroadcastAddress() throws Exception {
    Tools tools = tools("ip");
    ScriptedRunner runner =
        new ScriptedRunner()
            .answer(
                "ip -j addr show dev eth1",
                0,
                "[{\"ifname\":\"eth1\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"198.51.100.1\",\"prefixlen\":24,\"broadcast\":\"198.51.100.255\"}]}]")
            .answer(
                "ip -j addr show dev eth2",
                0,
                "[{\"ifname\":\"eth2\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"198.51.100.2\",\"prefixlen\":24},{\"family\":\"inet6\",\"local\":\"fe80::1\"}]}]")
            .answer("ip -j addr show dev eth3", 1, "");
    Finding ok = new BcastCheck(List.of("eth1"), runner, tools).run();
    assertEquals(Severity.PASS, ok.severity());
    assertEquals("eth1 (198.51.100.255)", ok.message());
    assertEquals(Severity.FAIL, severity(new BcastCheck(List.of("eth1", "eth2"), runner, tools)));
    Finding missing = new BcastCheck(List.of("eth3"), runner, tools).run();
    assertEquals("eth3 does not exist", missing.message());
  }

  // --- boot safety

  private RuntimeState runtime() {
    return new RuntimeState(new StateDir(dir.resolve("state"), dir.resolve("vifgate.yaml")));
  }

  @Test
  void noUnblockedGuestsWithoutHeartbeat() throws Exception {
    RuntimeState runtime = runtime();
    assertEquals(
        Severity.PASS, severity(new BootSafetyCheck(runtime, () -> "b1", () -> false, () -> 0)));
    Finding open = new BootSafetyCheck(runtime, () -> "b1", () -> false, () -> 3).run();
    assertEquals(Severity.FAIL, open.severity());
    assertTrue(open.message().contains("not cut off"), open.message());
    assertEquals(
        Severity.PASS, severity(new BootSafetyCheck(runtime, () -> "b1", () -> true, () -> 3)));

    runtime.setRole(new RuntimeRole(Role.ACTIVE, "b1", Instant.EPOCH, "heartbeat start"));
    Finding active = new BootSafetyCheck(runtime, () -> "b1", () -> false, () -> 0).run();
    assertEquals(Severity.FAIL, active.severity());
    assertTrue(active.message().contains("this host is active"), active.message());
    // An active role from before the reboot does not count.
    assertEquals(
        Severity.PASS, severity(new BootSafetyCheck(runtime, () -> "b2", () -> false, () -> 0)));
    assertEquals(
        Severity.WARN,
        severity(
            new BootSafetyCheck(
                runtime,
                () -> "b2",
                () -> false,
                () -> {
                  throw new IOException("no tools");
                })));
  }

  @Test
  void bootFilesMustNotStartVifgateActiveAndShouldReconcile() throws Exception {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("etc/systemd/system"));
    assertEquals(Severity.PASS, severity(new BootUnitsCheck(root)));
    assertEquals(Severity.WARN, severity(new BootReconcileCheck(root)));

    Files.writeString(
        root.resolve("etc/systemd/system/vifgate-boot.service"),
        "[Service]\n"
            + "Type=oneshot\n"
            + "# ExecStart=/usr/bin/vifgate role active -c x\n"
            + "ExecStart=/usr/bin/vifgate reconcile -c /etc/vifgate/vifgate.yaml\n");
    assertEquals(
        Severity.PASS, severity(new BootUnitsCheck(root)), "a commented line does not count");
    Finding boot = new BootReconcileCheck(root).run();
    assertEquals(Severity.PASS, boot.severity());
    assertTrue(boot.message().contains("vifgate-boot.service:4"), boot.message());

    Files.createDirectories(root.resolve("etc"));
    Files.writeString(
        root.resolve("etc/rc.local"),
        "#!/bin/sh\n/opt/vifgate/bin/vifgate role active -c /etc/vifgate/vifgate.yaml\nexit 0\n");
    Finding active = new BootUnitsCheck(root).run();
    assertEquals(Severity.FAIL, active.severity());
    assertTrue(active.message().contains("rc.local:2"), active.message());
  }

  @Test
  void theShippedBootUnitSatisfiesBothBootChecks() throws Exception {
    Path units = Files.createDirectories(dir.resolve("root/etc/systemd/system"));
    Files.copy(
        Path.of("examples/systemd/vifgate-boot.service"), units.resolve("vifgate-boot.service"));
    assertEquals(Severity.PASS, severity(new BootReconcileCheck(dir.resolve("root"))));
    assertEquals(Severity.PASS, severity(new BootUnitsCheck(dir.resolve("root"))));
  }

  /** A check with a fixed answer, or one that throws. */
  private record Fixed(String name, Finding finding) implements Check {
    @Override
    public Finding run() throws Exception {
      if (finding == null) {
        throw new IOException("cannot run ip");
      }
      return finding;
    }
  }

  @Test
  void aCheckThatThrowsFailsAloneAndTheOthersStillRun() {
    List<Finding> findings =
        Doctor.run(List.of(new Fixed("broken", null), new Fixed("x", Finding.pass("x", "fine"))));
    assertEquals(2, findings.size());
    assertEquals(
        new Finding(Severity.FAIL, "broken", "could not check: cannot run ip", ""),
        findings.get(0));
    assertTrue(Doctor.anyFailed(findings));
    assertTrue(!Doctor.anyFailed(findings.subList(1, 2)));
  }
}
