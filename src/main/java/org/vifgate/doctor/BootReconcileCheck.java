package org.vifgate.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Something cuts the guests off at boot, before Heartbeat starts: a unit running {@code vifgate
 * reconcile} (or {@code vifgate watch}), which on a host with a heartbeat section is passive until
 * Heartbeat starts the resource. Without it a rebooted host's guests are reachable until the first
 * reconcile (the recipe restored saved DROP rules at boot for the same reason).
 */
public record BootReconcileCheck(Path root) implements Check {

  static final Pattern BOOT_RECONCILE =
      Pattern.compile("vifgate\\S*\\s(.*\\s)?(reconcile|watch)\\b");

  @Override
  public String name() {
    return "blocked at boot";
  }

  @Override
  public Finding run() throws Exception {
    List<BootFiles.Hit> hits = BootFiles.find(root, BOOT_RECONCILE);
    if (!hits.isEmpty()) {
      return Finding.pass(name(), "run at boot: " + hits);
    }
    return Finding.warn(
        name(),
        "no boot unit runs `vifgate reconcile` (or watch): after a reboot the guests pass until"
            + " something reconciles",
        "run `vifgate reconcile -c FILE` at boot, before heartbeat.service and the guests start"
            + " (examples/systemd/vifgate-boot.service)");
  }
}
