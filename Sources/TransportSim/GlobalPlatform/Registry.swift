/// The GlobalPlatform registry of the virtual card (GP CS v2.3.1 §11.4).
public struct Registry: Sendable {
    /// One registry entry: the ISD, a security domain, an application or an executable load file.
    public struct Entry: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case issuerSecurityDomain, securityDomain, application, executableLoadFile
        }
        public var kind: Kind
        public var aid: [UInt8]
        /// Life cycle state (GP CS v2.3.1 §11.1.1): ELF 01 LOADED; application 03 INSTALLED,
        /// 07 SELECTABLE, 0F PERSONALIZED (application specific), 83 LOCKED; ISD 0F SECURED.
        public var lifeCycle: UInt8
        /// Three privilege bytes (GP CS v2.3.1 §11.1.2); all zero for load files.
        public var privileges: [UInt8]
        /// Applications and SDs: the executable load file they were installed from.
        public var loadFile: [UInt8]?
        /// The associated security domain (GP CS v2.3.1 §11.4.2.2 tag CC).
        public var associatedSecurityDomain: [UInt8]?
        /// Load files: their executable modules.
        public var modules: [[UInt8]]
        /// Load files: version number (major, minor).
        public var version: [UInt8]?

        public init(
            kind: Kind, aid: [UInt8], lifeCycle: UInt8, privileges: [UInt8] = [0, 0, 0], loadFile: [UInt8]? = nil,
            associatedSecurityDomain: [UInt8]? = nil, modules: [[UInt8]] = [], version: [UInt8]? = nil
        ) {
            self.kind = kind
            self.aid = aid
            self.lifeCycle = lifeCycle
            self.privileges = privileges
            self.loadFile = loadFile
            self.associatedSecurityDomain = associatedSecurityDomain
            self.modules = modules
            self.version = version
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// The ISD, SDs and applications, in registry order.
    public var applications: [Entry] { entries.filter { $0.kind != .executableLoadFile } }
    public var loadFiles: [Entry] { entries.filter { $0.kind == .executableLoadFile } }

    /// Life cycle values used below (GP CS v2.3.1 §11.1.1).
    public enum LifeCycle {
        public static let loaded: UInt8 = 0x01
        public static let selectable: UInt8 = 0x07
        public static let personalized: UInt8 = 0x0F
        public static let locked: UInt8 = 0x83
        public static let secured: UInt8 = 0x0F
    }
}

/// AIDs of the virtual card's content.
public enum DemoAID {
    public static let isd: [UInt8] = [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00]
    public static let supplementarySD: [UInt8] = [0xA0, 0x00, 0x00, 0x01, 0x51, 0x53, 0x50, 0x41]
    /// "2PAY.SYS.DDF01" (EMV Book B §3.3.1).
    public static let ppse: [UInt8] = Array("2PAY.SYS.DDF01".utf8)
    /// Demo payment applications under an RID that no payment scheme uses.
    public static let demoDebit: [UInt8] = [0xA0, 0x00, 0x00, 0x09, 0x99, 0x01, 0x01]
    public static let demoCredit: [UInt8] = [0xA0, 0x00, 0x00, 0x09, 0x99, 0x01, 0x02]
    /// NIST SP 800-73-4 Part 1 §2.2: the PIV card application AID with version.
    public static let piv: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00]
    public static let demoHello: [UInt8] = [0xA0, 0x00, 0x00, 0x09, 0x99, 0x02, 0x01]
    public static let demoLoyalty: [UInt8] = [0xA0, 0x00, 0x00, 0x09, 0x99, 0x02, 0x02]

    public static let javaLang: [UInt8] = [0xA0, 0x00, 0x00, 0x00, 0x62, 0x00, 0x01]
    public static let javacardFramework: [UInt8] = [0xA0, 0x00, 0x00, 0x00, 0x62, 0x01, 0x01]
    public static let javacardSecurity: [UInt8] = [0xA0, 0x00, 0x00, 0x00, 0x62, 0x01, 0x02]
    public static let javacardxCrypto: [UInt8] = [0xA0, 0x00, 0x00, 0x00, 0x62, 0x02, 0x01]
    public static let globalPlatformAPI: [UInt8] = [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00]
    public static let securityDomainPackage: [UInt8] = [0xA0, 0x00, 0x00, 0x01, 0x51, 0x53, 0x50]
    public static let demoPaymentPackage: [UInt8] = [0xA0, 0x00, 0x00, 0x09, 0x99, 0x01]
    public static let demoPaymentModule: [UInt8] = [0xA0, 0x00, 0x00, 0x09, 0x99, 0x01, 0x01, 0x01]
    public static let demoPPSEModule: [UInt8] = [0xA0, 0x00, 0x00, 0x09, 0x99, 0x01, 0x02, 0x01]
    public static let pivPackage: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10]
    public static let pivModule: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00]
    public static let demoToolsPackage: [UInt8] = [0xA0, 0x00, 0x00, 0x09, 0x99, 0x02]
    public static let demoToolsModule: [UInt8] = [0xA0, 0x00, 0x00, 0x09, 0x99, 0x02, 0x01, 0x01]
}

extension Registry {
    /// The content of the virtual card.
    public static let demo: Registry = {
        typealias E = Entry
        let isd = DemoAID.isd
        let sdPackage = DemoAID.securityDomainPackage
        return Registry(entries: [
            E(
                kind: .issuerSecurityDomain, aid: isd, lifeCycle: LifeCycle.secured, privileges: [0x9E, 0xFE, 0x80],
                loadFile: sdPackage, associatedSecurityDomain: isd),
            E(
                kind: .securityDomain, aid: DemoAID.supplementarySD, lifeCycle: LifeCycle.selectable,
                privileges: [0x80, 0xC0, 0x00], loadFile: sdPackage, associatedSecurityDomain: isd),
            E(
                kind: .application, aid: DemoAID.ppse, lifeCycle: LifeCycle.selectable,
                loadFile: DemoAID.demoPaymentPackage, associatedSecurityDomain: isd),
            E(
                kind: .application, aid: DemoAID.demoDebit, lifeCycle: LifeCycle.personalized,
                loadFile: DemoAID.demoPaymentPackage, associatedSecurityDomain: isd),
            E(
                kind: .application, aid: DemoAID.demoCredit, lifeCycle: LifeCycle.personalized,
                loadFile: DemoAID.demoPaymentPackage, associatedSecurityDomain: isd),
            E(
                kind: .application, aid: DemoAID.piv, lifeCycle: LifeCycle.personalized,
                loadFile: DemoAID.pivPackage, associatedSecurityDomain: DemoAID.supplementarySD),
            E(
                kind: .application, aid: DemoAID.demoHello, lifeCycle: LifeCycle.selectable,
                loadFile: DemoAID.demoToolsPackage, associatedSecurityDomain: isd),
            E(
                kind: .application, aid: DemoAID.demoLoyalty, lifeCycle: LifeCycle.locked,
                loadFile: DemoAID.demoToolsPackage, associatedSecurityDomain: isd),
            E(
                kind: .executableLoadFile, aid: DemoAID.javaLang, lifeCycle: LifeCycle.loaded,
                associatedSecurityDomain: isd, version: [1, 0]),
            E(
                kind: .executableLoadFile, aid: DemoAID.javacardFramework, lifeCycle: LifeCycle.loaded,
                associatedSecurityDomain: isd, version: [1, 8]),
            E(
                kind: .executableLoadFile, aid: DemoAID.javacardSecurity, lifeCycle: LifeCycle.loaded,
                associatedSecurityDomain: isd, version: [1, 8]),
            E(
                kind: .executableLoadFile, aid: DemoAID.javacardxCrypto, lifeCycle: LifeCycle.loaded,
                associatedSecurityDomain: isd, version: [1, 8]),
            E(
                kind: .executableLoadFile, aid: DemoAID.globalPlatformAPI, lifeCycle: LifeCycle.loaded,
                associatedSecurityDomain: isd, version: [1, 7]),
            E(
                kind: .executableLoadFile, aid: sdPackage, lifeCycle: LifeCycle.loaded,
                associatedSecurityDomain: isd, modules: [DemoAID.supplementarySD], version: [1, 0]),
            E(
                kind: .executableLoadFile, aid: DemoAID.demoPaymentPackage, lifeCycle: LifeCycle.loaded,
                associatedSecurityDomain: isd, modules: [DemoAID.demoPaymentModule, DemoAID.demoPPSEModule],
                version: [1, 2]),
            E(
                kind: .executableLoadFile, aid: DemoAID.pivPackage, lifeCycle: LifeCycle.loaded,
                associatedSecurityDomain: isd, modules: [DemoAID.pivModule], version: [1, 0]),
            E(
                kind: .executableLoadFile, aid: DemoAID.demoToolsPackage, lifeCycle: LifeCycle.loaded,
                associatedSecurityDomain: isd, modules: [DemoAID.demoToolsModule], version: [1, 0]),
        ])
    }()
}
