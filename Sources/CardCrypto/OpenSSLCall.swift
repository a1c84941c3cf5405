internal import COpenSSL

/// Checks an OpenSSL return code (1 = success) and turns a failure into `CryptoError.openSSL`.
@inline(__always)
func check(_ result: Int32, _ function: String) throws(CryptoError) {
    guard result == 1 else { throw openSSLError(function) }
}

/// Builds the error for a failed OpenSSL call and clears the thread's error queue.
func openSSLError(_ function: String) -> CryptoError {
    let code = ERR_get_error()
    ERR_clear_error()
    return .openSSL(function: function, code: UInt(code))
}

/// A C string with static lifetime, for OSSL_PARAM keys that OpenSSL keeps by reference.
@inline(__always)
func staticCString(_ string: StaticString) -> UnsafePointer<CChar> {
    precondition(string.hasPointerRepresentation, "parameter names are ASCII literals")
    return UnsafeRawPointer(string.utf8Start).assumingMemoryBound(to: CChar.self)
}
