package org.vifgate.state;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vifgate.config.Role;

/**
 * The role Heartbeat (through {@code vifgate role}) set on this host, with the boot it was set in:
 * a role from an earlier boot is never trusted, even if the state directory survived the reboot.
 */
public record RuntimeRole(Role role, String bootId, Instant setAt, String setBy) {

  public String serialize() {
    return "role=" + role.id() + "\nboot_id=" + bootId + "\nset_at=" + setAt + "\nset_by=" + setBy + "\n";
  }

  public static RuntimeRole parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    String role = values.get("role");
    if (role == null) {
      throw new IllegalArgumentException("no role= line");
    }
    return new RuntimeRole(
        Role.fromId(role),
        values.getOrDefault("boot_id", ""),
        Instant.parse(values.getOrDefault("set_at", Instant.EPOCH.toString())),
        values.getOrDefault("set_by", "unknown"));
  }
}
