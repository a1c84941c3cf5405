/// Why a GlobalPlatform data object could not be decoded; offsets count from the first byte given.
public enum GPDataError: Error, Equatable, Sendable {
    /// The bytes are not BER-TLV.
    case tlv(TLVError)
    /// A fixed-size object or field has the wrong number of bytes.
    case wrongLength(tag: BERTag, offset: Int, expected: Int, actual: Int)
    /// A field runs past the end of its container.
    case truncated(offset: Int, needed: Int, available: Int)
    /// A mandatory data object is absent.
    case missingTag(BERTag, within: BERTag?)
    /// The outer data object is not the one this decoder reads.
    case unexpectedTag(offset: Int, expected: BERTag, actual: BERTag)
}
