#!/bin/bash
# Role-flip benchmark (issue 4): one flip through the cold command line, `vifgate reconcile` on a
# namespace whose file just changed role, JVM start-up included, side by side with the original
# recipe's hand-made pair (`iptables -R FORWARD 5 ...; arptables -R FORWARD 5 ...`) in the same
# namespace, per backend. Prints medians and the ratio.
#
# Usage: sudo bench/flip-benchmark.sh [RUNS]   (default 30 runs per measurement)
# Needs root; works only inside the throwaway namespace it creates (vgbench-dom0), removed on exit.
set -euo pipefail
runs=${1:-30}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ns=vgbench-dom0
work=$(mktemp -d /tmp/vifgate-bench.XXXXXX)
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cleanup_ns_only() { ip netns del "$ns" 2>/dev/null || true; }

vifgate=$root/bin/vifgate
"$vifgate" --version >/dev/null   # builds the jar and the class-data archive outside the timing

in_ns() { ip netns exec "$ns" "$@"; }
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1e6}'; }

make_dom0() {
  cleanup_ns_only
  ip netns add "$ns"
  in_ns ip link set lo up
  in_ns ip link add xenbr0 type bridge stp_state 0 forward_delay 0
  in_ns ip link set xenbr0 up
  for port in vif0.0 vif0.1 vif1.0 vif2.0 peth0; do
    in_ns ip link add "$port" type veth peer name "p-$port"
    in_ns ip link set "$port" master xenbr0 up
  done
  in_ns sysctl -q -w net.bridge.bridge-nf-filter-vlan-tagged=1
}

write_config() { # backend role
  cat > "$work/vifgate.yaml.tmp" <<YAML
version: 1
node: BENCH
role: $2
backend: $1
dom0:
  vifs: [vif0.0, vif0.1]
bridges:
  - {name: xenbr0, uplink: peth0}
YAML
  mv "$work/vifgate.yaml.tmp" "$work/vifgate.yaml"
}

handmade() { # backend -> prints one duration per run (ns)
  local ip=iptables-$1 arp=arptables-$1 i s
  in_ns "$ip" -w -I FORWARD 1 -m physdev --physdev-in vif0.0 -j ACCEPT
  in_ns "$ip" -w -I FORWARD 2 -m physdev --physdev-out vif0.0 -j ACCEPT
  in_ns "$ip" -w -I FORWARD 3 -m physdev --physdev-in vif0.1 -j ACCEPT
  in_ns "$ip" -w -I FORWARD 4 -m physdev --physdev-out vif0.1 -j ACCEPT
  in_ns "$ip" -w -I FORWARD 5 -j DROP
  [[ $1 == nft ]] && in_ns "$arp" -N FORWARD   # the nft arptables has no FORWARD chain
  in_ns "$arp" -I FORWARD 1 -i vif0.0 -j ACCEPT
  in_ns "$arp" -I FORWARD 2 -o vif0.0 -j ACCEPT
  in_ns "$arp" -I FORWARD 3 -i vif0.1 -j ACCEPT
  in_ns "$arp" -I FORWARD 4 -o vif0.1 -j ACCEPT
  in_ns "$arp" -I FORWARD 5 -j DROP
  for ((i = 0; i < runs; i++)); do
    s=$(now)
    if ((i % 2 == 0)); then
      in_ns "$ip" -w -R FORWARD 5; in_ns "$arp" -R FORWARD 5
    else
      in_ns "$ip" -w -R FORWARD 5 -j DROP; in_ns "$arp" -R FORWARD 5 -j DROP
    fi
    echo $(($(now) - s))
  done
}

vifgate_flips() { # backend -> prints one duration per run (ns)
  local i s role
  write_config "$1" passive
  "$vifgate" reconcile -c "$work/vifgate.yaml" --netns "$ns" --state-dir "$work/state" >/dev/null
  for ((i = 0; i < runs; i++)); do
    if ((i % 2 == 0)); then role=active; else role=passive; fi
    write_config "$1" "$role"
    s=$(now)
    "$vifgate" reconcile -c "$work/vifgate.yaml" --netns "$ns" --state-dir "$work/state" >/dev/null
    echo $(($(now) - s))
  done
}

echo "flip benchmark, $runs runs each, $(date -u +%Y-%m-%dT%H:%MZ), load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
printf '%-8s %-22s %-22s %s\n' backend "hand-made pair (ms)" "vifgate reconcile (ms)" ratio
for backend in nft legacy; do
  make_dom0
  hand=$(handmade "$backend" | median)
  make_dom0
  cold=$(vifgate_flips "$backend" | median)
  printf '%-8s %-22s %-22s %sx\n' "$backend" "$hand" "$cold" "$(awk -v a="$cold" -v b="$hand" 'BEGIN {printf "%.1f", a/b}')"
done
