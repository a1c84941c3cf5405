import CardCore
import CardCrypto

/// Why a secure channel could not be opened or used.
public enum SecureChannelError: Error, Equatable, Sendable {
    /// A primitive failed (bad key length reaching OpenSSL, OpenSSL failure).
    case crypto(CryptoError)
    /// A command could not be built (length limits of ISO 7816-4).
    case apdu(APDUError)
    /// SCP03 keys must be 16, 24 or 32 bytes.
    case invalidKeyLength(Int)
    /// ENC, MAC and DEK keys of one key set must have the same length.
    case keyLengthsDiffer(enc: Int, mac: Int, dek: Int)
    /// A given host challenge does not fit the mode (8 bytes for S8, 16 for S16).
    case hostChallengeLength(expected: Int, actual: Int)
    /// INITIALIZE UPDATE was answered with a status word other than 9000.
    case initializeUpdateFailed(StatusWord)
    /// The INITIALIZE UPDATE response ends inside `field` (GP Amd D v1.2 §7.1.1.3).
    case initializeUpdateTruncated(field: InitializeUpdateField, offset: Int, needed: Int, available: Int)
    /// The INITIALIZE UPDATE response is longer than its fields.
    case initializeUpdateTrailingBytes(expectedLength: Int, actualLength: Int)
    /// The card's key information names another protocol than SCP03.
    case notSCP03(scpID: UInt8)
    /// The card answered with another key version than the one asked for.
    case keyVersionMismatch(requested: UInt8, card: UInt8)
    /// The card uses another challenge/MAC length than requested (S8 against S16).
    case modeMismatch(requested: SCP03Mode, card: SCP03Mode)
    /// The card's i-parameter does not allow the requested security level.
    case levelNotSupported(requested: SecurityLevel, iParameter: UInt8)
    /// The card cryptogram does not match the one computed from the static keys (GP Amd D v1.2 §6.2.2.2).
    case cardCryptogramMismatch(kvn: UInt8)
    /// EXTERNAL AUTHENTICATE was answered with a status word other than 9000.
    case externalAuthenticateFailed(StatusWord)
    /// The session was closed (after a MAC failure or on request).
    case sessionClosed
    /// A protected response is shorter than its R-MAC.
    case responseTooShort(length: Int, macLength: Int)
    /// The R-MAC of a response does not verify (GP Amd D v1.2 §6.2.5); the session is closed.
    case responseMACMismatch(sw: StatusWord)
    /// The encrypted response data is not whole AES blocks (GP Amd D v1.2 §6.2.7).
    case responseNotBlockAligned(length: Int)
    /// The decrypted response data has no valid 80 00.. padding.
    case responsePadding(CryptoError)
    /// The wrapped command data would exceed 65535 bytes.
    case wrappedCommandTooLong(nc: Int)
    /// PUT KEY or DELETE KEY was answered with a status word other than 9000.
    case keyCommandFailed(StatusWord)
    /// A PUT KEY response or command does not have the layout of GP CS v2.3.1 §11.8.
    case putKeyMalformed(offset: Int)
    /// A key check value returned by the card (or sent by the host) differs from the computed one.
    case keyCheckValueMismatch(keyIndex: Int, expected: [UInt8], actual: [UInt8])
    /// The key version in the PUT KEY response differs from the one sent.
    case putKeyVersionMismatch(expected: UInt8, actual: UInt8)
    /// SCP11 handshake or certificate failure (GP Amd F).
    case scp11(SCP11Error)
    /// Key diversification data must be 10 bytes (GP Amd D v1.2 §7.1.1.3).
    case diversificationDataLength(Int)
    /// The master key does not fit the diversification scheme (EMV, VISA2: 16 bytes; KDF3: 16, 24 or 32).
    case masterKeyLength(scheme: Diversification.Scheme, length: Int)
}

/// The fields of the INITIALIZE UPDATE response, in order (GP Amd D v1.2 §7.1.1.3).
public enum InitializeUpdateField: String, Sendable, Hashable {
    case keyDiversificationData, keyInformation, cardChallenge, cardCryptogram, sequenceCounter
}

/// Something odd but not fatal noticed while opening a channel.
public enum SecureChannelWarning: Equatable, Sendable {
    /// The pseudo-random card challenge does not match the one computed from the sequence counter and
    /// the selected Security Domain's AID (GP Amd D v1.2 §6.2.2.1).
    case pseudoRandomChallengeMismatch(expected: [UInt8], actual: [UInt8], aid: [UInt8])
}
