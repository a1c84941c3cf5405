extension TagDictionary {
    /// GlobalPlatform Card Specification v2.3.1 card management data objects.
    static let gpRows: [Row] = [
        // §11.3 GET DATA objects.
        (0x42, nil, "Issuer identification number", .binary),
        (0x45, nil, "Card image number", .binary),
        (0x66, nil, "Card data", .binary),
        (0x67, nil, "Card capability information", .binary),
        (0xC1, nil, "Sequence counter of the default key version number", .binary),
        (0xC2, nil, "Confirmation counter", .binary),
        (0xCF, nil, "Key diversification data", .binary),
        (0xE0, nil, "Key information template", .binary),
        (0x9F7F, nil, "Card production life cycle data (CPLC)", .binary),
        (0xFF21, nil, "Extended card resources information", .binary),
        (0xE3, nil, "GlobalPlatform registry related data", .binary),
        // Annex H card capability information (GET DATA 67).
        (0xA0, 0x67, "Secure channel protocol information", .binary),
        (0x81, 0x67, "Supported privileges", .bitmap),
        (0x82, 0x67, "Supported load file data block hash algorithms", .bitmap),
        // §11.3 key information template.
        (0xC0, 0xE0, "Key information data (key identifier, key version, key type, length)", .binary),
        // GP Amd C / ETSI TS 102 226 extended card resources information.
        (0x81, 0xFF21, "Number of installed applications", .binary),
        (0x82, 0xFF21, "Free non-volatile memory", .binary),
        (0x83, 0xFF21, "Free volatile memory", .binary),
        // §11.4 GET STATUS response, GlobalPlatform registry related data.
        (0x4F, 0xE3, "AID of the registry entry", .aid),
        (0x9F70, 0xE3, "Life cycle state", .binary),
        (0xC5, 0xE3, "Privileges", .bitmap),
        (0xC4, 0xE3, "Application's executable load file AID", .aid),
        (0xCE, 0xE3, "Executable load file version number", .binary),
        (0x84, 0xE3, "Executable module AID", .aid),
        (0xCC, 0xE3, "Associated security domain AID", .aid),
        (0xCF, 0xE3, "Implicit selection parameter", .binary),
        // Annex H card recognition data, inside card data (66).
        (0x73, 0x66, "Card recognition data", .binary),
        (0x06, 0x73, "GlobalPlatform card recognition data OID", .oid),
        (0x60, 0x73, "Card management type and version", .binary),
        (0x63, 0x73, "Card identification scheme", .binary),
        (0x64, 0x73, "Secure channel protocol and implementation options", .binary),
        (0x65, 0x73, "Card configuration details", .binary),
        (0x66, 0x73, "Card and chip details", .binary),
        (0x67, 0x73, "Issuer security domain trust point certificate information", .binary),
        (0x68, 0x73, "Issuer security domain certificate information", .binary),
        (0x06, 0x60, "GlobalPlatform version (OID)", .oid),
        (0x06, 0x63, "Card identification scheme (OID)", .oid),
        (0x06, 0x64, "Secure channel protocol and options (OID)", .oid),
        (0x06, 0x65, "Card configuration details (OID)", .oid),
        (0x06, 0x66, "Card and chip details (OID)", .oid),
        // §11.9 SELECT response of a security domain, FCI proprietary template.
        (0x73, 0xA5, "Security domain management data", .binary),
        (0x9F65, 0xA5, "Maximum length of data field in command message", .binary),
        (0x9F6E, 0xA5, "Application production life cycle data", .binary),
        // §11.5 INSTALL system specific parameters.
        (0xC6, 0xEF, "Non-volatile code minimum memory requirement", .binary),
        (0xC7, 0xEF, "Volatile memory quota", .binary),
        (0xC8, 0xEF, "Non-volatile memory quota", .binary),
        (0xD7, 0xEF, "Volatile reserved memory", .binary),
        (0xD8, 0xEF, "Non-volatile reserved memory", .binary),
    ]

    /// GlobalPlatform Amendment F v1.3 (SCP11) data objects.
    static let gpAmdFRows: [Row] = [
        (0xBF21, nil, "Certificate store", .binary),
        // The answer to INTERNAL / MUTUAL AUTHENTICATE (GP Amd F §7.6.2.4), named through `responseContext`.
        (0x5F49, scp11AuthenticateContext, "ePK.SD.ECKA (the card's ephemeral public key)", .binary),
        (0x86, scp11AuthenticateContext, "Receipt", .binary),
        (0xFF33, nil, "CA-KLOC identifiers", .binary),
        (0xFF34, nil, "CA-KLCC identifiers", .binary),
        // Control reference template for key agreement (MUTUAL / INTERNAL AUTHENTICATE).
        (0x90, 0xA6, "SCP identifier and parameters", .binary),
        (0x95, 0xA6, "Key usage qualifier", .binary),
        (0x80, 0xA6, "Key type", .binary),
        (0x81, 0xA6, "Key length", .binary),
        (0x83, 0xA6, "Key identifier and key version number", .binary),
        // Certificate for SCP11 (CERT.OCE.ECKA, CERT.SD.ECKA, CA certificates).
        (0x93, 0x7F21, "Certificate serial number", .binary),
        (0x42, 0x7F21, "CA-KLOC (or KLCC) identifier", .binary),
        (0x5F20, 0x7F21, "Subject identifier", .binary),
        (0x95, 0x7F21, "Key usage", .bitmap),
        (0x5F25, 0x7F21, "Effective date (YYYYMMDD)", .numericBCD),
        (0x5F24, 0x7F21, "Expiration date (YYYYMMDD)", .numericBCD),
        (0x53, 0x7F21, "Discretionary data", .binary),
        (0x73, 0x7F21, "Discretionary data (BER-TLV)", .binary),
        (0xBF20, 0x7F21, "Authorization (SCP11c)", .binary),
        (0x7F49, 0x7F21, "Public key", .binary),
        (0x5F37, 0x7F21, "Signature", .binary),
        (0xB0, 0x7F49, "Public key (ECC point)", .binary),
        (0xF0, 0x7F49, "Key parameter reference", .binary),
    ]
}
