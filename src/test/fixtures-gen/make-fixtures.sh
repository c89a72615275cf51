#!/bin/bash
# Regenerates the save-format fixtures under src/test/resources/fixtures/ from the real tools.
#
# Run as root. Every ruleset is built in its own throwaway network namespace (prefix vgfx-),
# deleted again at once and, whatever happens, by the EXIT trap. Nothing runs in the host's own
# namespace. For each fixture NAME it writes:
#   NAME.cmds  a header (kind, backend, dump command, exit code, tool versions) and the exact
#              commands that built the ruleset
#   NAME.out   what the dump command printed on stdout (byte for byte)
#   NAME.err   what it printed on stderr, when anything
# The parameterised FixturesTest has an expectation for every fixture and fails on any without.
#
# Usage: src/test/fixtures-gen/make-fixtures.sh [OUTPUT_DIR]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out_dir=${1:-$here/../resources/fixtures}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

if [[ $(id -u) -ne 0 ]]; then
  echo "make-fixtures: run as root (it creates network namespaces)" >&2
  exit 1
fi

prefix=vgfx-$$
declare -a namespaces=()
cleanup() {
  local ns
  for ns in "${namespaces[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT

versions="$(iptables-nft --version | head -1); $(arptables-legacy --version 2>&1 | head -1); $(ebtables-nft --version | head -1); $(uname -r)"
serial=0

# fixture NAME KIND BACKEND DUMP < commands
#   Runs the commands (bash, errexit) in a new namespace, then DUMP (a shell command line) in the
#   same namespace, and records both.
fixture() {
  local name=$1 kind=$2 backend=$3 dump=$4
  local cmds ns rc
  cmds=$(cat)
  serial=$((serial + 1))
  ns=$prefix-$serial
  ip netns add "$ns"
  namespaces+=("$ns")
  if ! ip netns exec "$ns" bash -euo pipefail -c "$cmds"; then
    echo "make-fixtures: building $name failed" >&2
    exit 1
  fi
  set +e
  ip netns exec "$ns" bash -c "$dump" >"$out_dir/$name.out" 2>"$out_dir/$name.err"
  rc=$?
  set -e
  [[ -s $out_dir/$name.err ]] || rm -f "$out_dir/$name.err"
  {
    echo "# fixture: $name"
    echo "# kind: $kind"
    echo "# backend: $backend"
    echo "# dump: $dump"
    echo "# exit: $rc"
    echo "# tools: $versions"
    echo "# commands run in a fresh network namespace:"
    printf '%s\n' "$cmds"
  } >"$out_dir/$name.cmds"
  ip netns del "$ns"
  echo "  $name (exit $rc, $(wc -c <"$out_dir/$name.out") bytes)"
}

# both NAME SAVEFLAGS < template
#   The template uses $IPT, $IP6T, $IPT_RESTORE and $IP6T_RESTORE; makes NAME-nft and NAME-legacy
#   with the variables replaced by the explicit binaries, dumped with iptables-*-save SAVEFLAGS.
both() {
  local name=$1 flags=$2 template backend cmds
  template=$(cat)
  for backend in nft legacy; do
    cmds=${template//'$IPT_RESTORE'/iptables-$backend-restore}
    cmds=${cmds//'$IP6T_RESTORE'/ip6tables-$backend-restore}
    cmds=${cmds//'$IPT'/iptables-$backend}
    cmds=${cmds//'$IP6T'/ip6tables-$backend}
    local kind=iptables save=iptables-$backend-save
    if [[ $name == ip6* ]]; then
      kind=ip6tables
      save=ip6tables-$backend-save
    fi
    fixture "$name-$backend" "$kind" "$backend" "$save${flags:+ $flags}" <<<"$cmds"
  done
}

echo "writing fixtures to $out_dir"

# --- The Xen recipe (CONTEXT.md), blocked and unblocked (-R 5 leaves a rule without a target).
xen_recipe='$IPT -I FORWARD 1 -m physdev --physdev-in vif0.0 -j ACCEPT
$IPT -I FORWARD 2 -m physdev --physdev-out vif0.0 -j ACCEPT
$IPT -I FORWARD 3 -m physdev --physdev-in vif0.1 -j ACCEPT
$IPT -I FORWARD 4 -m physdev --physdev-out vif0.1 -j ACCEPT
$IPT -I FORWARD 5 -j DROP'
both xen-blocked "" <<<"$xen_recipe"
both xen-unblocked "-c" <<<"$xen_recipe
\$IPT -R FORWARD 5"

arp_recipe='arptables-legacy -I FORWARD 1 -i vif0.0 -j ACCEPT
arptables-legacy -I FORWARD 2 -o vif0.0 -j ACCEPT
arptables-legacy -I FORWARD 3 -i vif0.1 -j ACCEPT
arptables-legacy -I FORWARD 4 -o vif0.1 -j ACCEPT
arptables-legacy -I FORWARD 5 -j DROP'
fixture arptables-legacy-xen-blocked arptables legacy "arptables-legacy -L -n -v --line-numbers" <<<"$arp_recipe"
fixture arptables-legacy-xen-unblocked arptables legacy "arptables-legacy -L -n -v --line-numbers" <<<"$arp_recipe
arptables-legacy -R FORWARD 5"
# The same listing without -v --line-numbers: the rule without a target is an empty line.
fixture arptables-legacy-xen-unblocked-plain arptables legacy "arptables-legacy -L -n" <<<"$arp_recipe
arptables-legacy -R FORWARD 5"

fixture ebtables-xen ebtables nft "ebtables-nft-save" <<'EOF'
ebtables-nft -A FORWARD -i vif0.0 -j ACCEPT
ebtables-nft -A FORWARD -o vif0.0 -j ACCEPT
ebtables-nft -A FORWARD -i vif0.1 -j ACCEPT
ebtables-nft -A FORWARD -o vif0.1 -j ACCEPT
ebtables-nft -A FORWARD -p ARP -j DROP
ebtables-nft -A FORWARD -p IPv6
ebtables-nft -A FORWARD -j DROP
EOF

# --- A Docker-like host (addresses from the test ranges).
both docker "" <<'EOF'
$IPT -N DOCKER
$IPT -N DOCKER-ISOLATION-STAGE-1
$IPT -N DOCKER-ISOLATION-STAGE-2
$IPT -N DOCKER-USER
$IPT -A FORWARD -j DOCKER-USER
$IPT -A FORWARD -j DOCKER-ISOLATION-STAGE-1
$IPT -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
$IPT -A FORWARD -o docker0 -j DOCKER
$IPT -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
$IPT -A FORWARD -i docker0 -o docker0 -j ACCEPT
$IPT -A DOCKER -d 203.0.113.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
$IPT -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
$IPT -A DOCKER-ISOLATION-STAGE-1 -j RETURN
$IPT -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
$IPT -A DOCKER-ISOLATION-STAGE-2 -j RETURN
$IPT -A DOCKER-USER -j RETURN
$IPT -t nat -N DOCKER
$IPT -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
$IPT -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
$IPT -t nat -A POSTROUTING -s 203.0.113.0/24 ! -o docker0 -j MASQUERADE
$IPT -t nat -A POSTROUTING -s 203.0.113.2/32 -d 203.0.113.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
$IPT -t nat -A DOCKER -i docker0 -j RETURN
$IPT -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 203.0.113.2:80
EOF

# --- A libvirt-like host.
both libvirt "" <<'EOF'
for c in LIBVIRT_INP LIBVIRT_OUT LIBVIRT_FWO LIBVIRT_FWI LIBVIRT_FWX; do $IPT -N $c; done
$IPT -A INPUT -j LIBVIRT_INP
$IPT -A OUTPUT -j LIBVIRT_OUT
$IPT -A FORWARD -j LIBVIRT_FWX
$IPT -A FORWARD -j LIBVIRT_FWI
$IPT -A FORWARD -j LIBVIRT_FWO
$IPT -A LIBVIRT_INP -i virbr0 -p udp -m udp --dport 53 -j ACCEPT
$IPT -A LIBVIRT_INP -i virbr0 -p tcp -m tcp --dport 53 -j ACCEPT
$IPT -A LIBVIRT_INP -i virbr0 -p udp -m udp --dport 67 -j ACCEPT
$IPT -A LIBVIRT_OUT -o virbr0 -p udp -m udp --dport 68 -j ACCEPT
$IPT -A LIBVIRT_FWO -s 198.51.100.0/24 -i virbr0 -j ACCEPT
$IPT -A LIBVIRT_FWO -i virbr0 -j REJECT --reject-with icmp-port-unreachable
$IPT -A LIBVIRT_FWI -d 198.51.100.0/24 -o virbr0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
$IPT -A LIBVIRT_FWI -o virbr0 -j REJECT --reject-with icmp-port-unreachable
$IPT -A LIBVIRT_FWX -i virbr0 -o virbr0 -j ACCEPT
$IPT -t nat -N LIBVIRT_PRT
$IPT -t nat -A POSTROUTING -j LIBVIRT_PRT
$IPT -t nat -A LIBVIRT_PRT -s 198.51.100.0/24 -d 224.0.0.0/24 -j RETURN
$IPT -t nat -A LIBVIRT_PRT -s 198.51.100.0/24 -d 255.255.255.255/32 -j RETURN
$IPT -t nat -A LIBVIRT_PRT -s 198.51.100.0/24 ! -d 198.51.100.0/24 -p tcp -j MASQUERADE --to-ports 1024-65535
$IPT -t nat -A LIBVIRT_PRT -s 198.51.100.0/24 ! -d 198.51.100.0/24 -p udp -j MASQUERADE --to-ports 1024-65535
$IPT -t nat -A LIBVIRT_PRT -s 198.51.100.0/24 ! -d 198.51.100.0/24 -j MASQUERADE
$IPT -t mangle -N LIBVIRT_PRT
$IPT -t mangle -A POSTROUTING -j LIBVIRT_PRT
$IPT -t mangle -A LIBVIRT_PRT -o virbr0 -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill
EOF

# --- kube-proxy-like chains: statistic, mark, comments with spaces and punctuation.
both kube-proxy "" <<'EOF'
for c in KUBE-SERVICES KUBE-POSTROUTING KUBE-MARK-MASQ KUBE-NODEPORTS KUBE-SVC-NPX46M4PTMTKRN6Y KUBE-SEP-AAAAAAAAAAAAAAAA KUBE-SEP-BBBBBBBBBBBBBBBB KUBE-SEP-CCCCCCCCCCCCCCCC; do $IPT -t nat -N $c; done
$IPT -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
$IPT -t nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
$IPT -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
$IPT -t nat -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
$IPT -t nat -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
$IPT -t nat -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
$IPT -t nat -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
$IPT -t nat -A KUBE-SERVICES -d 203.0.113.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
$IPT -t nat -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
$IPT -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 198.51.100.0/24 -d 203.0.113.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ
$IPT -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 198.51.100.10:6443" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-AAAAAAAAAAAAAAAA
$IPT -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 198.51.100.11:6443" -m statistic --mode random --probability 0.5 -j KUBE-SEP-BBBBBBBBBBBBBBBB
$IPT -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 198.51.100.12:6443" -j KUBE-SEP-CCCCCCCCCCCCCCCC
$IPT -t nat -A KUBE-SEP-AAAAAAAAAAAAAAAA -s 198.51.100.10/32 -m comment --comment default/kubernetes:https -j KUBE-MARK-MASQ
$IPT -t nat -A KUBE-SEP-AAAAAAAAAAAAAAAA -p tcp -m comment --comment default/kubernetes:https -m tcp -j DNAT --to-destination 198.51.100.10:6443
$IPT -t nat -A KUBE-SEP-BBBBBBBBBBBBBBBB -p tcp -m statistic --mode nth --every 3 --packet 0 -j DNAT --to-destination 198.51.100.11:6443
$IPT -t nat -A KUBE-SEP-CCCCCCCCCCCCCCCC -p tcp -m tcp -j DNAT --to-destination 198.51.100.12:6443
$IPT -N KUBE-FIREWALL
$IPT -N KUBE-FORWARD
$IPT -A INPUT -j KUBE-FIREWALL
$IPT -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
$IPT -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
$IPT -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
$IPT -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
$IPT -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
EOF

# --- fail2ban-like: multiport, recent, limit + LOG, hashlimit, REJECT.
both fail2ban "" <<'EOF'
$IPT -N f2b-sshd
$IPT -A f2b-sshd -s 203.0.113.66/32 -j REJECT --reject-with icmp-port-unreachable
$IPT -A f2b-sshd -j RETURN
$IPT -I INPUT -p tcp -m multiport --dports 22 -j f2b-sshd
$IPT -A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m recent --set --name SSH --mask 255.255.255.255 --rsource
$IPT -A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m recent --update --seconds 60 --hitcount 4 --name SSH --mask 255.255.255.255 --rsource -j DROP
$IPT -A INPUT -m limit --limit 5/min -j LOG --log-prefix "iptables denied: " --log-level 7
$IPT -A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 20 --hashlimit-mode srcip --hashlimit-name ssh-syn -j ACCEPT
EOF

# --- Quoting: LOG/NFLOG prefixes and comments with quotes, backslashes, apostrophes, dashes,
#     tabs, non-ASCII, and the newline traps (a comment line that looks like a rule, or COMMIT).
both quoting "" <<'EOF'
$IPT -N VIFGATE
$IPT -A INPUT -j LOG --log-prefix "[vifgate] drop: "
$IPT -A INPUT -j LOG --log-prefix "it's \"q\" \\ x" --log-level 4 --log-uid
$IPT -A INPUT -j LOG --log-prefix --x
$IPT -A INPUT -j NFLOG --nflog-prefix "nf x" --nflog-group 3
$IPT -A FORWARD -m comment --comment "a \"b\" c" -j DROP
$IPT -A FORWARD -m comment --comment --dport
$IPT -A FORWARD -m comment --comment -j
$IPT -A FORWARD -m comment --comment ""
$IPT -A FORWARD -m comment --comment "it's\\ok" -j DROP
$IPT -A FORWARD -m comment --comment "$(printf 'tab\there')"
$IPT -A FORWARD -m comment --comment "ümlaut ∆"
$IPT -A FORWARD -m comment --comment "$(printf 'x\n-A INPUT -j ACCEPT')" -j DROP
$IPT -A FORWARD -m comment --comment "$(printf 'y\nCOMMIT\n')" -j VIFGATE
$IPT -A VIFGATE -m comment --comment "$(printf '\n-A VIFGATE -j ACCEPT\n')"
$IPT -A VIFGATE -m comment --comment vifgate:owned -m physdev --physdev-in vif1.0 -j DROP
EOF

# --- Negation everywhere, and goto.
both negation "" <<'EOF'
$IPT -N VIFGATE
$IPT -A INPUT ! -s 198.51.100.0/24 ! -d 203.0.113.0/24 ! -i vif1.0 ! -p tcp -j DROP
$IPT -A INPUT ! -f -j ACCEPT
$IPT -A INPUT -f -j DROP
$IPT -A INPUT -p tcp -m tcp ! --dport 22 ! --sport 1024:65535 -j DROP
$IPT -A INPUT -p tcp -m tcp ! --tcp-flags SYN,ACK SYN -j DROP
$IPT -A INPUT -m mark ! --mark 0x1/0xff -j DROP
$IPT -A INPUT -m conntrack ! --ctstate NEW -j ACCEPT
$IPT -A INPUT -m addrtype ! --src-type LOCAL -j DROP
$IPT -A INPUT -p udp -m multiport ! --dports 53,67:68 -j DROP
$IPT -A INPUT -m iprange ! --src-range 198.51.100.1-198.51.100.9 -j DROP
$IPT -A INPUT -p icmp -m icmp ! --icmp-type 8 -j DROP
$IPT -A INPUT -m mac ! --mac-source 02:00:00:00:00:01 -j DROP
$IPT -A INPUT -m pkttype ! --pkt-type broadcast -j DROP
$IPT -A INPUT -m length ! --length 0:64 -j DROP
$IPT -A OUTPUT ! -o vif2.0 -m owner ! --uid-owner 0 -j DROP
$IPT -A FORWARD ! -o vif2.0 -m physdev ! --physdev-in vif1.0 -j DROP
$IPT -A FORWARD -m physdev --physdev-is-bridged ! --physdev-out vif2.0 -j DROP
$IPT -A FORWARD -m physdev ! --physdev-is-bridged -j ACCEPT
$IPT -A FORWARD -i vif1.0 -g VIFGATE
$IPT -A VIFGATE -j RETURN
EOF

# --- Other targets and matches.
both misc "" <<'EOF'
$IPT -t raw -A PREROUTING -i vif0.0 -j CT --notrack
$IPT -t raw -A OUTPUT -p udp -m udp --dport 69 -j CT --helper tftp
$IPT -t mangle -A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
$IPT -t mangle -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff
$IPT -t mangle -A PREROUTING -m mark --mark 0x0 -j MARK --set-xmark 0x10/0xffffffff
$IPT -t mangle -A POSTROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
$IPT -A INPUT -p udp -m udp --dport 5000 -j NFQUEUE --queue-num 3 --queue-bypass
$IPT -A INPUT -m string --string "GET /x" --algo bm --to 65535 -j DROP
$IPT -A INPUT -p tcp -m tcp --dport 80 -m connlimit --connlimit-above 20 --connlimit-mask 32 --connlimit-saddr -j REJECT --reject-with tcp-reset
$IPT -A INPUT -m time --timestart 08:00:00 --timestop 17:00:00 --weekdays Mon,Tue -j ACCEPT
$IPT -A INPUT -m ttl --ttl-gt 64 -j ACCEPT
$IPT -A INPUT -m limit --limit 3/hour --limit-burst 1 -j ACCEPT
$IPT -N ABCDEFGHIJKLMNOPQRSTUVWXYZ01
$IPT -A FORWARD -j ABCDEFGHIJKLMNOPQRSTUVWXYZ01
$IPT -A FORWARD
EOF

# --- Counters: on rules (-c on append) and on chains (restore -c), incl. the 64-bit maximum.
both counters "-c" <<'EOF'
printf '*filter\n:INPUT DROP [5:600]\n:FORWARD ACCEPT [18446744073709551615:9223372036854775808]\n:OUTPUT ACCEPT [0:0]\n:VIFGATE - [0:0]\n[7:420] -A FORWARD -m physdev --physdev-in vif0.0 -j ACCEPT\n[123456789:987654321012] -A FORWARD -j DROP\n[0:0] -A VIFGATE\nCOMMIT\n' | $IPT_RESTORE -c
$IPT -A INPUT -c 10 20 -i lo -j ACCEPT
EOF

# --- Several tables (legacy prints them in reverse order of first use) and chain sorting.
both tables "" <<'EOF'
$IPT -t raw -N X
$IPT -t raw -X X
$IPT -t mangle -N M
$IPT -t nat -A POSTROUTING -o vif0.0 -j ACCEPT
for c in b B _x a-1 A Z9 zz VIFGATE; do $IPT -N $c; done
$IPT -A FORWARD -j VIFGATE
EOF

# --- IPv6: the recipe with ip6tables, ICMPv6, extension headers, nat.
both ip6 "" <<'EOF'
$IP6T -I FORWARD 1 -m physdev --physdev-in vif0.0 -j ACCEPT
$IP6T -I FORWARD 2 -m physdev --physdev-out vif0.0 -j ACCEPT
$IP6T -A FORWARD -j DROP
$IP6T -N VIFGATE6
$IP6T -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -m hl --hl-eq 255 -j ACCEPT
$IP6T -A INPUT ! -s 2001:db8::/32 -d 2001:db8:1::1/128 -p tcp -m tcp --dport 22 -j VIFGATE6
$IP6T -A INPUT -m frag --fragid 5 --fraglast -j DROP
$IP6T -A INPUT -m rt --rt-type 0 -j DROP
$IP6T -A INPUT -m ipv6header --header ipv6-frag --soft -j DROP
$IP6T -A VIFGATE6 -j LOG --log-prefix "v6 drop: "
$IP6T -A VIFGATE6 -j REJECT --reject-with icmp6-adm-prohibited
$IP6T -t nat -A POSTROUTING -s 2001:db8::/64 -o vif0.0 -j MASQUERADE
EOF
both ip6-counters "-c" <<'EOF'
$IP6T -A FORWARD -c 3 240 -m physdev --physdev-in vif0.0 -j ACCEPT
$IP6T -A FORWARD -c 0 0
EOF

# --- Empty: a fresh namespace prints nothing at all; tables with only their built-in chains.
for b in nft legacy; do
  fixture empty-iptables-$b iptables $b "iptables-$b-save" <<<"true"
  fixture empty-ip6tables-$b ip6tables $b "ip6tables-$b-save" <<<"true"
done
fixture empty-arptables-nft arptables nft "arptables-nft-save" <<<"true"
fixture empty-ebtables-nft ebtables nft "ebtables-nft-save" <<<"true"
fixture empty-arptables-legacy arptables legacy "arptables-legacy -L -n -v --line-numbers" <<<"true"
both empty-tables "" <<'EOF'
$IPT -t raw -N X
$IPT -t raw -X X
$IPT -t security -N X
$IPT -t security -X X
EOF

# --- Broken output from the tool itself.
fixture incompatible-nft iptables nft "iptables-nft-save" <<'EOF'
iptables-nft -A INPUT -j ACCEPT
iptables-nft -A FORWARD -j ACCEPT
nft add rule ip filter FORWARD meta l4proto tcp ct state established,related counter accept
EOF
fixture truncated-nft iptables nft "iptables-nft-save" <<'EOF'
iptables-nft -A INPUT -j ACCEPT
iptables-nft -A FORWARD -j ACCEPT
nft add rule ip filter FORWARD ip dscp 5 drop
iptables-nft -t nat -A POSTROUTING -j ACCEPT
EOF
fixture mixed-backends-nft-stderr iptables nft "iptables-nft-save 2>&1" <<'EOF'
iptables-legacy -A FORWARD -j DROP
iptables-nft -A FORWARD -j ACCEPT
EOF

# --- arptables-nft-save: target first, no COMMIT, target-less rules, user chains, mangle.
arp_rich='-A INPUT -i vif0.0 -j ACCEPT
-A INPUT ! -i vif0.1 -j DROP
-A INPUT -i ! vif0.2 -j DROP
-A OUTPUT -o vif0.0
-N VIFGATE
-N AAA
-A VIFGATE --opcode Request -s 198.51.100.1 -d ! 198.51.100.0/24 -j ACCEPT
-A VIFGATE --source-mac 02:00:00:00:00:01 -j mangle --mangle-ip-s 198.51.100.9
-A VIFGATE --source-mac 02:00:00:00:00:00/ff:ff:ff:00:00:00 --destination-mac ! 02:00:00:00:00:02 -j DROP
-A VIFGATE --h-length 6 --h-type 1 --proto-type 0x800 -j ACCEPT
-A VIFGATE -j AAA
-A VIFGATE -j RETURN
-A VIFGATE
-A AAA -i vif1.0
-A INPUT -j VIFGATE'
fixture arptables-nft arptables nft "arptables-nft-save -c" <<<"$(sed 's/^/arptables-nft /' <<<"$arp_rich")
arptables-nft -P OUTPUT DROP"
fixture arptables-legacy-rich arptables legacy "arptables-legacy -L -n -v --line-numbers" <<<"$(sed 's/^/arptables-legacy /; s/-A INPUT/-A FORWARD/' <<<"$arp_rich")
arptables-legacy -N EMPTY
arptables-legacy -P INPUT DROP
arptables-legacy -A OUTPUT -c 1234567 987654321 -j ACCEPT
arptables-legacy -A OUTPUT -c 99999 99999 -j ACCEPT"
# Debian's arptables-legacy-save wrapper lists /usr/sbin/arptables, which is the nft variant:
# the legacy FORWARD rules are missing, the nft rules are shown, and the rule without a target
# (an empty line in the plain listing) is dropped.
fixture arptables-legacy-save-wrapper arptables legacy "arptables-legacy-save" <<'EOF'
arptables-legacy -A FORWARD -i vif0.0 -j ACCEPT
arptables-legacy -A FORWARD -j DROP
arptables-nft -A INPUT -i vif9.0 -j ACCEPT
arptables-nft -A INPUT
arptables-nft -A OUTPUT -o vif9.0
EOF
fixture arptables-nft-mixed-stderr arptables nft "arptables-nft-save 2>&1" <<'EOF'
arptables-legacy -A FORWARD -j DROP
arptables-nft -A INPUT -j ACCEPT
EOF

# --- ebtables-nft-save: negation after the option, CONTINUE, user chains with policies, nat,
#     extensions grouped without -m, verbatim-quoted prefixes (a newline and a quote inside).
fixture ebtables-rich ebtables nft "ebtables-nft-save" <<'EOF'
ebtables-nft -N VIFGATE -P RETURN
ebtables-nft -N ZZZ
ebtables-nft -N DROPPER -P DROP
ebtables-nft -P FORWARD DROP
ebtables-nft -A FORWARD -i ! vif1.0 -p ARP -j ACCEPT
ebtables-nft -A FORWARD ! -o vif2.0 -p ! IPv4
ebtables-nft -A FORWARD -i vif+ -s ! 02:00:00:00:00:01 -j VIFGATE
ebtables-nft -A VIFGATE -p IPv4 --ip-src ! 198.51.100.1 --ip-proto tcp --ip-dport 22 -j ACCEPT
ebtables-nft -A VIFGATE -p ARP --arp-op Request --arp-ip-dst 198.51.100.7 --arp-gratuitous -j DROP
ebtables-nft -A VIFGATE -s 02:00:00:00:00:01/ff:ff:ff:ff:ff:00 --log-prefix "a b" --log-level info -j CONTINUE
ebtables-nft -A VIFGATE --log-prefix "$(printf 'x\n-A FORWARD -j ACCEPT')" -j DROP
ebtables-nft -A VIFGATE --nflog-prefix 'q "x' --nflog-group 2 -j ACCEPT
ebtables-nft -A VIFGATE -p 802_1Q --vlan-id 5 --vlan-encap IPv4 -j DROP
ebtables-nft -A VIFGATE --pkttype-type broadcast -j DROP
ebtables-nft -A VIFGATE -p IPv6 --ip6-src ! 2001:db8::1 --ip6-proto ipv6-icmp --ip6-icmp-type neighbour-solicitation -j DROP
ebtables-nft -A VIFGATE --limit 5/sec -j ACCEPT
ebtables-nft -A VIFGATE --among-src 02:00:00:00:00:01,02:00:00:00:00:02 -j DROP
ebtables-nft -A VIFGATE --mark 0x5/0xff -j mark --mark-set 0x6 --mark-target CONTINUE
ebtables-nft -A VIFGATE --stp-type config -j DROP
ebtables-nft -A ZZZ -j DROPPER
ebtables-nft -t nat -A PREROUTING -i vif1.0 -j dnat --to-dst 02:00:00:00:00:02 --dnat-target ACCEPT
ebtables-nft -t nat -A POSTROUTING -o vif1.0 -j snat --to-src 02:00:00:00:00:03 --snat-arp --snat-target CONTINUE
EOF
fixture ebtables-counters ebtables nft "ebtables-nft-save -c" <<'EOF'
ebtables-nft -A FORWARD -c 10 20 -i vif0.0 -j ACCEPT
ebtables-nft -A FORWARD -o vif1.0
ebtables-nft -A FORWARD -j DROP
EOF

echo "done"
