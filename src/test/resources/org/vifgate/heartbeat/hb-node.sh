#!/bin/bash
# One real Heartbeat node for tests. HeartbeatNode starts it as PID 1 of fresh PID, mount, UTS
# and IPC namespaces (unshare), inside a network namespace of its own (ip netns exec).
#
# Heartbeat reboots the machine when a resource fails to stop (pkill -9 heartbeat, then
# /sbin/reboot -nf, then /sbin/init 6). So before anything else this script proves it is not in
# the host's namespaces, and before Heartbeat starts it shadows every reboot path with a stub, in
# its own mount namespace only. Any doubt aborts (exit 70) before Heartbeat runs.
#
# Usage: hb-node.sh NODE DIR HOST_MNT HOST_PID HOST_UTS HOST_IPC HOST_NET
#   DIR holds ha.d/, lib-heartbeat/, run/, log/ and reboot-stub, prepared by HeartbeatNode;
#   HOST_* are the harness's own /proc/self/ns/* links, e.g. "mnt:[4026531832]".
#   An executable DIR/boot-hook, if there is one, runs once the node's private directories are in
#   place and before the node reports ready (so before Heartbeat), like a boot unit ordered
#   before heartbeat.service; if it fails, the node aborts and Heartbeat never starts.
set -euo pipefail

node=$1 dir=$2
host_mnt=$3 host_pid=$4 host_uts=$5 host_ipc=$6 host_net=$7

# Markers the harness polls for are written whole: to a temporary name, then renamed.
marker() { echo "$2" >"$dir/$1.tmp" && mv "$dir/$1.tmp" "$dir/$1"; }
abort() {
  echo "hb-node $node ABORT: $*" >&2
  marker aborted "$*"
  exit 70
}
log() { echo "hb-node $node: $*" >&2; }

# 1. Isolation, checked before the first mount.
[[ $$ -eq 1 ]] || abort "not PID 1 of a new PID namespace (pid $$)"
for ns in mnt pid uts ipc net; do
  host_var=host_$ns
  mine=$(readlink "/proc/self/ns/$ns") || abort "cannot read /proc/self/ns/$ns"
  [[ -n $mine && -n ${!host_var} ]] || abort "empty $ns namespace id"
  [[ $mine != "${!host_var}" ]] || abort "$ns namespace is the host's ($mine)"
done
# Mounts made here must not propagate back to the host.
if grep -q ' shared:' /proc/self/mountinfo; then
  abort "a mount is shared with another namespace; refusing to mount anything"
fi
case $dir in
  /run/* | /var/log/* | /etc/ha.d/* | /var/lib/heartbeat/* | /var/run/*)
    abort "node directory $dir lies under a path this script mounts over" ;;
esac
for d in ha.d lib-heartbeat run log; do
  [[ -d $dir/$d ]] || abort "$dir/$d is missing"
done
[[ -x $dir/reboot-stub ]] || abort "$dir/reboot-stub is missing"

# 2. Shadow the reboot paths (the targets of the links: /sbin/reboot -> systemctl, ...).
for link in /sbin/reboot /sbin/init /sbin/halt /sbin/poweroff /sbin/shutdown; do
  [[ -e $link ]] || continue
  target=$(readlink -f "$link")
  if ! cmp -s "$dir/reboot-stub" "$target"; then
    mount --bind "$dir/reboot-stub" "$target"
  fi
  cmp -s "$dir/reboot-stub" "$(readlink -f "$link")" || abort "$link still runs the real $target"
done

# 3. Private Heartbeat state.
mount --bind "$dir/ha.d" /etc/ha.d
mount --bind "$dir/lib-heartbeat" /var/lib/heartbeat
mount --bind "$dir/run" /run
mount --bind "$dir/log" /var/log
for d in /run/heartbeat /run/heartbeat/ccm /run/heartbeat/crm /run/heartbeat/dopd /run/crm; do
  install -d -o hacluster -g haclient -m 0750 "$d"
done
install -d -m 1755 /run/resource-agents
install -d -m 0755 /run/lock
hostname "$node"
ip link set lo up
[[ $(uname -n) == "$node" ]] || abort "hostname is $(uname -n), not $node"

if [[ -x $dir/boot-hook ]]; then
  log "running the boot hook"
  "$dir/boot-hook" || abort "the boot hook failed (exit $?)"
fi

# 4. The harness checks all of the above from outside, then says go.
marker ready ready
deadline=$((SECONDS + 30))
while [[ ! -e $dir/go ]]; do
  ((SECONDS < deadline)) || abort "no go from the harness within 30 s"
  sleep 0.02
done

/usr/libexec/heartbeat/heartbeat -f &
marker heartbeat.nspid $!
log "heartbeat started as pid $! in the node"

# 5. Stay PID 1: reap orphans until the harness kills the namespace.
while :; do
  sleep 1 &
  wait $! || true
done
