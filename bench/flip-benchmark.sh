#!/bin/bash
# Role-flip benchmark (issue 4): one flip through the cold command line, `vifgate reconcile` on a
# namespace whose file just changed role, JVM start-up included, side by side with the original
# recipe's hand-made pair (`iptables -R FORWARD 5 ...; arptables -R FORWARD 5 ...`), per backend.
# Prints medians and the ratio.
#
# Usage: sudo [QUIET_MS=200] bench/flip-benchmark.sh [RUNS]   (default 30 runs per measurement)
#   QUIET_MS: the pause before each timed flip (0: the two sides back to back, machine kept busy)
# Needs root; works only inside the throwaway namespaces it creates (vgbench-pair, vgbench-vifgate:
# two dom0s built the same way, one for each side, since vifgate would migrate the recipe's rules
# away), removed on exit. The two sides run alternately, one flip each after a 200 ms pause, so
# that whatever else the machine does at the time weighs on both alike and both start from a quiet
# machine. Times come from bash's $EPOCHREALTIME: no process is started to read the clock.
set -euo pipefail
runs=${1:-30}
quiet_ms=${QUIET_MS:-200}
[[ $quiet_ms =~ ^[0-9]{1,5}$ ]] || { echo "QUIET_MS must be a number of milliseconds" >&2; exit 64; }
pause=$(printf '%d.%03d' $((quiet_ms / 1000)) $((quiet_ms % 1000)))
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pair_ns=vgbench-pair
vifgate_ns=vgbench-vifgate
work=$(mktemp -d /tmp/vifgate-bench.XXXXXX)
remove_namespaces() { ip netns del "$pair_ns" 2>/dev/null || true; ip netns del "$vifgate_ns" 2>/dev/null || true; }
cleanup() { remove_namespaces; rm -rf "$work"; }
trap cleanup EXIT

vifgate=$root/bin/vifgate
"$vifgate" --version >/dev/null # builds the jar and the ahead-of-time cache outside the timing

# Microseconds between two $EPOCHREALTIME readings.
elapsed() { echo $((${2/./} - ${1/./})); }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}'; }

make_dom0() { # namespace
  local ns=$1 port
  ip netns del "$ns" 2>/dev/null || true
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
  ip netns exec "$ns" ip link add xenbr0 type bridge stp_state 0 forward_delay 0
  ip netns exec "$ns" ip link set xenbr0 up
  for port in vif0.0 vif0.1 vif1.0 vif2.0 peth0; do
    ip netns exec "$ns" ip link add "$port" type veth peer name "p-$port"
    ip netns exec "$ns" ip link set "$port" master xenbr0 up
  done
  ip netns exec "$ns" sysctl -q -w net.bridge.bridge-nf-filter-vlan-tagged=1
}

write_config() { # backend role
  cat >"$work/vifgate.yaml.tmp" <<YAML
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

install_recipe() { # backend: the original recipe, blocked, in the pair's namespace
  local ip=iptables-$1 arp=arptables-$1
  in_pair() { ip netns exec "$pair_ns" "$@"; }
  in_pair "$ip" -w -I FORWARD 1 -m physdev --physdev-in vif0.0 -j ACCEPT
  in_pair "$ip" -w -I FORWARD 2 -m physdev --physdev-out vif0.0 -j ACCEPT
  in_pair "$ip" -w -I FORWARD 3 -m physdev --physdev-in vif0.1 -j ACCEPT
  in_pair "$ip" -w -I FORWARD 4 -m physdev --physdev-out vif0.1 -j ACCEPT
  in_pair "$ip" -w -I FORWARD 5 -j DROP
  [[ $1 == nft ]] && in_pair "$arp" -N FORWARD # the nft arptables has no FORWARD chain
  in_pair "$arp" -I FORWARD 1 -i vif0.0 -j ACCEPT
  in_pair "$arp" -I FORWARD 2 -o vif0.0 -j ACCEPT
  in_pair "$arp" -I FORWARD 3 -i vif0.1 -j ACCEPT
  in_pair "$arp" -I FORWARD 4 -o vif0.1 -j ACCEPT
  in_pair "$arp" -I FORWARD 5 -j DROP
}

pair_flip() { # backend run -> one duration (us): Heartbeat's two commands, each in the namespace
  local ip=iptables-$1 arp=arptables-$1 s=$EPOCHREALTIME e
  if (($2 % 2 == 0)); then
    ip netns exec "$pair_ns" "$ip" -w -R FORWARD 5
    ip netns exec "$pair_ns" "$arp" -R FORWARD 5
  else
    ip netns exec "$pair_ns" "$ip" -w -R FORWARD 5 -j DROP
    ip netns exec "$pair_ns" "$arp" -R FORWARD 5 -j DROP
  fi
  e=$EPOCHREALTIME
  elapsed "$s" "$e"
}

vifgate_flip() { # backend run -> one duration (us): the file changed role (untimed), then reconcile
  local s e role=passive
  (($2 % 2 == 0)) && role=active
  write_config "$1" "$role"
  s=$EPOCHREALTIME
  "$vifgate" reconcile -c "$work/vifgate.yaml" --netns "$vifgate_ns" --state-dir "$work/state" >/dev/null
  e=$EPOCHREALTIME
  elapsed "$s" "$e"
}

echo "flip benchmark, $runs runs each, alternating, ${quiet_ms} ms quiet before each, $(date -u +%Y-%m-%dT%H:%MZ), load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
printf '%-8s %-22s %-22s %s\n' backend "hand-made pair (ms)" "vifgate reconcile (ms)" ratio
for backend in nft legacy; do
  make_dom0 "$pair_ns"
  make_dom0 "$vifgate_ns"
  install_recipe "$backend"
  write_config "$backend" passive
  "$vifgate" reconcile -c "$work/vifgate.yaml" --netns "$vifgate_ns" --state-dir "$work/state" >/dev/null
  : >"$work/pair.us"
  : >"$work/vifgate.us"
  for ((i = 0; i < runs; i++)); do
    # Each side starts from the same quiet machine, as a flip does after Heartbeat's deadtime.
    sleep "$pause"
    pair_flip "$backend" "$i" >>"$work/pair.us"
    sleep "$pause"
    vifgate_flip "$backend" "$i" >>"$work/vifgate.us"
  done
  hand=$(median <"$work/pair.us")
  cold=$(median <"$work/vifgate.us")
  printf '%-8s %-22s %-22s %sx\n' "$backend" "$hand" "$cold" "$(awk -v a="$cold" -v b="$hand" 'BEGIN {printf "%.1f", a/b}')"
done
