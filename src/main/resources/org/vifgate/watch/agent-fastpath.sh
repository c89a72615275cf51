# shellcheck shell=bash
# vifgate resource agent: the fast path of a role flip through a running `vifgate watch`.
#
# Source this file from the Heartbeat resource script (bash). It defines two functions and changes
# nothing else (no traps, no options, no global variables):
#
#   vifgate_watch_role ROLE STATE_DIR BY [TIMEOUT]
#     Hands "make this host ROLE" to the watcher whose state directory is STATE_DIR (the directory
#     of this configuration file: /run/vifgate/<file>-<hash>, StateDir.dir() in the code) and waits
#     up to TIMEOUT seconds (default 5) for its answer, which it prints.
#     Returns 0 when the watcher reports the rules in place (applied and read back),
#             1 when the watcher tried and the rules are NOT in place (it keeps retrying),
#             2 when no watcher took the request (none running, no answer in time, refused):
#               run `vifgate role ROLE` instead.
#
#   vifgate_role ROLE STATE_DIR BY TIMEOUT FALLBACK_COMMAND...
#     The fast path, and when it returns 2, FALLBACK_COMMAND (an argument vector, e.g.
#     /usr/bin/vifgate role active -c /etc/vifgate/vifgate.yaml --by heartbeat). Returns 0 only
#     when the rules are in place.
#
# Protocol (see org.vifgate.watch.Request): the agent takes a reply FIFO, opens it, writes one line
# "role ROLE REPLY_NAME BY DEADLINE_MICROSECONDS" to STATE_DIR/control, and reads one line back:
# "ok ...", "error ..." or "refused ...". The reply FIFO is one of the slots the watcher made ahead,
# STATE_DIR/reply.slot.<n>, claimed by creating reply.slot.<n>.claim exclusively (noclobber: one
# sender wins; the watcher removes the claim once it has answered or dropped the request); when
# every slot is taken, a FIFO of its own, STATE_DIR/reply.<pid>.<n>, made with mkfifo. Both FIFOs
# are opened read-write, which never blocks on Linux, so a watcher that is gone cannot hang the
# agent; a request left in the control FIFO after the agent gave up is dropped by the watcher (its
# deadline has passed). Needs bash 5 ($EPOCHREALTIME), and mkfifo/rm from coreutils when no slot
# is free.

vifgate_watch_role() {
  local role=${1-} dir=${2-} by=${3-} timeout=${4-5}
  local control pidfile pid reply='' slot rfd cfd answer now deadline status=2 sent=0
  local -a cmdline=()
  # Shell options set below (noclobber) are restored when this function returns.
  local -
  case $role in
    active | passive) ;;
    *)
      printf 'vifgate: unknown role %q (active or passive)\n' "$role" >&2
      return 2
      ;;
  esac
  if [[ ! $by =~ ^[A-Za-z0-9_.:@+-]{1,64}$ ]] || [[ ! $timeout =~ ^[1-9][0-9]{0,3}$ ]]; then
    printf 'vifgate: bad BY %q or TIMEOUT %q\n' "$by" "$timeout" >&2
    return 2
  fi
  if [[ $dir != /* || $dir == *[[:space:]]* ]]; then
    printf 'vifgate: the state directory must be an absolute path without spaces: %q\n' "$dir" >&2
    return 2
  fi
  control=$dir/control
  pidfile=$dir/watch.pid
  # No control FIFO: no watcher ever ran for this file. No pid file, or a pid that is not a
  # running `vifgate watch`: it is not running now (stopped, or killed and not yet restarted).
  [[ -p $control ]] || return 2
  { read -r pid <"$pidfile"; } 2>/dev/null || return 2
  [[ $pid =~ ^[1-9][0-9]{0,9}$ ]] || return 2
  { mapfile -d '' -t cmdline <"/proc/$pid/cmdline"; } 2>/dev/null || return 2
  [[ " ${cmdline[*]} " == *" watch "* ]] || return 2
  now=${EPOCHREALTIME-}
  now=${now//[!0-9]/}
  [[ $now =~ ^[0-9]{16,18}$ ]] || return 2
  deadline=$((10#$now + timeout * 1000000))

  # A slot costs no process; mkfifo costs about as much as the rest of the fast path.
  set -C
  for slot in "$dir"/reply.slot.[0-9]; do
    if [[ -p $slot ]] && { : >"$slot.claim"; } 2>/dev/null; then
      reply=$slot
      break
    fi
  done
  set +C
  if [[ -z $reply ]]; then
    reply=$dir/reply.$$.$RANDOM$RANDOM
    mkfifo -m 0600 -- "$reply" 2>/dev/null || return 2
  fi
  # The reply FIFO is open before the request goes out, so the answer cannot be missed.
  if { exec {rfd}<>"$reply"; } 2>/dev/null; then
    if { exec {cfd}<>"$control"; } 2>/dev/null; then
      printf 'role %s %s %s %s\n' "$role" "${reply##*/}" "$by" "$deadline" >&"$cfd" && sent=1
      exec {cfd}>&-
      if ((sent)) && IFS= read -r -t "$timeout" -u "$rfd" answer; then
        # The answer names the role it is about: one for another role (left in a slot by a
        # sender that was too slow to read it) is not this request's.
        case $answer in
          "ok $role" | "ok $role "*) status=0 ;;
          "error $role" | "error $role "*) status=1 ;;
          *) status=2 ;;
        esac
        printf 'vifgate watch: %s\n' "$answer"
      else
        printf 'vifgate watch: no answer within %ss\n' "$timeout"
      fi
    fi
    exec {rfd}<&-
  fi
  # The watcher removes a FIFO of the agent's own when it answers: it is left only when no answer
  # came. A slot stays, and so does its claim until the watcher has dealt with the request; a claim
  # whose request never went out is the agent's to remove.
  if [[ $reply == */reply.slot.[0-9] ]]; then
    ((sent)) || rm -f -- "$reply.claim"
  elif [[ -p $reply ]]; then
    rm -f -- "$reply"
  fi
  return "$status"
}

vifgate_role() {
  local role=${1-} dir=${2-} by=${3-} timeout=${4-} status
  if (($# < 5)); then
    printf 'vifgate_role: usage: vifgate_role ROLE STATE_DIR BY TIMEOUT FALLBACK_COMMAND...\n' >&2
    return 1
  fi
  shift 4
  vifgate_watch_role "$role" "$dir" "$by" "$timeout"
  status=$?
  if ((status != 2)); then
    return "$status"
  fi
  "$@"
}
