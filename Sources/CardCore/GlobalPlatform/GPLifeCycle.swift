/// The kind of registry entry GET STATUS reports, which decides how its life cycle byte is read.
public enum GPEntryKind: String, Hashable, Sendable, CaseIterable {
    case issuerSecurityDomain
    case application
    case securityDomain
    case executableLoadFile

    /// GET STATUS P1 for this kind (GP CS v2.3.1 §11.4.2.1); modules use 10 instead of 20.
    public var getStatusP1: UInt8 {
        switch self {
        case .issuerSecurityDomain: return 0x80
        case .application, .securityDomain: return 0x40
        case .executableLoadFile: return 0x20
        }
    }
}

/// A life cycle state byte named for its entry kind (GP CS v2.3.1 §5.1 and §11.1.1).
public struct GPLifeCycle: Hashable, Sendable {
    public var rawValue: UInt8
    public var kind: GPEntryKind

    public init(_ rawValue: UInt8, kind: GPEntryKind) {
        self.rawValue = rawValue
        self.kind = kind
    }

    /// The state's name from the specification, with application-specific bits (b4-b7) in hex when set.
    public var name: String {
        switch kind {
        case .issuerSecurityDomain:
            // GP CS v2.3.1 §5.1 and §11.1.1: card life cycle coding.
            switch rawValue {
            case 0x01: return "OP_READY"
            case 0x07: return "INITIALIZED"
            case 0x0F: return "SECURED"
            case 0x7F: return "CARD_LOCKED"
            case 0xFF: return "TERMINATED"
            default: return "unknown (\(Hex.encode([rawValue])))"
            }
        case .executableLoadFile:
            // GP CS v2.3.1 §5 and §11.1.1: executable load file life cycle.
            return rawValue == 0x01 ? "LOADED" : "unknown (\(Hex.encode([rawValue])))"
        case .application:
            // GP CS v2.3.1 §11.1.1: b1-b3 INSTALLED 03 / SELECTABLE 07, b4-b7 application specific, b8 LOCKED.
            return applicationName(
                base: rawValue & 0x07 == 0x07 ? "SELECTABLE" : rawValue & 0x03 == 0x03 ? "INSTALLED" : nil,
                specificMask: 0x78)
        case .securityDomain:
            // GP CS v2.3.1 §11.1.1: INSTALLED 03, SELECTABLE 07, PERSONALIZED 0F, b5-b7 SD specific, LOCKED b8.
            let base: String?
            switch rawValue & 0x0F {
            case 0x0F: base = "PERSONALIZED"
            case 0x07: base = "SELECTABLE"
            case 0x03: base = "INSTALLED"
            default: base = nil
            }
            return applicationName(base: base, specificMask: 0x70)
        }
    }

    private func applicationName(base: String?, specificMask: UInt8) -> String {
        guard let base else { return "unknown (\(Hex.encode([rawValue])))" }
        var name = base
        let specific = rawValue & specificMask
        if specific != 0 { name += " + application specific \(Hex.encode([specific]))" }
        if rawValue & 0x80 != 0 { name = "LOCKED (" + name + ")" }
        return name
    }
}
