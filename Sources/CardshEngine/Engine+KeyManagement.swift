import CardCore
import CardshLanguage
import SecureChannel

extension Engine {
    func performKeyManagement(_ command: Command, into outcome: inout CommandOutcome) throws(CommandError) {
        switch command {
        case .gpPutKey(let options): try putKey(options, into: &outcome)
        case .gpDeleteKey(let options): try deleteKey(options, into: &outcome)
        default: preconditionFailure("not a key management command")
        }
    }

    /// PUT KEY (GP CS v2.3.1 §11.8) of an SCP03 key set, encrypted with the static DEK of the open SCP03 channel;
    /// the card's key check values must match the keys sent.
    private func putKey(_ options: PutKeyOptions, into outcome: inout CommandOutcome) throws(CommandError) {
        guard session.isConnected else { throw CommandError(ErrorText.notConnected) }
        let state = secureChannels[session.channel]
        guard let state, state.protocolName == "scp03", let dek = state.session.dek else {
            throw CommandError(ErrorText.putKeyNeedsSCP03(channel: session.channel, open: state?.protocolName))
        }
        let (keys, _) = try staticKeys(options.keys)
        let newKVN = UInt8(options.newKVN)
        let command: CommandAPDU
        do {
            // P1 = the key set replaced or 00; P2 = key identifier 01 with b8 set: several keys (§11.8.2.2).
            command = try SCP03KeyManagement.putKey(
                keys, newKVN: newKVN, replacingKVN: UInt8(options.replaceKVN ?? 0), dek: dek)
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
        let record = try transmit(command.encoded())
        outcome.exchanges.append(record)
        do {
            try SCP03KeyManagement.verifyPutKeyResponse(record.response, newKVN: newKVN, keys: keys)
        } catch {
            throw CommandError(ErrorText.putKey(error, options: options, channelKVN: state.kvn))
        }
        let kcvs = stride(from: 1, to: record.response.data.count, by: 3).map {
            Hex.encode(Array(record.response.data[$0..<($0 + 3)]))
        }
        let newName = ErrorText.byteText(options.newKVN)
        let change = options.replaceKVN.map { ErrorText.byteText($0) + " replaced by " + newName } ?? newName + " added"
        outcome.result = .fields([
            Field("key set", change + " (AES-\(keys.enc.count * 8), keys 01 ENC, 02 MAC, 03 DEK)"),
            Field(
                "key check values",
                zip(["ENC", "MAC", "DEK"], kcvs).map { $0 + " " + $1 }.joined(separator: ", ")
                    + " (as computed, confirmed by the card)"),
        ])
        let note = ErrorText.putKeyDone(
            newKVN: newKVN, replaced: options.replaceKVN.map(UInt8.init), channelKVN: state.kvn)
        outcome.notes.append(Note(.info, note))
    }

    /// DELETE (GP CS v2.3.1 §11.2.2.3) of a key set (tag D2) or of one key of it (tag D0), under a secure channel.
    private func deleteKey(_ options: DeleteKeyOptions, into outcome: inout CommandOutcome) throws(CommandError) {
        guard session.isConnected else { throw CommandError(ErrorText.notConnected) }
        guard secureChannels[session.channel] != nil else {
            throw CommandError(ErrorText.deleteKeyNeedsChannel(channel: session.channel))
        }
        let command = SCP03KeyManagement.deleteKey(kvn: UInt8(options.kvn), keyID: options.kid.map(UInt8.init))
        let record = try transmit(command.encoded())
        outcome.exchanges.append(record)
        guard record.response.sw == .success else {
            throw CommandError(ErrorText.deleteKeyRefused(record.response.sw, options: options))
        }
        let what = ErrorText.keyName(kvn: options.kvn, kid: options.kid)
        outcome.result = .fields([Field("deleted", what)])
    }
}

extension Engine {
    /// A PUT KEY command for a transcript with the encrypted keys masked (`??`): whoever has the DEK could decrypt
    /// them. Key version, key types, lengths and check values stay. Layout per key: 88 Lk+1 Lk cryptogram 03 KCV
    /// (GP CS v2.3.1 §11.8.2.3; GP Amd D v1.2 §7.2).
    static func maskedPutKey(_ command: [UInt8?]) -> [UInt8?] {
        var masked = command
        // Short form only: the data field of three AES keys is at most 118 bytes.
        guard masked.count > 6, let lc = masked[4], lc != 0 else { return masked }
        let end = min(masked.count, 5 + Int(lc))
        var index = 6
        while index + 2 < end, let length = masked[index + 1], length > 1 {
            let cryptogramEnd = min(end, index + 2 + Int(length))
            for i in (index + 3)..<max(index + 3, cryptogramEnd) { masked[i] = nil }
            guard cryptogramEnd < end, let kcvLength = masked[cryptogramEnd] else { break }
            index = cryptogramEnd + 1 + Int(kcvLength)
        }
        return masked
    }
}
