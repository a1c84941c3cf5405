#!/bin/sh
# Builds one libFuzzer target, then fuzzes it.
# Usage: Fuzz/run.sh TARGET [SECONDS] [LIBFUZZER OPTIONS...]   (default 30 seconds)
#   Fuzz/run.sh --list           prints the targets, one a line
#   Fuzz/run.sh --build TARGET   builds only (prints the binary's path)
# A target is Fuzz/<Name>Fuzz.swift compiled in one module with the sources of the module it tests (so it can
# reach internal API) and, for the newer targets, the checks in Tests/<TestTarget>/FuzzHarness that the corpus
# replay tests share (built with FUZZING defined, so they skip `@testable import`). The modules that module
# imports are built first, once, into .build-fuzz/modules. Every module gets coverage and AddressSanitizer
# instrumentation (OpenSSL itself does not). CardCrypto links libcrypto through the module map in Sources/COpenSSL.
# New inputs go to .build-fuzz/corpus-TARGET; the committed seeds in Fuzz/corpus/TARGET are read only.
# Crashes are written to .build-fuzz/TARGET-crash-*; add a fixed one to Fuzz/corpus/TARGET.
set -eu

targets="tlv apdu atr hex gp language cert scp03 scp11"
if [ "${1:-}" = "--list" ]; then
    for target in $targets; do echo "$target"; done
    exit 0
fi
build_only=false
if [ "${1:-}" = "--build" ]; then
    build_only=true
    shift
fi
target=${1:-}
seconds=${2:-30}
[ $# -ge 2 ] && shift 2 || shift $#

# entry file, module under test, modules it imports (built first, in this order), the test folder whose checks the
# corpus replay test shares (compiled in)
case "$target" in
    tlv) entry=TLVFuzz.swift module=CardCore deps="" harness="" ;;
    apdu) entry=APDUFuzz.swift module=CardCore deps="" harness="" ;;
    atr) entry=ATRFuzz.swift module=CardCore deps="" harness="" ;;
    hex) entry=HexFuzz.swift module=CardCore deps="" harness="" ;;
    gp) entry=GPFuzz.swift module=CardCore deps="" harness="" ;;
    language) entry=LanguageFuzz.swift module=CardshLanguage deps="" harness=CardshLanguageTests ;;
    cert) entry=CertificateFuzz.swift module=CardCrypto deps="CardCore" harness=CardCryptoTests ;;
    scp03) entry=SCP03Fuzz.swift module=SecureChannel deps="CardCore CardCrypto" harness=SecureChannelTests ;;
    scp11) entry=SCP11Fuzz.swift module=SecureChannel deps="CardCore CardCrypto" harness=SecureChannelTests ;;
    *) echo "usage: $0 [--build] $(echo "$targets" | tr ' ' '|') [SECONDS [OPTIONS...]]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.build-fuzz"
modules="$out/modules"
mkdir -p "$out/corpus-$target" "$modules"
flags="-sanitize=fuzzer,address -parse-as-library -O -swift-version 6 -I $modules -I $root/Sources/COpenSSL"

# Every source of a module, subfolders included (paths without spaces).
module_sources() {
    find "$root/Sources/$1" -name '*.swift' | sort
}

# Builds a dependency module (object file + swiftmodule) unless it is newer than all of its sources and no module
# before it was rebuilt.
rebuilt=false
build_module() {
    name=$1
    object="$modules/$name.o"
    if ! $rebuilt && [ -f "$object" ] && [ -z "$(find "$root/Sources/$name" -name '*.swift' -newer "$object")" ]; then
        return 0
    fi
    rebuilt=true
    # shellcheck disable=SC2046,SC2086
    swiftc $flags -wmo -module-name "$name" -emit-module -emit-module-path "$modules/$name.swiftmodule" \
        -c $(module_sources "$name") -o "$object" 2>"$modules/$name-build.log" || {
        cat "$modules/$name-build.log" >&2
        exit 1
    }
    # swiftc leaves an unchanged object file untouched; its time marks the build.
    touch "$object"
}

objects=""
for dep in $deps; do
    build_module "$dep"
    objects="$objects $modules/$dep.o"
done

harness_sources=""
[ -n "$harness" ] && harness_sources=$(find "$root/Tests/$harness/FuzzHarness" -name '*.swift' | sort)
# shellcheck disable=SC2046,SC2086
swiftc $flags -D FUZZING -module-name "${module}Fuzz" $(module_sources "$module") $harness_sources "$root/Fuzz/$entry" \
    $objects -lcrypto \
    -o "$out/$target-fuzz" 2>"$out/$target-build.log" || {
    cat "$out/$target-build.log" >&2
    exit 1
}
if $build_only; then
    echo "$out/$target-fuzz"
    exit 0
fi

# A trapping Swift program would otherwise start swift-backtrace, which can hang here. libFuzzer's output goes to
# .build-fuzz/TARGET.log; the final statistics line is printed, or the end of the log after a crash.
log="$out/$target.log"
echo "fuzzing $target for $seconds s (log: $log)"
echo "fuzz seconds: $seconds" >"$log"
status=0
# shellcheck disable=SC2086
SWIFT_BACKTRACE=enable=no "$out/$target-fuzz" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$out/$target-crash-" "$@" "$out/corpus-$target" "$root/Fuzz/corpus/$target" >>"$log" 2>&1 ||
    status=$?
if [ "$status" -ne 0 ]; then
    grep -v 'Cannot export local symbol' "$log" | tail -n 60 >&2
    echo "$target: libFuzzer stopped with status $status; the input is in $out/$target-crash-*" >&2
    exit "$status"
fi
grep 'DONE  *cov:' "$log" | tail -n 1
