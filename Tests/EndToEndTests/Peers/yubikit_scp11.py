"""Yubico's yubikit as an independent SCP11 client (off-card entity) against a card in a PC/SC reader.

Usage: yubikit_scp11.py READER a|b|c [PKI_DIR]
Reads the SD certificate chain with yubikit's get_certificate_bundle (GET DATA BF21), checks it against
PKI_DIR/ca.pem when given, opens SCP11 (a and c upload PKI_DIR/oce.pem and use PKI_DIR/oce.key), then under
the channel reads CPLC (GET DATA 9F7F) and the key information template (GET DATA E0). Prints one line per
result; exits non-zero with the exception on any failure.
"""
import sys

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from smartcard.System import readers
from ykman.pcsc import ScardSmartCardConnection
from yubikit.core.smartcard.scp import KeyRef, Scp11KeyParams, ScpKid
from yubikit.securitydomain import SecurityDomainSession

name, variant = sys.argv[1], sys.argv[2]
pki = sys.argv[3] if len(sys.argv) > 3 else None
kid = {"a": ScpKid.SCP11a, "b": ScpKid.SCP11b, "c": ScpKid.SCP11c}[variant]

reader = [r for r in readers() if str(r) == name][0]
# The connection is opened here, not by ykman's device helpers (they may end other processes on failure).
connection = ScardSmartCardConnection(reader.createConnection())
session = SecurityDomainSession(connection)

keys = session.get_key_information()
kvn = [ref.kvn for ref in keys if ref.kid == kid][0]
print("KVN %02X" % kvn)
chain = session.get_certificate_bundle(KeyRef(kid, kvn))
print("CHAIN " + " | ".join(c.subject.rfc4514_string() for c in chain))
leaf = chain[-1]
if pki:
    with open(pki + "/ca.pem", "rb") as f:
        ca = x509.load_pem_x509_certificate(f.read())
    issuer = ca
    for certificate in chain:
        issuer.public_key().verify(
            certificate.signature,
            certificate.tbs_certificate_bytes,
            ec.ECDSA(certificate.signature_hash_algorithm),
        )
        issuer = certificate
    print("CHAIN-VERIFIED")

params = {"ref": KeyRef(kid, kvn), "pk_sd_ecka": leaf.public_key()}
if variant in ("a", "c"):
    with open(pki + "/oce.pem", "rb") as f:
        blocks = f.read().split(b"-----END CERTIFICATE-----")
        params["certificates"] = [
            x509.load_pem_x509_certificate(b + b"-----END CERTIFICATE-----\n") for b in blocks if b.strip()
        ]
    with open(pki + "/oce.key", "rb") as f:
        params["sk_oce_ecka"] = serialization.load_pem_private_key(f.read(), password=None)
    assert isinstance(params["sk_oce_ecka"], ec.EllipticCurvePrivateKey)
    params["oce_ref"] = KeyRef(0x10, kvn)
session.authenticate(Scp11KeyParams(**params))
print("AUTHENTICATED")
print("CPLC " + session.get_data(0x9F7F).hex().upper())
print("KEYINFO " + session.get_data(0x00E0).hex().upper())
connection.close()
