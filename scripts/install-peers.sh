#!/usr/bin/env bash
# Installs the independent peers the end-to-end tests check cardsh-sim against: Yubico's yubikit
# (PyPI yubikey-manager) in a venv at .venv-peers, on Debian's python3 with its python3-pyscard.
# Idempotent: quick when the venv already has the package.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${CARDSH_PEERS_VENV:-$root/.venv-peers}
version=5.9.2

if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "import ykman, yubikit, smartcard" 2>/dev/null; then
    exit 0
fi
"$root/scripts/install-deps.sh"
echo "install-peers: creating $venv with yubikey-manager $version" >&2
# --system-site-packages: Debian's python3-pyscard serves as pyscard (no compiler needed).
/usr/bin/python3 -m venv --system-site-packages "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "yubikey-manager==$version" </dev/null
"$venv/bin/python" -c "import ykman, yubikit, smartcard"
