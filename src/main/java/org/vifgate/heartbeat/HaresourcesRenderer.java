package org.vifgate.heartbeat;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.config.HeartbeatSettings.Resources;

/**
 * Renders haresources: one line, {@code PREFERRED IPaddr::ADDR... SCRIPT}. Heartbeat requires the
 * file to be identical on every node, so it depends only on settings both nodes share: the header
 * names the generator but not the source file or the node.
 */
final class HaresourcesRenderer {

  static final String DEFAULT_SCRIPT = "vifgate";

  private HaresourcesRenderer() {}

  static String render(Resources resources) {
    if (resources == null) {
      throw new HeartbeatConfigException("heartbeat.resources is missing");
    }
    List<String> header = new ArrayList<>(GeneratedHeader.lines("haresources", null));
    header.add("# It must be identical on every node of the cluster.");
    StringBuilder line =
        new StringBuilder(
            Syntax.node("heartbeat.resources.preferredNode", resources.preferredNode()));
    for (String address : resources.addresses()) {
      line.append(' ').append(ipResource(address));
    }
    String script = resources.script() == null ? DEFAULT_SCRIPT : resources.script();
    line.append(' ').append(Syntax.resourceName("heartbeat.resources.script", script));
    return GeneratedHeader.join(List.of(header, List.of(line.toString())));
  }

  /**
   * {@code IP[/PREFIX[/DEV[/BROADCAST]]]} becomes {@code IPaddr::IP/PREFIX/DEV}; an address that
   * already names {@code IPaddr::} or {@code IPaddr2::} (which needs no ifconfig) keeps it.
   */
  static String ipResource(String address) {
    Syntax.token("heartbeat.resources address", address);
    String agent = "IPaddr";
    String spec = address;
    int sep = address.indexOf("::");
    if (sep >= 0) {
      agent = address.substring(0, sep);
      spec = address.substring(sep + 2);
      if (!agent.equals("IPaddr") && !agent.equals("IPaddr2")) {
        throw new HeartbeatConfigException(
            "heartbeat.resources address '"
                + address
                + "': only IPaddr:: or IPaddr2:: may prefix it");
      }
    }
    String[] parts = spec.split("/", -1);
    if (parts.length > 4) {
      throw new HeartbeatConfigException(
          "heartbeat.resources address '" + address + "' is not IP[/PREFIX[/DEV[/BROADCAST]]]");
    }
    Syntax.ipv4("heartbeat.resources address", parts[0]);
    if (parts.length > 1) {
      int prefix;
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 1 || prefix > 32 || !parts[1].equals(Integer.toString(prefix))) {
        throw new HeartbeatConfigException(
            "heartbeat.resources address '" + address + "': prefix length must be 1..32");
      }
    }
    if (parts.length > 2) {
      Syntax.iface("heartbeat.resources address '" + address + "' device", parts[2]);
    }
    if (parts.length > 3) {
      Syntax.ipv4("heartbeat.resources address '" + address + "' broadcast", parts[3]);
    }
    return agent + "::" + spec;
  }
}
