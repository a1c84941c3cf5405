import Testing

@testable import CardCore

/// INS codes: ISO/IEC 7816-4:2020 §5.4.3; GlobalPlatform: GPC v2.3.1 §11, GP Amd D and F; EMV 4.4 Book 3 §6.5.
@Suite struct InstructionCatalogueTests {
    @Test(arguments: [
        (0x00, 0xA4, "SELECT"), (0x00, 0xB0, "READ BINARY"), (0x00, 0xB1, "READ BINARY"),
        (0x00, 0xD6, "UPDATE BINARY"), (0x00, 0xD7, "UPDATE BINARY"), (0x00, 0xB2, "READ RECORD(S)"),
        (0x00, 0xB3, "READ RECORD(S)"), (0x00, 0xC0, "GET RESPONSE"), (0x00, 0xCA, "GET DATA"),
        (0x00, 0xCB, "GET DATA"), (0x00, 0xDA, "PUT DATA"), (0x00, 0xDB, "PUT DATA"), (0x00, 0x20, "VERIFY"),
        (0x00, 0x21, "VERIFY"), (0x00, 0x24, "CHANGE REFERENCE DATA"), (0x00, 0x2C, "RESET RETRY COUNTER"),
        (0x00, 0x70, "MANAGE CHANNEL"), (0x00, 0x22, "MANAGE SECURITY ENVIRONMENT"),
        (0x00, 0x2A, "PERFORM SECURITY OPERATION"), (0x00, 0x88, "INTERNAL AUTHENTICATE"),
        (0x00, 0x82, "EXTERNAL (MUTUAL) AUTHENTICATE"), (0x00, 0x86, "GENERAL AUTHENTICATE"),
        (0x00, 0x84, "GET CHALLENGE"), (0x00, 0xC2, "ENVELOPE"), (0x00, 0xC3, "ENVELOPE"),
        (0x00, 0xA0, "SEARCH BINARY"), (0x00, 0x0E, "ERASE BINARY"), (0x00, 0x44, "ACTIVATE FILE"),
        (0x00, 0x04, "DEACTIVATE FILE"), (0x00, 0xE6, "TERMINATE DF"), (0x00, 0xE8, "TERMINATE EF"),
        (0x00, 0xE4, "DELETE FILE"), (0x00, 0xE2, "APPEND RECORD"), (0x00, 0xE0, "CREATE FILE"),
        (0x00, 0xFE, "TERMINATE CARD USAGE"), (0x41, 0xB0, "READ BINARY"), (0x0C, 0xB0, "READ BINARY"),
        // GlobalPlatform under a proprietary class.
        (0x80, 0xE4, "DELETE"), (0x84, 0xE4, "DELETE"), (0x80, 0xF2, "GET STATUS"), (0x80, 0xE6, "INSTALL"),
        (0x80, 0xE8, "LOAD"), (0x80, 0xD8, "PUT KEY"), (0x80, 0xF0, "SET STATUS"), (0x80, 0xE2, "STORE DATA"),
        (0x80, 0x50, "INITIALIZE UPDATE"), (0x84, 0x82, "EXTERNAL AUTHENTICATE"), (0x80, 0x82, "MUTUAL AUTHENTICATE"),
        (0x80, 0x88, "INTERNAL AUTHENTICATE"), (0x80, 0x2A, "PERFORM SECURITY OPERATION"), (0x80, 0xCA, "GET DATA"),
        (0x80, 0xCB, "GET DATA"), (0x80, 0x70, "MANAGE CHANNEL"), (0x80, 0x7A, "BEGIN R-MAC SESSION"),
        (0x80, 0x78, "END R-MAC SESSION"), (0xE1, 0xF2, "GET STATUS"),
        // EMV under a proprietary class; ISO names remain for the rest.
        (0x80, 0xA8, "GET PROCESSING OPTIONS"), (0x80, 0xAE, "GENERATE APPLICATION CRYPTOGRAM"),
        (0x84, 0x1E, "APPLICATION BLOCK"), (0x84, 0x18, "APPLICATION UNBLOCK"), (0x84, 0x16, "CARD BLOCK"),
        (0x80, 0xA4, "SELECT"), (0x84, 0x24, "CHANGE REFERENCE DATA"),
    ])
    func names(cla: Int, ins: Int, expected: String) {
        #expect(InstructionCatalogue.name(cla: UInt8(cla), ins: UInt8(ins)) == expected)
    }

    @Test(arguments: [(0x00, 0x50), (0x00, 0xF2), (0x00, 0x00), (0x80, 0x00), (0xFF, 0xF2), (0x00, 0x61)])
    func unknown(cla: Int, ins: Int) {
        #expect(InstructionCatalogue.name(cla: UInt8(cla), ins: UInt8(ins)) == nil)
    }

    @Test func globalPlatformCommandsNeedAProprietaryClass() {
        #expect(InstructionCatalogue.isGlobalPlatform(cla: 0x80, ins: 0xF2))
        #expect(!InstructionCatalogue.isGlobalPlatform(cla: 0x00, ins: 0xF2))
        #expect(!InstructionCatalogue.isGlobalPlatform(cla: 0x80, ins: 0xA4))
        // The interindustry DELETE FILE and GP DELETE share E4.
        #expect(InstructionCatalogue.name(cla: 0x00, ins: 0xE4) == "DELETE FILE")
    }
}
