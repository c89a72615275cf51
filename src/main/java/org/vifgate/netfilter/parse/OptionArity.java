package org.vifgate.netfilter.parse;

import java.util.HashMap;
import java.util.Map;

/**
 * How many words follow an extension option in a dump. The parser needs this because a value may
 * itself look like an option: {@code -m comment --comment --dport} is a comment whose text is
 * {@code --dport}, and {@code --log-prefix -x} is a prefix. An option missing from these tables is
 * read generically: it takes the words up to the next one that starts with {@code -} or is {@code
 * !}, which is right for every flag and for every value the tools print that does not start with a
 * dash. Every option whose value may start with a dash is listed here.
 */
final class OptionArity {

  /** The option is not listed; read it generically. */
  static final int UNKNOWN = -1;

  private static final Map<String, Integer> IPTABLES = new HashMap<>();
  private static final Map<String, Integer> EBTABLES = new HashMap<>();
  private static final Map<String, Integer> ARPTABLES = new HashMap<>();

  static {
    // Matches and targets of iptables and ip6tables; the names do not clash across extensions
    // with different arities, so one table serves every module.
    flags(
        IPTABLES,
        // physdev
        "--physdev-is-in",
        "--physdev-is-out",
        "--physdev-is-bridged",
        // tcp, frag, rt, ipv6header
        "--syn",
        "--fragfirst",
        "--fragmore",
        "--fraglast",
        "--fragres",
        "--rt-0-not-strict",
        "--soft",
        // recent
        "--set",
        "--rcheck",
        "--update",
        "--remove",
        "--rttl",
        "--rsource",
        "--rdest",
        "--reap",
        // set, addrtype, connlimit, owner, socket, rpfilter, policy, time, string
        "--return-nomatch",
        "--update-counters",
        "--update-subcounters",
        "--limit-iface-in",
        "--limit-iface-out",
        "--connlimit-saddr",
        "--connlimit-daddr",
        "--socket-exists",
        "--suppl-groups",
        "--transparent",
        "--nowildcard",
        "--restore-skmark",
        "--loose",
        "--validmark",
        "--accept-local",
        "--invert",
        "--strict",
        "--next",
        "--kerneltz",
        "--contiguous",
        "--icase",
        "--ecn-tcp-cwr",
        "--ecn-tcp-ece",
        // targets: LOG, NAT, NFQUEUE, TCPMSS, CT, CHECKSUM, CONNMARK, CONNSECMARK, SET, SYNPROXY
        "--log-tcp-sequence",
        "--log-tcp-options",
        "--log-ip-options",
        "--log-uid",
        "--log-macdecode",
        "--random",
        "--random-fully",
        "--persistent",
        "--queue-bypass",
        "--queue-cpu-fanout",
        "--fail-open",
        "--clamp-mss-to-pmtu",
        "--notrack",
        "--checksum-fill",
        "--save-mark",
        "--restore-mark",
        "--save",
        "--restore",
        "--exist",
        "--sack-perm",
        "--timestamp",
        "--ecn");
    // Free-text values (printed by iptables' save-string rules, so they may be a bare word that
    // starts with a dash) and other single values.
    values(
        IPTABLES,
        1,
        "--comment",
        "--log-prefix",
        "--log-level",
        "--nflog-prefix",
        "--nflog-group",
        "--nflog-range",
        "--nflog-size",
        "--nflog-threshold",
        "--name",
        "--hashlimit-name",
        "--string",
        "--hex-string",
        "--algo",
        "--from",
        "--to",
        "--helper",
        "--label",
        "--selctx",
        "--path",
        "--nfacct-name",
        "--physdev-in",
        "--physdev-out",
        "--mark",
        "--set-xmark",
        "--set-mark",
        "--and-mark",
        "--or-mark",
        "--xor-mark",
        "--mode",
        "--probability",
        "--every",
        "--packet",
        "--dport",
        "--sport",
        "--dports",
        "--sports",
        "--ports",
        "--ctstate",
        "--state",
        "--ctdir",
        "--ctproto",
        "--ctstatus",
        "--ctexpire",
        "--to-destination",
        "--to-source",
        "--to-ports",
        "--reject-with",
        "--src-type",
        "--dst-type",
        "--uid-owner",
        "--gid-owner",
        "--icmp-type",
        "--icmpv6-type",
        "--mac-source",
        "--src-range",
        "--dst-range",
        "--limit",
        "--limit-burst",
        "--seconds",
        "--hitcount",
        "--mask",
        "--timeout",
        "--zone",
        "--ctevents",
        "--expevents",
        "--queue-num",
        "--queue-balance",
        "--set-mss",
        "--set-class",
        "--nfmask",
        "--ctmask",
        "--pkt-type",
        "--length",
        "--bytecode",
        "--u32",
        "--type",
        "--gateway",
        "--on-port",
        "--on-ip",
        "--tproxy-mark");
    values(IPTABLES, 2, "--tcp-flags", "--match-set", "--add-set", "--del-set", "--map-set");

    // ebtables: every extension option takes one value except these flags.
    flags(EBTABLES, "--log", "--log-ip", "--log-arp", "--log-ip6", "--nflog", "--arp-gratuitous", "--snat-arp");
    values(
        EBTABLES,
        1,
        "--log-prefix",
        "--log-level",
        "--nflog-prefix",
        "--nflog-group",
        "--nflog-range",
        "--nflog-threshold",
        "--mark",
        "--mark-set",
        "--mark-or",
        "--mark-and",
        "--mark-xor",
        "--mark-target",
        "--to-destination",
        "--to-dst",
        "--dnat-target",
        "--to-source",
        "--to-src",
        "--snat-target",
        "--redirect-target",
        "--arpreply-mac",
        "--arpreply-target");

    values(
        ARPTABLES,
        1,
        "--mangle-ip-s",
        "--mangle-ip-d",
        "--mangle-mac-s",
        "--mangle-mac-d",
        "--mangle-target",
        "--set-class");
  }

  private OptionArity() {}

  static int iptables(String option) {
    return IPTABLES.getOrDefault(option, UNKNOWN);
  }

  static int ebtables(String option) {
    return EBTABLES.getOrDefault(option, UNKNOWN);
  }

  static int arptables(String option) {
    return ARPTABLES.getOrDefault(option, UNKNOWN);
  }

  private static void flags(Map<String, Integer> table, String... options) {
    values(table, 0, options);
  }

  private static void values(Map<String, Integer> table, int arity, String... options) {
    for (String option : options) {
      Integer previous = table.put(option, arity);
      if (previous != null && previous != arity) {
        throw new IllegalStateException("conflicting arity for " + option);
      }
    }
  }
}
