#!/bin/sh
# Builds one libFuzzer target from Sources/CardCore and Fuzz/<Target>Fuzz.swift, then fuzzes it.
# Usage: Fuzz/run.sh tlv|apdu|atr|hex [SECONDS]   (default 30)
# New inputs go to .build-fuzz/corpus-TARGET; the committed seeds in Fuzz/corpus/TARGET are read only.
# Crashes are written to .build-fuzz/TARGET-crash-*; add a fixed one to Fuzz/corpus/TARGET.
set -eu

target=${1:-}
seconds=${2:-30}
case "$target" in
    tlv) source=TLVFuzz.swift ;;
    apdu) source=APDUFuzz.swift ;;
    atr) source=ATRFuzz.swift ;;
    hex) source=HexFuzz.swift ;;
    *) echo "usage: $0 tlv|apdu|atr|hex [SECONDS]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.build-fuzz"
mkdir -p "$out/corpus-$target"

# Every CardCore source, subfolders included (paths without spaces).
sources=$(find "$root/Sources/CardCore" -name '*.swift' | sort)
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -parse-as-library -O -swift-version 6 -module-name CardCoreFuzz \
    $sources "$root/Fuzz/$source" -o "$out/$target-fuzz" 2>"$out/$target-build.log" || {
    cat "$out/$target-build.log" >&2
    exit 1
}

# A trapping Swift program would otherwise start swift-backtrace, which can hang here.
SWIFT_BACKTRACE=enable=no exec "$out/$target-fuzz" -max_total_time="$seconds" -max_len=4096 \
    -artifact_prefix="$out/$target-crash-" "$out/corpus-$target" "$root/Fuzz/corpus/$target"
