import CardCore
import CardCrypto
import SecureChannel
import Testing

@testable import CardshEngine

/// What a person reads when SCP11 fails: one sentence per case, naming the next step.
@Suite struct SCP11ErrorTextTests {
    static let table: [(SCP11Error, String)] = [
        (.missingOCEKey(variant: .a), "SCP11a needs the OCE private key (--oce-key FILE)."),
        (.missingOCECertificates(variant: .c), "SCP11c needs the OCE certificate chain (--oce-cert FILE)."),
        (.unsupportedKeyLength(20), "session keys are AES-128, -192 or -256 (--aes 128|192|256); got 160 bits."),
        (
            .unsupportedLevel(.cmac),
            "SCP11 offers the levels cmac+rmac and cmac+cdec+rmac+renc only (GP Amd F §7.6.2.3)."
        ),
        (
            .curveMismatch(expected: .p256, actual: .p384),
            "the OCE key is on P-384 but the card's SD key is on P-256; use an OCE key and certificate on P-256."
        ),
        (
            .performSecurityOperationFailed(index: 0, sw: StatusWord(rawValue: 0x6985)),
            "the card refused OCE certificate 1 (PERFORM SECURITY OPERATION: 6985 checking error, conditions of use "
                + "not satisfied). The card has no OCE trust anchor for this key version (--oce-kvn)."
        ),
        (
            .authenticateFailed(variant: .b, sw: StatusWord(rawValue: 0x6A88)),
            "INTERNAL AUTHENTICATE: 6A88 (checking error, referenced data or reference data not found). "
                + "No SD key with this KID and KVN: `gp keys` lists them."
        ),
        (
            .authenticateFailed(variant: .a, sw: StatusWord(rawValue: 0x6985)),
            "MUTUAL AUTHENTICATE: 6985 (checking error, conditions of use not satisfied). "
                + "The card has no verified OCE certificate for this session."
        ),
        (
            .malformed(field: .receipt, offset: 67),
            "the card's answer has a missing or malformed 86 data object at byte 67 (GP Amd F §7.6.2.4)."
        ),
        (
            .invalidCardEphemeralKey(curve: .p256, length: 64),
            "the card's ephemeral key (64 bytes) is not a point on P-256."
        ),
        (
            .certificate(.expired(index: 0, subject: "/CN=SD", notAfter: 0, time: 86_400)),
            "SD certificate chain: the SD certificate (/CN=SD) expired on 1970-01-01 (now 1970-01-02)."
        ),
        (
            .certificate(.wrongKeyUsage(index: 1, subject: "/CN=CA", required: 4, actual: 8)),
            "SD certificate chain: certificate 1 above the SD's (/CN=CA) has key usage 0x8, lacking 0x4."
        ),
        (.certificate(.emptyChain), "SD certificate chain: the card returned no certificate."),
    ]

    @Test(arguments: table.indices)
    func text(_ index: Int) {
        let (error, expected) = Self.table[index]
        #expect(ErrorText.secureChannel(.scp11(error)) == expected)
    }
}
