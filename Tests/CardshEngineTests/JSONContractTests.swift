import Foundation
import Testing
@testable import CardshEngine

/// The JSON output is a contract (README, "JSON output"): one object per command, these keys, version 1.
@Suite struct JSONContractTests {
    func objects(_ engine: Engine, _ line: String) throws -> [[String: Any]] {
        try engine.execute(line: line).outcomes.map { outcome in
            let text = JSONRenderer.render(outcome)
            #expect(!text.contains("\n"))
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
    }

    @Test func exchangeObjectHasTheDocumentedKeys() throws {
        let engine = makeEngine()
        let object = try #require(try objects(engine, "select isd").first)
        #expect(object["v"] as? Int == 1)
        #expect(object["line"] as? String == "select isd")
        #expect(object["command"] as? String == "select")
        #expect(object["ok"] as? Bool == true)
        #expect(object["error"] is NSNull)
        let exchanges = try #require(object["exchanges"] as? [[String: Any]])
        let e = try #require(exchanges.first)
        #expect(e["c"] as? String == "00A4040008A00000015100000000")
        #expect((e["data"] as? String)?.hasPrefix("6F71") == true)
        #expect(e["sw"] as? String == "9000")
        #expect(e["sw_text"] as? String == "normal processing, no further qualification")
        #expect(e["ms"] is NSNumber)
        #expect(e["wire_c"] == nil)
        let tlv = try #require(e["tlv"] as? [[String: Any]])
        #expect(tlv.first?["tag"] as? String == "6F")
    }

    @Test func oneObjectPerStatementAndErrorsIncluded() throws {
        let engine = makeEngine()
        let list = try objects(engine, "sw 9000; select nosuch")
        #expect(list.count == 2)
        #expect(list[1]["ok"] as? Bool == false)
        let error = try #require(list[1]["error"] as? [String: Any])
        #expect((error["message"] as? String)?.hasPrefix("unknown application name") == true)
        #expect(error["column"] is NSNull)
    }

    @Test func parseErrorHasColumn() throws {
        let engine = makeEngine()
        let object = try #require(try objects(engine, "apdu 00A4 04G0").first)
        #expect(object["command"] as? String == "parse")
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["column"] as? Int == 13)
    }

    @Test func decodedResults() throws {
        let engine = makeEngine()
        let tlv = try #require(try objects(engine, "tlv 6F0384019F").first?["result"] as? [[String: Any]])
        #expect(tlv.first?["tag"] as? String == "6F")
        let sw = try #require(try objects(engine, "sw 63C2").first?["result"] as? [String: Any])
        #expect(sw["sw"] as? String == "63C2")
        let explain = try #require(try objects(engine, "explain 00A4040007A000000004101000").first?["result"] as? [String: Any])
        #expect(explain["case"] as? Int == 4)
        let atr = try #require(try objects(engine, "atr").first?["result"] as? [String: Any])
        #expect(atr["tck_valid"] as? Bool == true)
    }

    @Test func stringsAreEscaped() {
        let value = JSONValue.object([("s", .string("a\"b\\c\n\u{01}é"))])
        #expect(value.serialized() == "{\"s\":\"a\\\"b\\\\c\\n\\u0001é\"}")
    }
}
