/// A BER-TLV data object: a tag and either bytes or nested data objects.
public struct TLV: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        case primitive([UInt8])
        case constructed([TLV])
    }

    public var tag: BERTag
    public var value: Value

    public init(tag: BERTag, value: Value) {
        self.tag = tag
        self.value = value
    }

    public init(tag: BERTag, bytes: [UInt8]) { self.init(tag: tag, value: .primitive(bytes)) }
    public init(tag: BERTag, children: [TLV]) { self.init(tag: tag, value: .constructed(children)) }

    /// The children of a constructed object; empty for a primitive one.
    public var children: [TLV] {
        if case .constructed(let c) = value { return c }
        return []
    }

    /// The value bytes as encoded (children re-encoded for a constructed object).
    public var valueBytes: [UInt8] {
        switch value {
        case .primitive(let b): return b
        case .constructed(let c): return c.flatMap { $0.encoded() }
        }
    }

    /// The first object with `tag` in a depth-first walk of this object and its descendants.
    public func first(_ tag: BERTag) -> TLV? {
        if self.tag == tag { return self }
        for child in children {
            if let hit = child.first(tag) { return hit }
        }
        return nil
    }
}

extension Array where Element == TLV {
    /// The first object with `tag` in a depth-first walk of these objects.
    public func first(_ tag: BERTag) -> TLV? {
        for item in self {
            if let hit = item.first(tag) { return hit }
        }
        return nil
    }
}

/// Why bytes are not valid BER-TLV; offsets count from the first byte of the decoded buffer.
public enum TLVError: Error, Equatable, Sendable {
    case truncatedTag(offset: Int)
    /// A tag longer than four bytes.
    case tagTooLong(offset: Int)
    case truncatedLength(offset: Int)
    /// Length byte 80: the indefinite form, which ISO 7816-4 does not use.
    case indefiniteLength(offset: Int)
    /// A long-form length with more than four length bytes, or one that cannot be a real length.
    case unsupportedLength(offset: Int, lengthBytes: Int)
    /// The value is shorter than its length field says.
    case valueTruncated(offset: Int, declared: Int, available: Int)
    /// Constructed objects nested deeper than the decoder allows.
    case nestingTooDeep(offset: Int, limit: Int)
}
