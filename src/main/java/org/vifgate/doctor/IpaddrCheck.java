package org.vifgate.doctor;

import java.util.List;
import org.vifgate.exec.Tools;

/**
 * Service addresses written without an agent, or as {@code IPaddr::}, are run by the IPaddr agent,
 * which needs {@code ifconfig} (package net-tools, not installed by default any more). IPaddr2
 * needs only iproute2.
 */
public record IpaddrCheck(List<String> addresses, Tools tools) implements Check {

  @Override
  public String name() {
    return "IPaddr";
  }

  /** Whether an address from the file is run by the IPaddr agent (not IPaddr2). */
  public static boolean usesIpaddr(String address) {
    return !address.startsWith("IPaddr2::");
  }

  @Override
  public Finding run() {
    List<String> ipaddr = addresses.stream().filter(IpaddrCheck::usesIpaddr).toList();
    if (ipaddr.isEmpty()) {
      return Finding.pass(name(), "no address uses the IPaddr agent");
    }
    if (tools.find("ifconfig").isPresent()) {
      return Finding.pass(
          name(), "IPaddr for " + String.join(", ", ipaddr) + ": ifconfig is installed");
    }
    return Finding.fail(
        name(),
        "IPaddr for " + String.join(", ", ipaddr) + " needs ifconfig, which is not installed",
        "apt-get install net-tools (Heartbeat's IPaddr2 agent needs only iproute2, but the file's"
            + " addresses are rendered as IPaddr::)");
  }
}
