package org.vifgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Desired-state files and key files for command tests, written into a temporary directory. */
final class TestConfigs {

  static final String KEY = "Cli-T3st-Secret-HB-key-91ab";

  private TestConfigs() {}

  /** A heartbeat host (node alpha of alpha/beta) whose key is in {@code dir/authkey}. */
  static Path heartbeatHost(Path dir) throws IOException {
    Path key = dir.resolve("authkey");
    Files.writeString(key, KEY + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return write(dir, "vifgate.yaml", heartbeatYaml("alpha", "203.0.113.2", "keyFile: " + key));
  }

  static String heartbeatYaml(String node, String peer, String auth) {
    return "version: 1\n"
        + "node: "
        + node
        + "\n"
        + "role: passive\n"
        + "backend: nft\n"
        + "dom0:\n  vifs: [vif0.0]\n"
        + "bridges:\n  - {name: xenbr0, uplink: peth0}\n"
        + "heartbeat:\n"
        + "  nodes: [alpha, beta]\n"
        + "  keepalive: 200ms\n"
        + "  warntime: 500ms\n"
        + "  deadtime: 1s\n"
        + "  initdead: 2s\n"
        + "  ucast:\n    - {interface: hb0, address: "
        + peer
        + "}\n"
        + "  bcast: [hb1]\n"
        + "  respawn:\n    - {user: hacluster, command: /usr/libexec/heartbeat/ipfail}\n"
        + "  auth: {method: sha1, "
        + auth
        + "}\n"
        + "  resources:\n"
        + "    preferredNode: alpha\n"
        + "    addresses: [203.0.113.100/24/hb0]\n";
  }

  /** A host without a heartbeat section: the file's role applies. */
  static Path plainHost(Path dir, String role) throws IOException {
    return write(
        dir,
        "plain.yaml",
        "version: 1\nnode: XEN-A\nrole: "
            + role
            + "\nbackend: nft\n"
            + "dom0:\n  vifs: [vif0.0]\nbridges:\n  - {name: xenbr0, uplink: peth0}\n");
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** An executable stand-in for the launcher (render only checks that it is executable). */
  static Path fakeLauncher(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path launcher = bin.resolve("vifgate");
    Files.writeString(launcher, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    return launcher;
  }
}
