"""The same script as cardsh and scriptor replay, as a plain pyscard loop (Debian's python3-pyscard).

Usage: /usr/bin/python3 pyscard_loop.py READER SCRIPT
SCRIPT: one APDU in hex per line ('#' lines and blank lines skipped). Connects with pyscard's high-level API,
sends each APDU and prints its response (data and status word in hex), one line each. Exit status 1 if a
response has no status word.
"""
import sys

from smartcard.System import readers

name, path = sys.argv[1], sys.argv[2]
with open(path) as script:
    apdus = [bytes.fromhex(line) for line in (raw.strip() for raw in script) if line and not line.startswith("#")]
reader = [r for r in readers() if str(r) == name][0]
connection = reader.createConnection()
connection.connect()
out = sys.stdout
for apdu in apdus:
    data, sw1, sw2 = connection.transmit(list(apdu))
    out.write("%s %02X%02X\n" % (bytes(data).hex().upper(), sw1, sw2))
connection.disconnect()
