package org.vifgate.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vifgate.config.Role;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.plan.GateSpec;

/**
 * What the last reconcile that succeeded left in the tables vifgate owns on one host (or network
 * namespace), in this boot: enough to rebuild its {@link GateSpec}. A later command that only flips
 * the role starts with the flip guarded by it instead of reading first ({@link Reconciler}).
 *
 * <p>Only a hint: the flip's guards refuse it when the tables changed since, and the full read
 * that follows checks everything. So a damaged, stale or foreign file costs speed, never
 * correctness, and anything that does not parse exactly is ignored.
 */
public record SettledRules(String bootId, Backend backend, Role role, List<String> dom0Ports) {

  public SettledRules {
    dom0Ports = List.copyOf(dom0Ports);
  }

  public static SettledRules of(String bootId, GateSpec spec) {
    return new SettledRules(bootId, spec.backend(), spec.role(), spec.dom0Ports());
  }

  public GateSpec spec() {
    return GateSpec.of(backend, role, dom0Ports);
  }

  /** One {@code key value} line each; the ports in order, one line each. */
  public String serialize() {
    StringBuilder text = new StringBuilder();
    text.append("boot ").append(bootId).append('\n');
    text.append("backend ").append(backend.id()).append('\n');
    text.append("role ").append(role.id()).append('\n');
    for (String port : dom0Ports) {
      text.append("port ").append(port).append('\n');
    }
    return text.toString();
  }

  /** The record in {@code text}, or empty when it is not exactly what {@link #serialize} writes. */
  public static Optional<SettledRules> parse(String text) {
    String boot = null;
    Backend backend = null;
    Role role = null;
    List<String> ports = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      int space = line.indexOf(' ');
      if (space <= 0 || space == line.length() - 1) {
        return Optional.empty();
      }
      String key = line.substring(0, space);
      String value = line.substring(space + 1);
      switch (key) {
        case "boot" -> boot = value;
        case "backend" -> backend = backendOf(value);
        case "role" -> role = roleOf(value);
        // Used only when equal to the validated file's ports, so they need no checks of their own.
        case "port" -> ports.add(value);
        default -> {
          return Optional.empty();
        }
      }
    }
    if (boot == null || backend == null || role == null) {
      return Optional.empty();
    }
    return Optional.of(new SettledRules(boot, backend, role, ports));
  }

  private static Backend backendOf(String id) {
    for (Backend backend : Backend.values()) {
      if (backend.id().equals(id)) {
        return backend;
      }
    }
    return null;
  }

  private static Role roleOf(String id) {
    for (Role role : Role.values()) {
      if (role.id().equals(id)) {
        return role;
      }
    }
    return null;
  }
}
