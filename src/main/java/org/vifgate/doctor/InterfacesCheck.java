package org.vifgate.doctor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vifgate.config.Bridge;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;
import tools.jackson.databind.JsonNode;

/**
 * The bridges, their uplinks and dom0's own ports exist where the rules live ({@code ip -j -d link
 * show}, inside {@code --netns}). A missing bridge or uplink is a FAIL: the file describes another
 * host. A missing dom0 port is a WARN: Xen without netloop has no {@code vif0.N}, and then dom0's
 * own traffic does not cross the bridge through one.
 */
public record InterfacesCheck(
    List<Bridge> bridges, List<String> dom0Vifs, CommandRunner runner, Tools tools)
    implements Check {

  @Override
  public String name() {
    return "interfaces";
  }

  @Override
  public Finding run() throws Exception {
    Map<String, JsonNode> links = new HashMap<>();
    for (JsonNode link : IpJson.run(runner, tools, "-d", "link", "show")) {
      links.put(IpJson.text(link, "ifname"), link);
    }
    List<String> failures = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Bridge bridge : bridges) {
      JsonNode link = links.get(bridge.name());
      if (link == null) {
        failures.add("bridge " + bridge.name() + " does not exist");
      } else if (!"bridge".equals(kind(link))) {
        failures.add(bridge.name() + " is not a bridge (" + kind(link) + ")");
      }
      JsonNode uplink = links.get(bridge.uplink());
      if (uplink == null) {
        failures.add("uplink " + bridge.uplink() + " does not exist");
      } else if (!bridge.name().equals(IpJson.text(uplink, "master"))) {
        warnings.add("uplink " + bridge.uplink() + " is not a port of " + bridge.name());
      }
    }
    List<String> bridgeNames = bridges.stream().map(Bridge::name).toList();
    for (String vif : dom0Vifs) {
      JsonNode link = links.get(vif);
      if (link == null) {
        warnings.add("dom0 port " + vif + " does not exist");
      } else if (!bridgeNames.contains(IpJson.text(link, "master"))) {
        warnings.add("dom0 port " + vif + " is not a port of " + String.join(" or ", bridgeNames));
      }
    }
    if (!failures.isEmpty()) {
      List<String> all = new ArrayList<>(failures);
      all.addAll(warnings);
      return Finding.fail(
          name(),
          String.join("; ", all),
          "check bridges: and dom0.vifs in the file against `ip link` on this host");
    }
    if (!warnings.isEmpty()) {
      return Finding.warn(
          name(),
          String.join("; ", warnings),
          "dom0.vifs lists dom0's own bridge ports (Xen's netloop vif0.N); traffic through them"
              + " always passes");
    }
    return Finding.pass(
        name(),
        "bridges "
            + String.join(", ", bridgeNames)
            + " with their uplinks"
            + (dom0Vifs.isEmpty() ? "" : ", dom0 ports " + String.join(", ", dom0Vifs)));
  }

  private static String kind(JsonNode link) {
    JsonNode info = link.get("linkinfo");
    return info == null ? "no link kind" : IpJson.text(info, "info_kind");
  }
}
