import CardCore
import CardCrypto

/// Reading the SD certificate chain of an SCP11 key (GP Amd F §7.4: GET DATA BF21).
public enum SCP11CertificateStore {
    /// GET DATA BF21 with the key reference A6 { 83 KID KVN } and Le 00.
    public static func getDataCommand(kid: UInt8, kvn: UInt8, cla: UInt8 = 0x00) -> CommandAPDU {
        let data = TLV(tag: BERTag(0xA6), children: [TLV(tag: BERTag(0x83), bytes: [kid, kvn])]).encoded()
        guard let command = try? CommandAPDU(cla: cla, ins: 0xCA, p1: 0xBF, p2: 0x21, data: data, ne: 256) else {
            preconditionFailure("a 6-byte GET DATA always fits")
        }
        return command
    }

    /// Parses the (complete, after GET RESPONSE) answer into certificates, anchor side first, leaf last.
    /// - Throws: `.scp11(.certificateRetrievalFailed)` for a non-9000 SW, `.scp11(.certificate)` for bad content.
    public static func certificates(from response: ResponseAPDU) throws(SecureChannelError) -> [SCP11Certificate] {
        guard response.sw == .success else { throw .scp11(.certificateRetrievalFailed(sw: response.sw)) }
        do {
            return try SCP11Certificate.parseBundle(response.data)
        } catch {
            if case .certificate(let reason) = error { throw .scp11(.certificate(reason)) }
            throw .crypto(error)
        }
    }

    /// Verifies a retrieved chain against the card issuer's trust anchor (CA-KLOC public key) at `time`
    /// (seconds since 1970-01-01 UTC) and returns PK.SD.ECKA.
    /// - Throws: `.scp11(.certificate(...))` naming the failing certificate.
    public static func verify(
        _ chain: [SCP11Certificate], trustAnchor: ECPublicKey, at time: Int64
    ) throws(SecureChannelError) -> ECPublicKey {
        do {
            return try SCP11Certificate.verifyChain(chain, trustAnchor: trustAnchor, at: time)
        } catch {
            if case .certificate(let reason) = error { throw .scp11(.certificate(reason)) }
            throw .crypto(error)
        }
    }
}
