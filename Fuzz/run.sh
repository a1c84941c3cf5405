#!/bin/sh
# Builds one libFuzzer target, then fuzzes it.
# Usage: Fuzz/run.sh TARGET [SECONDS] [LIBFUZZER OPTIONS...]   (default 30 seconds)
#   Fuzz/run.sh --list           prints the targets, one a line
#   Fuzz/run.sh --build TARGET   builds only (prints the binary's path)
# A target is Fuzz/<Name>Fuzz.swift compiled in one module with the sources of the module it tests (so it can
# reach internal API); the modules that module imports are built first, once, into .build-fuzz/modules, and
# every module gets coverage and AddressSanitizer instrumentation. CardCrypto links OpenSSL (libcrypto) through
# the module map in Sources/COpenSSL.
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

# name of the entry file, module under test, modules it imports (built first, in this order)
case "$target" in
    tlv) entry=TLVFuzz.swift module=CardCore deps="" ;;
    apdu) entry=APDUFuzz.swift module=CardCore deps="" ;;
    atr) entry=ATRFuzz.swift module=CardCore deps="" ;;
    hex) entry=HexFuzz.swift module=CardCore deps="" ;;
    gp) entry=GPFuzz.swift module=CardCore deps="" ;;
    language) entry=LanguageFuzz.swift module=CardshLanguage deps="" ;;
    cert) entry=CertificateFuzz.swift module=CardCrypto deps="CardCore" ;;
    scp03) entry=SCP03Fuzz.swift module=SecureChannel deps="CardCore CardCrypto" ;;
    scp11) entry=SCP11Fuzz.swift module=SecureChannel deps="CardCore CardCrypto" ;;
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

# Builds a dependency module (object file + swiftmodule) unless it is newer than all of its sources.
build_module() {
    name=$1
    object="$modules/$name.o"
    if [ -f "$object" ] && [ -z "$(find "$root/Sources/$name" -name '*.swift' -newer "$object")" ]; then
        return 0
    fi
    # shellcheck disable=SC2046,SC2086
    swiftc $flags -wmo -module-name "$name" -emit-module -emit-module-path "$modules/$name.swiftmodule" \
        -c $(module_sources "$name") -o "$object" 2>"$modules/$name-build.log" || {
        cat "$modules/$name-build.log" >&2
        exit 1
    }
}

objects=""
for dep in $deps; do
    build_module "$dep"
    objects="$objects $modules/$dep.o"
done

# shellcheck disable=SC2046,SC2086
swiftc $flags -module-name "${module}Fuzz" $(module_sources "$module") "$root/Fuzz/$entry" $objects -lcrypto \
    -o "$out/$target-fuzz" 2>"$out/$target-build.log" || {
    cat "$out/$target-build.log" >&2
    exit 1
}
if $build_only; then
    echo "$out/$target-fuzz"
    exit 0
fi

# A trapping Swift program would otherwise start swift-backtrace, which can hang here.
# shellcheck disable=SC2086
SWIFT_BACKTRACE=enable=no exec "$out/$target-fuzz" -max_total_time="$seconds" -max_len=4096 \
    -artifact_prefix="$out/$target-crash-" "$@" "$out/corpus-$target" "$root/Fuzz/corpus/$target"
