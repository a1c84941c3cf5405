/// The meaning of a CLA byte (ISO 7816-4 §5.4.1; GP CS v2.3.1 §11.1.4 for the proprietary classes).
struct CommandClass: Equatable {
    /// Logical channel 0...19.
    var channel: Int
    /// b8 = 0: an interindustry class; otherwise proprietary (GP uses 80-8F and C0-CF / E0-EF).
    var isInterindustry: Bool
    /// Secure messaging indicated (b4-b3 in the first classes, b6 in the further classes).
    var secureMessaging: Bool
    /// b5: not the last command of a chain.
    var chaining: Bool

    /// Decodes `cla`; nil for the classes this card does not know (20-3F, A0-BF, FF).
    init?(_ cla: UInt8) {
        switch cla {
        case 0x00...0x1F, 0x80...0x9F:
            // First interindustry values 000x xxyy: chaining b5, SM b4-b3, channel b2-b1.
            channel = Int(cla & 0x03)
            secureMessaging = cla & 0x0C != 0
            chaining = cla & 0x10 != 0
        case 0x40...0x7F, 0xC0...0xFE:
            // Further interindustry values 01xx xxxx: SM b6, chaining b5, channel 4 + b4-b1.
            channel = 4 + Int(cla & 0x0F)
            secureMessaging = cla & 0x20 != 0
            chaining = cla & 0x10 != 0
        default:
            return nil
        }
        isInterindustry = cla & 0x80 == 0
    }
}
