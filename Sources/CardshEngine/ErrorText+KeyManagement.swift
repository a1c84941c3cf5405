import CardCore
import CardshLanguage
import SecureChannel

extension ErrorText {
    /// CLA INS of PUT KEY and DELETE, for the GP meaning of a status word.
    static let putKeyCommand: [UInt8] = [0x80, 0xD8]
    static let deleteCommand: [UInt8] = [0x80, 0xE4]

    static func byteText(_ value: Int) -> String { "0x" + Hex.encode([UInt8(truncatingIfNeeded: value)]) }

    /// `key set 0x40` or `key 0x01 of key set 0x40`.
    static func keyName(kvn: Int, kid: Int?) -> String {
        (kid.map { "key " + byteText($0) + " of " } ?? "") + "key set " + byteText(kvn)
    }

    static func putKeyNeedsSCP03(channel: Int, open: String?) -> String {
        guard let open else {
            return "gp put-key needs an open SCP03 channel on channel \(channel): the new keys travel encrypted with "
                + "its DEK. Open one with `select isd; scp03 open` and the card's current keys."
        }
        return "gp put-key encrypts the new keys with the SCP03 static DEK, but channel \(channel) runs \(open). "
            + "Open an SCP03 channel with `scp03 open`."
    }

    static func deleteKeyNeedsChannel(channel: Int) -> String {
        "gp delete-key needs an open secure channel on channel \(channel) (a card accepts DELETE only under one). "
            + "Open one with `select isd; scp03 open`."
    }

    /// A PUT KEY the card refused, or answered with other key check values than the keys sent.
    static func putKey(_ error: SecureChannelError, options: PutKeyOptions, channelKVN: UInt8) -> String {
        switch error {
        case .keyCommandFailed(let sw) where sw == .incorrectData:
            let exists =
                options.replaceKVN == nil
                ? " If key set " + byteText(options.newKVN) + " exists already, replace it with --replace-kvn "
                    + byteText(options.newKVN) + "." : ""
            return "PUT KEY: \(sw) (\(swText(sw, command: putKeyCommand))). The card could not decrypt or check the "
                + "new keys: they are encrypted with the DEK this channel was opened with; is it the card's DEK of key "
                + "set " + byteText(Int(channelKVN)) + "? (`scp03 open --enc HEX --mac HEX --dek HEX`)" + exists
        case .keyCommandFailed(let sw) where sw == .referencedDataNotFound && options.replaceKVN != nil:
            return "PUT KEY: \(sw) (\(swText(sw, command: putKeyCommand))). The card has no key set "
                + byteText(options.replaceKVN!)
                + " to replace; `gp keys` lists them. Without --replace-kvn the key set is added."
        case .keyCommandFailed(let sw):
            return "PUT KEY: \(sw) (\(swText(sw, command: putKeyCommand))); no key was changed."
        case .keyCheckValueMismatch(let index, let expected, let actual):
            let name = ["ENC", "MAC", "DEK"][min(index, 2)]
            return "PUT KEY: the card answered key check value " + Hex.encode(actual) + " for the new \(name) key, "
                + "expected " + Hex.encode(expected) + " (GP CS v2.3.1 §11.8.3): the card holds another key than the "
                + "one sent (a DEK that differs on the card?). Key set " + byteText(options.newKVN)
                + " is not usable; check with `gp keys` and delete it (`gp delete-key --kvn "
                + byteText(options.newKVN) + "`)."
        case .putKeyVersionMismatch(let expected, let actual):
            return "PUT KEY: the card confirmed key version 0x" + Hex.encode([actual]) + ", not 0x"
                + Hex.encode([expected]) + " (GP CS v2.3.1 §11.8.3); check with `gp keys`."
        case .putKeyMalformed(let offset):
            return "PUT KEY: the card's answer is not a key version and three key check values (GP CS v2.3.1 "
                + "§11.8.3; wrong at byte \(offset)); check with `gp keys` whether the keys were stored."
        default:
            return secureChannel(error)
        }
    }

    /// What changed, and what it means for the channel that is open.
    static func putKeyDone(newKVN: UInt8, replaced: UInt8?, channelKVN: UInt8) -> String {
        let open = "`scp03 open --kvn " + byteText(Int(newKVN)) + "` with the new keys uses it"
        if replaced == channelKVN && newKVN == channelKVN {
            return "the channel stays open on its session keys; key set " + byteText(Int(channelKVN))
                + " now holds the new keys, so the next " + open + "."
        }
        if replaced == channelKVN {
            return "the channel stays open on its session keys; key set " + byteText(Int(channelKVN))
                + " is gone, so " + open + "."
        }
        return "the channel still runs on key set " + byteText(Int(channelKVN)) + "; " + open + "."
    }

    static func deleteKeyRefused(_ sw: StatusWord, options: DeleteKeyOptions) -> String {
        let what = keyName(kvn: options.kvn, kid: options.kid)
        switch sw {
        case .referencedDataNotFound:
            return
                "DELETE: \(sw) (\(swText(sw, command: deleteCommand))). The card has no \(what); `gp keys` lists them."
        case .conditionsNotSatisfied:
            return "DELETE: \(sw) (\(swText(sw, command: deleteCommand))). The card keeps \(what): the open channel "
                + "uses it. Open the channel with another key set first (`scp03 open --kvn N`)."
        default:
            return "DELETE: \(sw) (\(swText(sw, command: deleteCommand))); \(what) was not deleted."
        }
    }
}
