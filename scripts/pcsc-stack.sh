#!/usr/bin/env bash
# The PC/SC test stack: pcscd (run in the foreground mode, no systemd needed) with vsmartcard's vpcd
# reader driver, and cardsh-sim serving the virtual card in "Virtual PCD 00 00".
#
#   scripts/pcsc-stack.sh start            pcscd (unless one runs already) + cardsh-sim on port 35963
#   scripts/pcsc-stack.sh stop             stop what this script started (never a foreign pcscd)
#   scripts/pcsc-stack.sh status
#   scripts/pcsc-stack.sh start-pcscd | stop-pcscd | restart-pcscd
#   scripts/pcsc-stack.sh start-sim [ARGS] cardsh-sim ARGS (e.g. --port 35964 --atr 3B00); waits for the card
#   scripts/pcsc-stack.sh stop-sim [--port N]   one sim, or all sims this script started
#   scripts/pcsc-stack.sh fault [--port N] KIND[@N]... | clear   arm faults in a running sim (cardsh-sim --help)
#
# Environment: CARDSH_SIM (cardsh-sim binary; default .build/debug/cardsh-sim),
# CARDSH_PCSC_STATE (state directory; default /tmp/cardsh-pcsc-stack), CARDSH_PCSC_TIMEOUT (seconds, 10).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${CARDSH_PCSC_STATE:-/tmp/cardsh-pcsc-stack}
sim_binary=${CARDSH_SIM:-$root/.build/debug/cardsh-sim}
timeout=${CARDSH_PCSC_TIMEOUT:-10}
python=/usr/bin/python3 # Debian's python3-pyscard is built for this interpreter only.
mkdir -p "$state"

fail() {
    echo "pcsc-stack: $*" >&2
    exit 1
}

log_tail() {
    local file=$1
    if [[ -s "$file" ]]; then
        echo "--- last lines of $file:" >&2
        tail -n 20 "$file" >&2
    fi
}

# Alive and not a zombie (orphans are reaped late here, so kill -0 alone is not enough).
alive() {
    local pid=$1 stat
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ "${stat%% *}" != "Z" && "${stat%% *}" != "X" ]]
}

# The PID in a pid file if that process still runs the named program.
recorded_pid() {
    local file=$1 name=$2 pid
    [[ -f "$file" ]] || return 1
    pid=$(<"$file")
    if [[ -n "$pid" ]] && alive "$pid" && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$name"* ]]; then
        echo "$pid"
        return 0
    fi
    rm -f "$file"
    return 1
}

# SIGTERM, wait up to 5 s for a real exit, then SIGKILL.
stop_pid() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 100; i++)); do
        alive "$pid" || return 0
        sleep 0.05
    done
    echo "pcsc-stack: $pid ignored SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
        alive "$pid" || return 0
        sleep 0.05
    done
    fail "process $pid does not exit"
}

ensure_deps() {
    if ! command -v pcscd >/dev/null 2>&1 || [[ ! -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ]] \
        || ! "$python" -c 'import smartcard' >/dev/null 2>&1; then
        "$root/scripts/install-deps.sh"
    fi
}

foreign_pcscd() {
    local pid ours
    ours=$(recorded_pid "$state/pcscd.pid" pcscd || true)
    for pid in $(pgrep -x pcscd || true); do
        alive "$pid" || continue
        [[ "$pid" == "$ours" ]] && continue
        echo "$pid"
        return 0
    done
    return 1
}

# Waits until pcscd answers and READER is in STATE (present|empty). Uses pyscard's SCard API.
wait_reader() {
    local reader=$1 want=$2
    "$python" - "$reader" "$want" "$timeout" <<'PY'
import sys, time
from smartcard import scard
reader, want, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
deadline = time.monotonic() + limit
last = "pcscd not reachable"
while time.monotonic() < deadline:
    rv, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if rv != scard.SCARD_S_SUCCESS:
        last = "SCardEstablishContext: " + scard.SCardGetErrorMessage(rv)
        time.sleep(0.05)
        continue
    try:
        while time.monotonic() < deadline:
            rv, names = scard.SCardListReaders(ctx, [])
            if rv == scard.SCARD_S_SUCCESS and reader in names:
                rv, states = scard.SCardGetStatusChange(ctx, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
                if rv == scard.SCARD_S_SUCCESS:
                    flags = states[0][1]
                    present = bool(flags & scard.SCARD_STATE_PRESENT)
                    if (want == "present") == present:
                        sys.exit(0)
                    last = "reader %r has %s" % (reader, "a card" if present else "no card")
                    scard.SCardGetStatusChange(ctx, 100, [(reader, flags & ~scard.SCARD_STATE_CHANGED)])
                    continue
            last = "reader %r not listed (readers: %r)" % (reader, names if rv == 0 else [])
            time.sleep(0.05)
            if rv in (scard.SCARD_E_NO_SERVICE, scard.SCARD_F_COMM_ERROR):
                break
    finally:
        scard.SCardReleaseContext(ctx)
sys.stderr.write("pcsc-stack: timed out waiting for %s in %r: %s\n" % (want, reader, last))
sys.exit(1)
PY
}

start_pcscd() {
    ensure_deps
    if recorded_pid "$state/pcscd.pid" pcscd >/dev/null; then
        return 0
    fi
    if foreign_pcscd >/dev/null; then
        rm -f "$state/pcscd.pid"
        return 0
    fi
    # A pcscd that died without cleaning up leaves its socket and pid file behind.
    rm -f /run/pcscd/pcscd.comm /run/pcscd/pcscd.pid
    : >"$state/pcscd.log"
    setsid pcscd --foreground >>"$state/pcscd.log" 2>&1 </dev/null &
    local pid=$!
    echo "$pid" >"$state/pcscd.pid"
    local i
    for ((i = 0; i < timeout * 20; i++)); do
        [[ -S /run/pcscd/pcscd.comm ]] && return 0
        alive "$pid" || break
        sleep 0.05
    done
    log_tail "$state/pcscd.log"
    fail "pcscd did not start (log: $state/pcscd.log)"
}

stop_pcscd() {
    local pid
    if pid=$(recorded_pid "$state/pcscd.pid" pcscd); then
        stop_pid "$pid"
        rm -f "$state/pcscd.pid"
        return 0
    fi
    if pid=$(foreign_pcscd); then
        fail "pcscd $pid was not started by this script; not stopping it"
    fi
}

port_of() {
    local port=35963
    while (($#)); do
        case $1 in
        --port) port=$2; shift ;;
        --port=*) port=${1#--port=} ;;
        esac
        shift
    done
    echo "$port"
}

reader_of() {
    case $1 in
    35963) echo "Virtual PCD 00 00" ;;
    35964) echo "Virtual PCD 00 01" ;;
    *) echo "" ;;
    esac
}

start_sim() {
    [[ -x "$sim_binary" ]] || fail "no cardsh-sim at $sim_binary (run swift build, or set CARDSH_SIM)"
    local port reader pid
    port=$(port_of "$@")
    reader=$(reader_of "$port")
    if [[ -z "$(foreign_pcscd || true)" ]] && ! recorded_pid "$state/pcscd.pid" pcscd >/dev/null; then
        fail "pcscd is not running (use: $0 start)"
    fi
    stop_sim_port "$port"
    : >"$state/sim-$port.log"
    # Every sim started here takes fault requests on a socket (`fault` below); it costs nothing per APDU.
    setsid "$sim_binary" --fault-control "$state/sim-$port.control" "$@" >>"$state/sim-$port.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$state/sim-$port.pid"
    if [[ -n "$reader" ]] && ! wait_reader "$reader" present; then
        log_tail "$state/sim-$port.log"
        log_tail "$state/pcscd.log"
        fail "no card appeared in '$reader' within ${timeout}s"
    fi
}

stop_sim_port() {
    local port=$1 pid reader
    if pid=$(recorded_pid "$state/sim-$port.pid" cardsh-sim); then
        stop_pid "$pid"
        reader=$(reader_of "$port")
        # pcscd notices a card leaving within about 0.4 s; wait so the next step sees an empty reader.
        if [[ -n "$reader" && -S /run/pcscd/pcscd.comm ]]; then
            wait_reader "$reader" empty || fail "the card in '$reader' did not go away"
        fi
    fi
    rm -f "$state/sim-$port.pid"
}

# Sends one request to a sim's fault control socket and prints its answer (ok: ... / error: ...).
fault() {
    local port=35963
    if [[ "${1:-}" == --port ]]; then
        port=$2
        shift 2
    fi
    (($#)) || fail "fault: name a fault (KIND[@N], see cardsh-sim --help) or clear"
    recorded_pid "$state/sim-$port.pid" cardsh-sim >/dev/null || fail "no cardsh-sim of this script on port $port"
    "$python" - "$state/sim-$port.control" "$*" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
reply = s.makefile().read().strip()
print(reply)
sys.exit(0 if reply.startswith("ok") else 1)
PY
}

stop_sim() {
    local file
    if (($#)); then
        stop_sim_port "$(port_of "$@")"
        return 0
    fi
    for file in "$state"/sim-*.pid; do
        [[ -e "$file" ]] || continue
        file=${file##*/sim-}
        stop_sim_port "${file%.pid}"
    done
}

# After pcscd (re)starts, our cardsh-sims reconnect by themselves (backoff up to 1 s); wait for them.
wait_sims_present() {
    local file port reader
    for file in "$state"/sim-*.pid; do
        [[ -e "$file" ]] || continue
        port=${file##*/sim-}
        port=${port%.pid}
        reader=$(reader_of "$port")
        if [[ -n "$reader" ]] && recorded_pid "$file" cardsh-sim >/dev/null; then
            wait_reader "$reader" present || fail "cardsh-sim on port $port did not come back in '$reader'"
        fi
    done
}

status() {
    local pid file
    if pid=$(recorded_pid "$state/pcscd.pid" pcscd); then
        echo "pcscd: running, pid $pid (started by this script)"
    elif pid=$(foreign_pcscd); then
        echo "pcscd: running, pid $pid (not started by this script)"
    else
        echo "pcscd: not running"
    fi
    for file in "$state"/sim-*.pid; do
        [[ -e "$file" ]] || continue
        local port=${file##*/sim-}
        port=${port%.pid}
        if pid=$(recorded_pid "$file" cardsh-sim); then
            echo "cardsh-sim: port $port, pid $pid"
        fi
    done
    if [[ -S /run/pcscd/pcscd.comm ]]; then
        "$python" - <<'PY' || true
from smartcard import scard
rv, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
if rv == 0:
    rv, names = scard.SCardListReaders(ctx, [])
    for name in (names if rv == 0 else []):
        rv, states = scard.SCardGetStatusChange(ctx, 0, [(name, scard.SCARD_STATE_UNAWARE)])
        flags, atr = states[0][1], states[0][2]
        card = ("card " + "".join("%02X" % b for b in atr)) if flags & scard.SCARD_STATE_PRESENT else "empty"
        print("reader: %s: %s" % (name, card))
PY
    fi
}

command=${1:-}
shift || true
case $command in
start)
    start_pcscd
    start_sim "$@"
    ;;
stop)
    stop_sim
    stop_pcscd
    ;;
status) status ;;
start-pcscd)
    start_pcscd
    wait_sims_present
    ;;
stop-pcscd) stop_pcscd ;;
restart-pcscd)
    if pid=$(foreign_pcscd); then
        fail "pcscd $pid was not started by this script; not restarting it"
    fi
    stop_pcscd
    start_pcscd
    wait_sims_present
    ;;
start-sim) start_sim "$@" ;;
stop-sim) stop_sim "$@" ;;
fault) fault "$@" ;;
*)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
