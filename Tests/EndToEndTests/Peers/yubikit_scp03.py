"""Yubico's yubikit as an independent SCP03 client (off-card entity) against a card in a PC/SC reader.

Usage: yubikit_scp03.py READER
Opens SCP03 with the GlobalPlatform default keys (key version 0: the card's first), then under the channel
reads CPLC (GET DATA 9F7F), the key information template (GET DATA E0) and the registry (GET STATUS),
and prints one line per result. Exits non-zero with the exception on any failure.
"""
import sys

from smartcard.System import readers
from ykman.pcsc import ScardSmartCardConnection
from yubikit.core.smartcard import ApduError
from yubikit.core.smartcard.scp import KeyRef, Scp03KeyParams, ScpKid, StaticKeys
from yubikit.securitydomain import SecurityDomainSession

name = sys.argv[1]
reader = [r for r in readers() if str(r) == name][0]
# The connection is opened here, not by ykman's device helpers (they may end other processes on failure).
connection = ScardSmartCardConnection(reader.createConnection())
session = SecurityDomainSession(connection)
session.authenticate(Scp03KeyParams(ref=KeyRef(ScpKid.SCP03, 0), keys=StaticKeys.default()))
print("AUTHENTICATED")
print("CPLC " + session.get_data(0x9F7F).hex().upper())
print("KEYINFO " + session.get_data(0x00E0).hex().upper())
# GET STATUS of applications, E3 format; 6310 means more entries: ask for the next occurrence
# (GP CS v2.3.1 §11.4.2), as yubikit itself has no GET STATUS.
status, p2 = b"", 0x02
while True:
    try:
        status += session.protocol.send_apdu(0x80, 0xF2, 0x40, p2, bytes.fromhex("4F00"))
        break
    except ApduError as e:
        if e.sw != 0x6310:
            raise
        status, p2 = status + e.data, 0x03
print("STATUS " + status.hex().upper())
connection.close()
