#!/bin/sh
# A stand-in resource for Heartbeat tests. It records every call with a timestamp in the node's
# private /run/hbtest and prints what Heartbeat reads: "running" or "stopped".
dir=/run/hbtest
mkdir -p "$dir"
echo "$(date +%s%N) $*" >>"$dir/calls"
case "$1" in
  start) echo running >"$dir/state"; echo "started"; exit 0 ;;
  stop) echo stopped >"$dir/state"; echo "stopped"; exit 0 ;;
  restart) echo running >"$dir/state"; echo "started"; exit 0 ;;
  status)
    if [ "$(cat "$dir/state" 2>/dev/null)" = running ]; then
      echo running; exit 0
    fi
    echo stopped; exit 3 ;;
  *) echo "usage: $0 start|stop|status|restart" >&2; exit 2 ;;
esac
