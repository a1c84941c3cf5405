extension TLV {
    /// `(try? decodeAll(bytes))?.first(tag)?.valueBytes`: the value of the first object with `tag` in a depth-first
    /// walk, nil when there is none or when `bytes` are not valid BER-TLV. A primitive object is found by walking
    /// the bytes without building the tree (the shell does this for every SELECT it sends).
    public static func firstValue(_ tag: BERTag, in bytes: [UInt8]) -> [UInt8]? {
        var scan = FirstValueScan(target: tag.bytes)
        let valid = bytes.withUnsafeBufferPointer { scan.sequence($0, from: 0, to: $0.count, depth: 0) }
        guard valid else { return nil }
        switch scan.found {
        case nil: return nil
        case .primitive(let range): return Array(bytes[range])
        // A constructed value is its children encoded again, padding dropped: decode it the usual way.
        case .constructed: return (try? decodeAll(bytes))?.first(tag)?.valueBytes
        }
    }
}

/// Walks BER-TLV with the rules of `TLV.decodeAll` (padding, tag and length forms, nesting limit), remembering the
/// first object with the target tag; false as soon as the bytes would not decode.
private struct FirstValueScan {
    enum Found {
        case primitive(Range<Int>)
        case constructed
    }

    let target: [UInt8]
    var found: Found?

    mutating func sequence(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, depth: Int) -> Bool {
        var index = start
        while index < end {
            let b = bytes[index]
            // ISO 7816-4 §5.2.2: 00 and FF between objects are padding (FF only before 00, FF or the end).
            if b == 0x00 || (b == 0xFF && (index + 1 == end || bytes[index + 1] == 0x00 || bytes[index + 1] == 0xFF)) {
                index += 1
                continue
            }
            guard let next = object(bytes, at: index, end: end, depth: depth) else { return false }
            index = next
        }
        return true
    }

    /// The index after the object at `start`, or nil when it does not decode.
    private mutating func object(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, depth: Int) -> Int? {
        // ISO/IEC 8825-1 §8.1.2: tag, 1 to 4 bytes.
        let first = bytes[start]
        var index = start + 1
        if first & 0x1F == 0x1F {
            while true {
                guard index < end else { return nil }
                let b = bytes[index]
                index += 1
                if b & 0x80 == 0 { break }
                if index - start == 4 { return nil }
            }
        }
        let tagRange = start..<index
        // ISO/IEC 8825-1 §8.1.3: definite length, short or long form of up to 4 bytes.
        guard index < end else { return nil }
        let lengthByte = bytes[index]
        index += 1
        var length = 0
        if lengthByte < 0x80 {
            length = Int(lengthByte)
        } else {
            let count = Int(lengthByte & 0x7F)
            guard lengthByte != 0x80, count <= 4, end - index >= count else { return nil }
            for i in index..<index + count { length = length << 8 | Int(bytes[i]) }
            index += count
        }
        guard end - index >= length else { return nil }
        let valueEnd = index + length
        let isTarget = found == nil && tagRange.count == target.count && zip(tagRange, target).allSatisfy { bytes[$0] == $1 }
        if first & 0x20 != 0 {
            guard depth < TLV.maximumDepth else { return nil }
            if isTarget { found = .constructed }
            guard sequence(bytes, from: index, to: valueEnd, depth: depth + 1) else { return nil }
        } else if isTarget {
            found = .primitive(index..<valueEnd)
        }
        return valueEnd
    }
}
