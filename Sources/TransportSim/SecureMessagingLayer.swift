import CardCore
import SecureChannel

/// The card side of an open secure channel session (GP SCP03, SCP11) on one logical channel.
///
/// The ISD's secure channel handshake installs a layer through `AppletReply.establishedSecureMessaging`.
/// From then on every command on that channel passes through `unwrapCommand` before it reaches the
/// selected application, and every response through `wrapResponse` before the card splits it into
/// 61xx pieces. The card drops the layer on SELECT of another application, channel close and reset
/// (GP CS v2.3.1 §10.2: a session ends when its Security Domain is deselected).
public protocol SecureMessagingLayer: AnyObject {
    /// GP security level of the session (b1 C-MAC, b2 C-DECRYPTION, b5 R-MAC, b6 R-ENCRYPTION).
    var securityLevel: UInt8 { get }
    /// Verifies and deciphers one command; `secureMessagingIndicated` mirrors the CLA bits.
    /// `receivedExtended` tells whether Lc came in extended form (a C-MAC covers Lc as sent); nil when
    /// unknown, for a command joined from a chain.
    func unwrapCommand(_ command: CommandAPDU, secureMessagingIndicated: Bool, receivedExtended: Bool?)
        -> SecureMessagingUnwrap
    /// Adds R-MAC / R-ENCRYPTION to a complete response as the session's level requires.
    func wrapResponse(_ response: ResponseAPDU, to command: CommandAPDU) -> ResponseAPDU
}

/// The outcome of unwrapping one command.
public enum SecureMessagingUnwrap {
    /// The plain command to hand to the application.
    case command(CommandAPDU)
    /// Reject with this status word; `endSession` closes the secure channel (e.g. 6982 on a bad MAC,
    /// as GP Amd D v1.2 requires).
    case reject(StatusWord, endSession: Bool)
}

/// The card side of a secure channel handshake, plugged into the ISD.
///
/// The ISD forwards INITIALIZE UPDATE (50), EXTERNAL AUTHENTICATE (82), INTERNAL AUTHENTICATE (88),
/// MUTUAL AUTHENTICATE (82 with P1 P2 of SCP11) and PERFORM SECURITY OPERATION (2A) to it. When the
/// handshake completes, the reply carries the new `SecureMessagingLayer`.
public protocol SecureChannelResponder: AnyObject {
    /// Handles one handshake command, CLA as received (the host's MAC covers it).
    func handle(_ command: CommandAPDU, context: AppletContext) -> AppletReply
    /// Forgets any half-done handshake on `channel` (deselect, channel close).
    func abort(channel: Int)
}

/// The card side of an open SCP03 or SCP11 session as the layer installed on a channel: commands are
/// verified and deciphered, responses protected, by the session's `SecureMessagingSession`.
final class CardSessionMessagingLayer: SecureMessagingLayer {
    /// The handshake's current session (nil once it ended).
    private let current: () -> SecureMessagingSession?

    init(current: @escaping () -> SecureMessagingSession?) { self.current = current }

    var securityLevel: UInt8 { current()?.level.rawValue ?? 0 }

    func unwrapCommand(_ command: CommandAPDU, secureMessagingIndicated: Bool, receivedExtended: Bool?)
        -> SecureMessagingUnwrap
    {
        guard let messaging = current(), messaging.isOpen else {
            return .reject(.securityStatusNotSatisfied, endSession: true)
        }
        switch messaging.unwrapCommand(command, receivedExtended: receivedExtended) {
        case .accepted(let plain): return .command(plain)
        case .rejected(let sw): return .reject(sw, endSession: !messaging.isOpen)
        }
    }

    func wrapResponse(_ response: ResponseAPDU, to command: CommandAPDU) -> ResponseAPDU {
        guard let messaging = current(), messaging.isOpen else { return response }
        return messaging.wrapResponse(response)
    }
}
