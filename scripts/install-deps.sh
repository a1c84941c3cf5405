#!/usr/bin/env bash
# Installs the Debian packages cardsh needs to build and to run its PC/SC end-to-end tests.
# Idempotent: when everything is present it only asks dpkg and exits. Runs as root with no stdin;
# elsewhere it uses sudo when that is available.
set -euo pipefail

packages=(
    pcscd libpcsclite-dev libccid vsmartcard-vpcd pcsc-tools opensc
    libedit-dev libssl-dev pkg-config tmux python3-pyscard python3-venv groff-base
    gcc # make bench: the bare SCardTransmit loop and the launch timer (Bench/*.c)
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
        sudo_cmd=(sudo -n)
    else
        echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q </dev/null
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null
