#!/bin/sh
# Stands in for /sbin/reboot (and init, halt, ...) inside a test Heartbeat node: logs the
# attempt in the node's private /var/log and fails, so Heartbeat cannot reboot the machine.
echo "$(date +%s.%N) reboot stub called as: $0 $*" >>/var/log/reboot-stub.log
exit 1
