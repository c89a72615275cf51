package org.vifgate.netfilter.model;

import java.util.Locale;

/** Which kernel interface the netfilter tools talk to. */
public enum Backend {
  /** x_tables via setsockopt: iptables-legacy, ip6tables-legacy, arptables-legacy. */
  LEGACY,
  /** nf_tables: iptables-nft, ip6tables-nft, ebtables-nft, nft. */
  NFT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
