package org.vifgate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The desired-state file, loaded and validated. Nothing outside the config package sees raw YAML:
 * every other part of vifgate works from this record.
 *
 * @param source the file it was loaded from (used in messages and to key runtime state)
 * @param node this host's name; one of {@code heartbeat.nodes} when Heartbeat is configured
 * @param role the role the file asks for (see {@code state.RoleResolver} for who wins)
 * @param manageSysctls whether vifgate may set the br_netfilter sysctls it needs itself
 * @param dom0Vifs dom0's own bridge ports: traffic entering or leaving them always passes
 * @param heartbeat the Heartbeat settings, absent on a host that Heartbeat does not manage
 */
public record DesiredState(
    Path source,
    int version,
    String node,
    Role role,
    BackendChoice backend,
    boolean manageSysctls,
    List<String> dom0Vifs,
    List<Bridge> bridges,
    Optional<HeartbeatSettings> heartbeat) {

  public DesiredState {
    dom0Vifs = List.copyOf(dom0Vifs);
    bridges = List.copyOf(bridges);
  }

  public DesiredState withRole(Role newRole) {
    return new DesiredState(source, version, node, newRole, backend, manageSysctls, dom0Vifs, bridges, heartbeat);
  }
}
