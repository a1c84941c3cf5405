import CardCore
import TransportSim

/// Sends hex APDU text to the card and splits the answer.
func send(_ card: SimulatedCard, _ hex: String) -> ResponseAPDU {
    let command = try! Hex.parse(hex)
    return try! ResponseAPDU(parsing: card.process(command))
}

/// Sends a command and follows 61xx with GET RESPONSE (Le 00) on the same channel until the end.
func sendCollecting(_ card: SimulatedCard, _ hex: String, getResponseCLA: UInt8 = 0x00) -> (
    data: [UInt8], sw: StatusWord, pieces: Int
) {
    var response = send(card, hex)
    var data = response.data
    var pieces = 1
    while response.sw.sw1 == 0x61 {
        response = try! ResponseAPDU(parsing: card.process([getResponseCLA, 0xC0, 0x00, 0x00, response.sw.sw2]))
        data += response.data
        pieces += 1
    }
    return (data, response.sw, pieces)
}

/// Decodes one top-level TLV.
func decodeOne(_ bytes: [UInt8]) -> TLV? {
    guard let all = try? TLV.decodeAll(bytes), all.count == 1 else { return nil }
    return all[0]
}

/// Primitive value bytes of `tlv`, or nil.
func primitive(_ tlv: TLV?) -> [UInt8]? {
    guard let tlv, case .primitive(let value) = tlv.value else { return nil }
    return value
}

func hex(_ text: String) -> [UInt8] { try! Hex.parse(text) }

let isdAID = "A000000151000000"
let ppseAID = "325041592E5359532E4444463031"
let debitAID = "A0000009990101"
let creditAID = "A0000009990102"
let pivAID = "A000000308000010000100"

/// SELECT by AID with Le 00 (case 4).
func selectHex(_ aid: String, cla: UInt8 = 0x00, p2: UInt8 = 0x00) -> String {
    let bytes = hex(aid)
    return Hex.encode([cla, 0xA4, 0x04, p2, UInt8(bytes.count)] + bytes + [0x00])
}
