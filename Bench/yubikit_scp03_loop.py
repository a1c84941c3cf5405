"""Yubico's yubikit as the SCP03 host, for the secure-channel cost comparison.

Usage: .venv-peers/bin/python yubikit_scp03_loop.py READER APDUS
Opens the reader with pyscard, selects the ISD through yubikit's SecurityDomainSession, then sends APDUS
commands in plain, opens SCP03 (GP default keys; yubikit always asks for C-MAC+C-DEC+R-MAC+R-ENC) and sends
the same commands under the channel. The commands alternate GET STATUS of applications (data 4F00; the card
answers 6310 with the first entries) and GET DATA CPLC. Prints `key value` lines: the mean microseconds per
APDU of each loop, timed inside this process (start-up, select and the handshake excluded).
"""
import sys
import time

from smartcard.System import readers
from ykman.pcsc import ScardSmartCardConnection
from yubikit.core.smartcard import ApduError
from yubikit.core.smartcard.scp import KeyRef, Scp03KeyParams, ScpKid, StaticKeys
from yubikit.securitydomain import SecurityDomainSession

name, count = sys.argv[1], int(sys.argv[2])
reader = [r for r in readers() if str(r) == name][0]
# The connection is opened here, not by ykman's device helpers (they may end other processes on failure).
connection = ScardSmartCardConnection(reader.createConnection())
session = SecurityDomainSession(connection)


def loop():
    send = session.protocol.send_apdu
    answered = 0
    start = time.perf_counter()
    for i in range(count):
        if i & 1:
            answered += len(send(0x80, 0xCA, 0x9F, 0x7F))
        else:
            try:
                answered += len(send(0x80, 0xF2, 0x40, 0x02, b"\x4f\x00"))
            except ApduError as e:
                if e.sw != 0x6310:
                    raise
                answered += len(e.data)
    elapsed = time.perf_counter() - start
    if answered == 0:
        raise SystemExit("no data in any response")
    return elapsed * 1e6 / count


plain = loop()
session.authenticate(Scp03KeyParams(ref=KeyRef(ScpKid.SCP03, 0), keys=StaticKeys.default()))
secured = loop()
connection.close()
print("yubikit.plain_us_per_apdu %.3f" % plain)
print("yubikit.scp03_us_per_apdu %.3f" % secured)
