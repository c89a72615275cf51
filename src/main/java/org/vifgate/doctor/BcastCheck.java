package org.vifgate.doctor;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;
import tools.jackson.databind.JsonNode;

/**
 * Every {@code bcast} interface has an IPv4 broadcast address; without one Heartbeat cannot send.
 */
public record BcastCheck(List<String> interfaces, CommandRunner runner, Tools tools)
    implements Check {

  @Override
  public String name() {
    return "bcast";
  }

  @Override
  public Finding run() throws Exception {
    List<String> ok = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String iface : interfaces) {
      List<JsonNode> links;
      try {
        links = IpJson.run(runner, tools, "addr", "show", "dev", iface);
      } catch (java.io.IOException e) {
        bad.add(iface + " does not exist");
        continue;
      }
      String broadcast = null;
      for (JsonNode link : links) {
        JsonNode infos = link.get("addr_info");
        if (infos == null) {
          continue;
        }
        for (JsonNode info : infos) {
          if ("inet".equals(IpJson.text(info, "family"))
              && IpJson.text(info, "broadcast") != null) {
            broadcast = IpJson.text(info, "broadcast");
          }
        }
      }
      if (broadcast == null) {
        bad.add(iface + " has no IPv4 broadcast address");
      } else {
        ok.add(iface + " (" + broadcast + ")");
      }
    }
    if (bad.isEmpty()) {
      return Finding.pass(name(), String.join(", ", ok));
    }
    return Finding.fail(
        name(), String.join("; ", bad), "ip addr add ADDR/PREFIX brd + dev IFACE, or use ucast");
  }
}
