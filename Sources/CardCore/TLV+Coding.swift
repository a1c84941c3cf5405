extension TLV {
    /// Deepest nesting of constructed objects the decoder follows.
    public static let maximumDepth = 64

    /// Decodes every data object in `bytes`, skipping 00/FF padding between them (ISO 7816-4 §5.2.2).
    ///
    /// A byte FF counts as padding only when it ends the buffer or is followed by 00 or FF, so that
    /// private-class tags such as GlobalPlatform's FF21 still decode.
    /// - Throws: `TLVError` with the offset of the object that could not be read.
    public static func decodeAll(_ bytes: [UInt8]) throws(TLVError) -> [TLV] {
        var input = bytes[...]
        return try decodeSequence(&input, base: 0, depth: 0)
    }

    /// Decodes exactly one data object from the front of `input`, consuming it.
    public static func decode(_ input: inout ArraySlice<UInt8>) throws(TLVError) -> TLV {
        try decodeOne(&input, base: input.startIndex, depth: 0)
    }

    private static func decodeSequence(_ input: inout ArraySlice<UInt8>, base: Int, depth: Int)
        throws(TLVError) -> [TLV]
    {
        var items: [TLV] = []
        let origin = input.startIndex
        while let b = input.first {
            if b == 0x00 || (b == 0xFF && isPaddingFF(input)) {
                input = input.dropFirst()
                continue
            }
            items.append(try decodeOne(&input, base: base + (input.startIndex - origin), depth: depth))
        }
        return items
    }

    private static func isPaddingFF(_ input: ArraySlice<UInt8>) -> Bool {
        let next = input.index(after: input.startIndex)
        return next == input.endIndex || input[next] == 0x00 || input[next] == 0xFF
    }

    private static func decodeOne(_ input: inout ArraySlice<UInt8>, base: Int, depth: Int) throws(TLVError) -> TLV {
        let origin = input.startIndex
        let tag = try BERTag.decode(&input, base: base)
        let lengthOffset = base + (input.startIndex - origin)
        guard let first = input.first else { throw .truncatedLength(offset: lengthOffset) }
        input = input.dropFirst()
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else if first == 0x80 {
            throw .indefiniteLength(offset: lengthOffset)
        } else {
            let count = Int(first & 0x7F)
            guard count <= 4 else { throw .unsupportedLength(offset: lengthOffset, lengthBytes: count) }
            guard input.count >= count else { throw .truncatedLength(offset: lengthOffset) }
            for b in input.prefix(count) { length = length << 8 | Int(b) }
            input = input.dropFirst(count)
        }
        let valueOffset = base + (input.startIndex - origin)
        guard input.count >= length else {
            throw .valueTruncated(offset: base, declared: length, available: input.count)
        }
        let valueEnd = input.startIndex + length
        var valueSlice = input[input.startIndex..<valueEnd]
        input = input[valueEnd...]
        if tag.isConstructed {
            guard depth < maximumDepth else { throw .nestingTooDeep(offset: base, limit: maximumDepth) }
            let children = try decodeSequence(&valueSlice, base: valueOffset, depth: depth + 1)
            return TLV(tag: tag, value: .constructed(children))
        }
        return TLV(tag: tag, value: .primitive(Array(valueSlice)))
    }

    /// Tag, minimal definite length, value.
    public func encoded() -> [UInt8] {
        let v = valueBytes
        return tag.bytes + TLV.encodeLength(v.count) + v
    }

    /// The definite-form length field for `length` bytes, shortest form (ISO/IEC 8825-1 §8.1.3).
    public static func encodeLength(_ length: Int) -> [UInt8] {
        precondition(length >= 0)
        if length < 0x80 { return [UInt8(length)] }
        var b: [UInt8] = []
        var v = length
        while v > 0 {
            b.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        }
        return [0x80 | UInt8(b.count)] + b
    }
}
