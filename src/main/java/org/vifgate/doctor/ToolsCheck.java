package org.vifgate.doctor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vifgate.config.BackendChoice;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.render.GateLayout;

/**
 * The explicit netfilter programs the backend needs (never the {@code iptables} alternatives link):
 * for every table vifgate manages, the editing tool and its save and restore tools, except legacy
 * arptables, which is read and changed with {@code arptables-legacy} itself.
 */
public record ToolsCheck(BackendChoice choice, Tools tools) implements Check {

  @Override
  public String name() {
    return "tools";
  }

  /** The programs one backend needs. */
  public static List<String> needed(Backend backend) {
    Set<String> names = new LinkedHashSet<>();
    for (TableId table : GateLayout.managedTables(backend)) {
      names.add(table.tool());
      if (!(table.family() == Family.ARP && backend == Backend.LEGACY)) {
        names.add(table.tool() + "-save");
        names.add(table.tool() + "-restore");
      }
    }
    if (backend == Backend.LEGACY) {
      names.add("sysctl");
    }
    return List.copyOf(names);
  }

  @Override
  public Finding run() {
    if (choice == BackendChoice.AUTO) {
      List<String> nft = missing(Backend.NFT);
      List<String> legacy = missing(Backend.LEGACY);
      if (nft.isEmpty() && legacy.isEmpty()) {
        return Finding.pass(name(), "backend auto: the tools of both backends are installed");
      }
      if (!nft.isEmpty() && !legacy.isEmpty()) {
        return Finding.fail(
            name(),
            "backend auto: neither backend is complete; nft lacks "
                + nft
                + ", legacy lacks "
                + legacy,
            "apt-get install iptables arptables ebtables");
      }
      Backend incomplete = nft.isEmpty() ? Backend.LEGACY : Backend.NFT;
      return Finding.warn(
          name(),
          "backend auto: the "
              + incomplete.id()
              + " backend lacks "
              + (nft.isEmpty() ? legacy : nft),
          "fine while the host uses the other backend; install them (apt-get install iptables"
              + " arptables ebtables) or set backend: explicitly");
    }
    Backend backend = choice == BackendChoice.LEGACY ? Backend.LEGACY : Backend.NFT;
    List<String> missing = missing(backend);
    if (missing.isEmpty()) {
      return Finding.pass(name(), backend.id() + " backend: " + String.join(", ", needed(backend)));
    }
    return Finding.fail(
        name(),
        backend.id() + " backend: missing " + String.join(", ", missing),
        "apt-get install iptables arptables ebtables");
  }

  private List<String> missing(Backend backend) {
    List<String> missing = new ArrayList<>();
    for (String tool : needed(backend)) {
      if (tools.find(tool).isEmpty()) {
        missing.add(tool);
      }
    }
    return missing;
  }
}
