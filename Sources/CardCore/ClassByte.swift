/// The class byte of a command APDU, decoded per ISO/IEC 7816-4:2020 §5.4.1, with the
/// GlobalPlatform coding of proprietary classes (GPC v2.3.1 §11.1.4).
public struct ClassByte: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// 000x xxxx: b5 chaining, b4-b3 secure messaging, b2-b1 logical channel 0-3.
        case firstInterindustry
        /// 01xx xxxx: b6 secure messaging, b5 chaining, b4-b1 logical channel 4-19.
        case furtherInterindustry
        /// 001x xxxx: reserved for future use.
        case reserved
        /// 1xxx xxxx except FF: proprietary; GlobalPlatform reuses the interindustry layouts.
        case proprietary
        /// FF: invalid (reserved for protocol and parameters selection, ISO/IEC 7816-3).
        case invalid
    }

    public enum SecureMessaging: String, Hashable, Sendable {
        case none
        /// First interindustry b4-b3 = 01: proprietary secure messaging format.
        case proprietary
        /// b4-b3 = 10 (or further interindustry b6): ISO 7816-4 secure messaging, header not processed.
        case headerNotProcessed
        /// b4-b3 = 11: ISO 7816-4 secure messaging, command header authenticated.
        case headerAuthenticated
        /// GlobalPlatform class with b3 (80-9F) or b6 (C0-FE) set: secure channel (C-MAC at least).
        case globalPlatform
        /// A class whose bits this decoder does not know (reserved, invalid, or proprietary A0-BF).
        case unknown
    }

    public let rawValue: UInt8

    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public var kind: Kind {
        switch rawValue {
        case 0x00...0x1F: return .firstInterindustry
        case 0x20...0x3F: return .reserved
        case 0x40...0x7F: return .furtherInterindustry
        case 0xFF: return .invalid
        default: return .proprietary
        }
    }

    /// Which interindustry layout the bits follow: proprietary 80-9F and C0-FE use the first and
    /// further layouts as GlobalPlatform does; nil when the bits have no known layout.
    var layout: Kind? {
        switch rawValue {
        case 0x00...0x1F, 0x80...0x9F: return .firstInterindustry
        case 0x40...0x7F, 0xC0...0xFE: return .furtherInterindustry
        default: return nil
        }
    }

    /// True when the bits follow the GlobalPlatform proprietary coding (80-9F, C0-FE).
    public var isGlobalPlatform: Bool { kind == .proprietary && layout != nil }

    /// b5: the command is not the last of a chain (ISO 7816-4 command chaining).
    public var chaining: Bool { layout != nil && rawValue & 0x10 != 0 }

    /// The logical channel, 0-19 (ISO 7816-4 §5.4.1); nil when the class has no known layout.
    public var channel: Int? {
        switch layout {
        case .firstInterindustry: return Int(rawValue & 0x03)
        case .furtherInterindustry: return 4 + Int(rawValue & 0x0F)
        default: return nil
        }
    }

    public var secureMessaging: SecureMessaging {
        switch (layout, kind) {
        case (.firstInterindustry, .firstInterindustry):
            switch rawValue & 0x0C {
            case 0x00: return .none
            case 0x04: return .proprietary
            case 0x08: return .headerNotProcessed
            default: return .headerAuthenticated
            }
        case (.furtherInterindustry, .furtherInterindustry):
            return rawValue & 0x20 != 0 ? .headerNotProcessed : .none
        case (.firstInterindustry, .proprietary):
            // GPC v2.3.1 §11.1.4: b3 indicates GlobalPlatform secure messaging; b4 is not used.
            if rawValue & 0x08 != 0 { return .unknown }
            return rawValue & 0x04 != 0 ? .globalPlatform : .none
        case (.furtherInterindustry, .proprietary):
            return rawValue & 0x20 != 0 ? .globalPlatform : .none
        default:
            return .unknown
        }
    }

    /// A one-line reading, e.g. `interindustry, no secure messaging, channel 0`.
    public var description: String {
        let head: String
        switch kind {
        case .firstInterindustry: head = "interindustry"
        case .furtherInterindustry: head = "further interindustry"
        case .reserved: return "reserved for future use (ISO 7816-4 §5.4.1)"
        case .invalid: return "invalid class FF"
        case .proprietary:
            guard isGlobalPlatform else { return "proprietary" }
            head = "proprietary"
        }
        var parts = [head]
        switch secureMessaging {
        case .none: parts.append("no secure messaging")
        case .proprietary: parts.append("proprietary secure messaging")
        case .headerNotProcessed: parts.append("secure messaging, header not authenticated")
        case .headerAuthenticated: parts.append("secure messaging, header authenticated")
        case .globalPlatform: parts.append("GlobalPlatform secure messaging")
        case .unknown: parts.append("secure messaging bits b4-b3 = \(rawValue >> 2 & 0x03) (not GlobalPlatform)")
        }
        if chaining { parts.append("command chaining (not last)") }
        if let channel { parts.append("channel \(channel)") }
        return parts.joined(separator: ", ")
    }

    /// `cla` with its logical channel set to `channel` (0-19), other bits kept.
    ///
    /// Moving between channels 0-3 and 4-19 switches between the first and further layouts; nil when
    /// the class has no channel bits or its secure messaging indication has no equivalent there
    /// (proprietary or header-authenticated SM cannot be expressed in the further layout).
    public static func withChannel(_ cla: UInt8, channel: Int) -> UInt8? {
        let current = ClassByte(cla)
        guard (0...19).contains(channel), let layout = current.layout else { return nil }
        let high = cla & 0x80
        let chaining: UInt8 = current.chaining ? 0x10 : 0
        let secured: Bool
        switch current.secureMessaging {
        case .none: secured = false
        case .headerNotProcessed, .globalPlatform: secured = true
        case .proprietary, .headerAuthenticated, .unknown:
            guard channel <= 3, layout == .firstInterindustry else { return nil }
            return cla & 0xFC | UInt8(channel)
        }
        if channel <= 3 {
            let sm: UInt8 = secured ? (high != 0 ? 0x04 : 0x08) : 0
            return high | chaining | sm | UInt8(channel)
        }
        let further = high | 0x40 | (secured ? 0x20 : 0) | chaining | UInt8(channel - 4)
        return further == 0xFF ? nil : further  // FF is not a class byte
    }

    /// `cla` with secure messaging indicated (`on`) or cleared, other bits kept; nil when the class
    /// has no secure messaging bits. Interindustry classes get b4-b3 = 11 (header authenticated, as
    /// ICAO 9303 and PIV use), GlobalPlatform classes b3 (80-9F) or b6 (C0-FE).
    public static func secureMessaging(_ cla: UInt8, on: Bool) -> UInt8? {
        let current = ClassByte(cla)
        switch (current.layout, current.kind) {
        case (.firstInterindustry, .firstInterindustry):
            if !on { return cla & ~0x0C }
            return current.secureMessaging == .none ? cla | 0x0C : cla
        case (.firstInterindustry, .proprietary):
            return on ? (cla & ~0x08) | 0x04 : cla & ~0x0C
        case (.furtherInterindustry, _):
            return on ? cla | 0x20 : cla & ~0x20
        default:
            return nil
        }
    }
}
