#!/usr/bin/env bash
# `make bench`: builds the release binaries and the C helpers, takes the PC/SC stack lock (one pcscd per machine;
# the end-to-end tests take the same lock), starts pcscd + vpcd + the release cardsh-sim, runs Bench/bench.py
# and stops what it started. Arguments go to bench.py (e.g. --apdus 100 --soak 400 for a quick check;
# --only soak for `make soak`). The report is also written to .build/bench/results.txt.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
lock=/tmp/cardsh-pcsc-stack.lock
tools=.build/bench

if [[ "${1:-}" == "--locked" ]]; then
    shift
    export CARDSH_SIM=$root/.build/release/cardsh-sim
    trap 'scripts/pcsc-stack.sh stop || true' EXIT
    scripts/pcsc-stack.sh start
    /usr/bin/python3 Bench/bench.py --results "$tools/results.txt" "$@"
    exit
fi

scripts/install-deps.sh
scripts/install-peers.sh
# As `make release` and `make install` build them: the Swift runtime linked statically.
for product in cardsh cardsh-sim cardsh-bench; do
    swift build -c release --static-swift-stdlib --product "$product"
done
mkdir -p "$tools"
cc -O2 -Wall -Wextra -o "$tools/bare_transmit" Bench/bare_transmit.c $(pkg-config --cflags --libs libpcsclite)
cc -O2 -Wall -Wextra -o "$tools/launch_time" Bench/launch_time.c
if ! flock -n "$lock" true; then
    echo "bench: waiting for the PC/SC stack lock ($lock): another test or benchmark run uses pcscd" >&2
fi
# -o: the lock is not inherited by pcscd and cardsh-sim, so it ends with this run.
exec flock -o "$lock" "$0" --locked "$@"
