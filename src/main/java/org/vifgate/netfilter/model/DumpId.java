package org.vifgate.netfilter.model;

import java.util.List;

/** One save tool's view: a family on a backend, read in one go ({@code iptables-nft-save}, ...). */
public record DumpId(Family family, Backend backend) {

  // By hand, like TableId's: a record's own spin method handles on first use.
  @Override
  public boolean equals(Object other) {
    return other instanceof DumpId d && d.family == family && d.backend == backend;
  }

  @Override
  public int hashCode() {
    return family.hashCode() * 31 + backend.hashCode();
  }

  /** Every combination that has a tool on Debian 12. */
  public static List<DumpId> all() {
    return List.of(
        new DumpId(Family.IPV4, Backend.NFT),
        new DumpId(Family.IPV6, Backend.NFT),
        new DumpId(Family.BRIDGE, Backend.NFT),
        new DumpId(Family.ARP, Backend.NFT),
        new DumpId(Family.IPV4, Backend.LEGACY),
        new DumpId(Family.IPV6, Backend.LEGACY),
        new DumpId(Family.ARP, Backend.LEGACY));
  }

  public DumpKind kind() {
    return table(TableId.FILTER).kind();
  }

  /** The editing tool, e.g. {@code iptables-legacy}; the save tool is this plus {@code -save}. */
  public String tool() {
    return table(TableId.FILTER).tool();
  }

  public TableId table(String name) {
    return new TableId(family, backend, name);
  }

  public String display() {
    return tool();
  }
}
