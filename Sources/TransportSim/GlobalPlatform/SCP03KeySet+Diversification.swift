import CardCore
import SecureChannel

extension SCP03KeySet {
    /// A key set holding the card keys derived from one master key with a diversification scheme and the
    /// card's key diversification data, as a personalised card would (GP CS v2.3.1 §E.4.1.1).
    ///
    /// Returns nil when the master key does not fit the scheme or `kdd` is not 10 bytes.
    public static func diversified(
        kvn: UInt8, master: SecretBytes, scheme: Diversification.Scheme,
        kdd: [UInt8] = SCP03Responder.defaultKeyDiversificationData, iParameter: UInt8 = 0x70
    ) -> SCP03KeySet? {
        guard let masters = try? SCP03StaticKeys(all: master),
            let keys = try? Diversification.diversify(masters, scheme: scheme, kdd: kdd)
        else { return nil }
        return SCP03KeySet(kvn: kvn, enc: keys.enc, mac: keys.mac, dek: keys.dek, iParameter: iParameter)
    }
}
