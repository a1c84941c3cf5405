// swift-tools-version:6.1
import PackageDescription

// Layers, imports pointing down only (see docs/architecture.md):
// executables -> LineEditor / CardshEngine -> transports, SecureChannel -> CardCrypto -> CardCore.
// Each C library has exactly one Swift importer.
let package = Package(
    name: "cardsh",
    products: [
        .executable(name: "cardsh", targets: ["cardsh"]),
        .executable(name: "cardsh-sim", targets: ["cardsh-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // C libraries.
        .systemLibrary(
            name: "CPCSCLite", pkgConfig: "libpcsclite",
            providers: [.apt(["libpcsclite-dev"])]),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CLibEdit", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .target(name: "CLibEditShims", dependencies: ["CLibEdit"]),

        // Pure layers.
        .target(name: "CardCore"),
        .target(name: "CardshLanguage"),
        .target(name: "CardCrypto", dependencies: ["CardCore", "COpenSSL"]),
        .target(name: "SecureChannel", dependencies: ["CardCore", "CardCrypto"]),

        // Transports.
        .target(name: "TransportPCSC", dependencies: ["CardCore", "CPCSCLite"]),
        .target(name: "TransportSim", dependencies: ["CardCore", "CardCrypto", "SecureChannel"]),
        .target(name: "TransportReplay", dependencies: ["CardCore"]),

        // Shell.
        .target(
            name: "CardshEngine",
            dependencies: [
                "CardCore", "CardshLanguage", "CardCrypto", "SecureChannel", "TransportSim", "TransportReplay",
            ]),
        .target(name: "LineEditor", dependencies: ["CLibEdit", "CLibEditShims"]),
        .executableTarget(
            name: "cardsh",
            dependencies: [
                "CardshEngine", "TransportPCSC", "LineEditor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "cardsh-sim",
            dependencies: [
                "CardCore", "CardCrypto", "SecureChannel", "TransportSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // `make bench`: in-process measurements (TLV decoding, SCP03 secure messaging); see Bench/.
        .executableTarget(
            name: "cardsh-bench", dependencies: ["CardCore", "CardshEngine", "SecureChannel"],
            path: "Bench/cardsh-bench"),

        // Tests.
        .testTarget(name: "CardCoreTests", dependencies: ["CardCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CardshLanguageTests", dependencies: ["CardshLanguage", "CardCore"]),
        .testTarget(name: "CardCryptoTests", dependencies: ["CardCrypto"]),
        .testTarget(name: "SecureChannelTests", dependencies: ["SecureChannel", "CardCrypto", "CardCore", "CardshEngine"]),
        .testTarget(name: "TransportSimTests", dependencies: ["TransportSim", "CardCore", "SecureChannel", "CardCrypto"]),
        .testTarget(name: "TransportPCSCTests", dependencies: ["TransportPCSC", "CardCore"]),
        .testTarget(
            name: "CardshEngineTests",
            dependencies: ["CardshEngine", "CardCore", "CardCrypto", "SecureChannel", "TransportSim"],
            exclude: ["Golden", "Fixtures"]),
        .testTarget(name: "CLITests", dependencies: []),
        .testTarget(name: "EndToEndTests", dependencies: ["TransportPCSC", "TransportSim", "CardCore"], exclude: ["Peers"]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        .testTarget(name: "REPLTests", dependencies: []),
    ]
)
