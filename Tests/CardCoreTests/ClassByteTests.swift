import Testing

@testable import CardCore

/// Class byte layouts: ISO/IEC 7816-4:2020 §5.4.1; GlobalPlatform proprietary classes: GPC v2.3.1 §11.1.4.
@Suite struct ClassByteTests {
    @Test(arguments: [
        (0x00, ClassByte.Kind.firstInterindustry, false, ClassByte.SecureMessaging.none, Optional(0)),
        (0x03, .firstInterindustry, false, .none, 3),
        (0x04, .firstInterindustry, false, .proprietary, 0),
        (0x08, .firstInterindustry, false, .headerNotProcessed, 0),
        (0x0C, .firstInterindustry, false, .headerAuthenticated, 0),
        (0x1D, .firstInterindustry, true, .headerAuthenticated, 1),
        (0x20, .reserved, false, .unknown, nil),
        (0x40, .furtherInterindustry, false, .none, 4),
        (0x41, .furtherInterindustry, false, .none, 5),
        (0x6F, .furtherInterindustry, false, .headerNotProcessed, 19),
        (0x5F, .furtherInterindustry, true, .none, 19),
        (0x80, .proprietary, false, .none, 0),
        (0x84, .proprietary, false, .globalPlatform, 0),
        (0x87, .proprietary, false, .globalPlatform, 3),
        (0x90, .proprietary, true, .none, 0),
        (0x88, .proprietary, false, .unknown, 0),
        (0xA0, .proprietary, false, .unknown, nil),
        (0xC0, .proprietary, false, .none, 4),
        (0xE1, .proprietary, false, .globalPlatform, 5),
        (0xEF, .proprietary, false, .globalPlatform, 19),
        (0xFF, .invalid, false, .unknown, nil),
    ])
    func decodes(
        raw: Int, kind: ClassByte.Kind, chaining: Bool, sm: ClassByte.SecureMessaging, channel: Int?
    ) {
        let cla = ClassByte(UInt8(raw))
        #expect(cla.kind == kind)
        #expect(cla.chaining == chaining)
        #expect(cla.secureMessaging == sm)
        #expect(cla.channel == channel)
    }

    @Test(arguments: [
        (0x00, "interindustry, no secure messaging, channel 0"),
        (0x0C, "interindustry, secure messaging, header authenticated, channel 0"),
        (0x10, "interindustry, no secure messaging, command chaining (not last), channel 0"),
        (0x41, "further interindustry, no secure messaging, channel 5"),
        (0x61, "further interindustry, secure messaging, header not authenticated, channel 5"),
        (0x80, "proprietary, no secure messaging, channel 0"),
        (0x84, "proprietary, GlobalPlatform secure messaging, channel 0"),
        (0xE3, "proprietary, GlobalPlatform secure messaging, channel 7"),
        (0xA0, "proprietary"),
        (0x20, "reserved for future use (ISO 7816-4 §5.4.1)"),
        (0xFF, "invalid class FF"),
    ])
    func describes(raw: Int, expected: String) {
        #expect(ClassByte(UInt8(raw)).description == expected)
    }

    @Test(arguments: [
        (0x00, 0, Optional(0x00)), (0x00, 3, 0x03), (0x00, 4, 0x40), (0x00, 19, 0x4F), (0x10, 5, 0x51),
        (0x08, 4, 0x60), (0x0C, 4, nil), (0x0C, 2, 0x0E), (0x04, 7, nil), (0x41, 0, 0x00), (0x61, 1, 0x09),
        (0x80, 1, 0x81), (0x84, 4, 0xE0), (0x84, 19, 0xEF), (0xE1, 1, 0x85), (0xC5, 0, 0x80), (0x00, 20, nil),
        (0x00, -1, nil), (0xA0, 1, nil), (0xFF, 0, nil), (0x20, 0, nil),
    ])
    func withChannel(cla: Int, channel: Int, expected: Int?) {
        #expect(ClassByte.withChannel(UInt8(cla), channel: channel) == expected.map { UInt8($0) })
    }

    /// Moving to a channel and back keeps every other bit.
    @Test func channelRoundTrip() {
        for raw in [0x00, 0x08, 0x10, 0x18, 0x80, 0x84, 0x90, 0x94] as [UInt8] {
            for channel in 0...19 {
                let moved = ClassByte.withChannel(raw, channel: channel)
                if raw == 0x94 && channel == 19 {
                    // Chaining, GP secure messaging and channel 19 would be FF, which is invalid.
                    #expect(moved == nil)
                    continue
                }
                #expect(moved.map { ClassByte($0).channel } == channel)
                #expect(moved.flatMap { ClassByte.withChannel($0, channel: 0) } == raw, "\(raw) via \(channel)")
            }
        }
    }

    @Test(arguments: [
        (0x00, true, Optional(0x0C)), (0x0C, false, 0x00), (0x08, true, 0x08), (0x13, true, 0x1F), (0x40, true, 0x60),
        (0x6F, false, 0x4F), (0x80, true, 0x84), (0x84, false, 0x80), (0x83, true, 0x87), (0xC2, true, 0xE2),
        (0xE2, false, 0xC2), (0xA0, true, nil), (0xFF, true, nil), (0x20, true, nil),
    ])
    func secureMessaging(cla: Int, on: Bool, expected: Int?) {
        #expect(ClassByte.secureMessaging(UInt8(cla), on: on) == expected.map { UInt8($0) })
    }
}
