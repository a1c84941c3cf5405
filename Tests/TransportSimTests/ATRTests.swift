import CardCore
import Testing

@testable import TransportSim

@Suite("Default ATR")
struct ATRTests {
    let atr = SimulatedCard().atr

    @Test("TCK is the XOR of T0 through the last historical byte (ISO 7816-3 §8.2.5)")
    func checkByte() {
        #expect(atr.dropFirst().reduce(0, ^) == 0)  // XOR from T0 through TCK is zero
        #expect(atr.last == DefaultATR.checkByte(atr[1..<(atr.count - 1)]))
    }

    @Test("Structure: TS 3B, T0 announces TA1-TD1 and K historical bytes, T=1 in TD1 and TD2")
    func structure() throws {
        #expect(atr[0] == 0x3B)
        let t0 = atr[1]
        #expect(t0 >> 4 == 0xF)
        let k = Int(t0 & 0x0F)
        // Walk the interface bytes (ISO 7816-3 §8.2.3).
        var index = 2
        var y = t0 >> 4
        var protocols: [UInt8] = []
        while true {
            let present = (0..<4).filter { y & (1 << $0) != 0 }.count
            let hasTD = y & 0x8 != 0
            index += present
            guard hasTD else { break }
            let td = atr[index - 1]
            protocols.append(td & 0x0F)
            y = td >> 4
        }
        #expect(protocols == [1, 1])
        // T=1 is announced, so TCK is present after K historical bytes.
        #expect(atr.count == index + k + 1)
        let historical = Array(atr[index..<(index + k)])
        #expect(historical == DefaultATR.historicalBytes)
    }

    @Test("Historical bytes: compact-TLV with card capabilities for extended lengths and logical channels")
    func capabilities() throws {
        let historical = DefaultATR.historicalBytes
        #expect(historical[0] == 0x80)
        var objects: [UInt8: [UInt8]] = [:]
        var i = 1
        while i < historical.count {
            let tag = historical[i] >> 4
            let length = Int(historical[i] & 0x0F)
            objects[tag] = Array(historical[(i + 1)..<(i + 1 + length)])
            i += 1 + length
        }
        #expect(i == historical.count)
        let capabilities = try #require(objects[7])
        #expect(capabilities.count == 3)
        #expect(capabilities[2] & 0x40 != 0)  // extended Lc and Le (ISO 7816-4 §8.1.1.2.7)
        #expect(capabilities[2] & 0x80 != 0)  // command chaining
        #expect(capabilities[2] & 0x07 == 0x07)  // 8 or more logical channels
        #expect(objects[8] == [0x05, 0x90, 0x00])
    }

    @Test(
        "Known answer: the default ATR bytes (parsed by pyscard 2.x smartcard.ATR: T=1, 11 historical bytes, checksum OK)"
    )
    func knownAnswer() {
        #expect(atr == hex("3BFB1300008131FE158031C173C011DF83059000A8"))
    }

    @Test("Known answer: the compact ATR (pyscard: T=0 and T=1, checksum OK); T0 high nibble 8 for short APDUs")
    func compact() {
        let compact = DefaultATR.compactBytes
        #expect(compact == hex("3B8B80018031C173C011DF8305900011"))
        #expect(compact.dropFirst().reduce(0, ^) == 0)
        #expect(compact[1] >> 4 == 0x8)
        let card = SimulatedCard(configuration: .init(atr: compact))
        #expect(card.reset() == compact)
    }

    @Test("Configuration.atr overrides the default; reset returns it")
    func override() {
        let custom: [UInt8] = [0x3B, 0x02, 0x14, 0x50]
        let card = SimulatedCard(configuration: .init(atr: custom))
        #expect(card.atr == custom)
        #expect(card.reset() == custom)
    }
}
