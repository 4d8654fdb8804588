public import AdvisorCore
internal import COpenSSL

/// libcrypto could not be loaded: the commands that hash or sign cannot run (exit 3).
public struct CryptoLibraryError: AdvisorError, Sendable {
    public var failureKind: FailureKind { .runtime }
    public var detail: String
    public var description: String {
        "libcrypto.so.3 could not be loaded (\(detail)); install OpenSSL 3's library (Debian: apt-get install libssl3)"
    }
}

/// SHA-256 and HMAC-SHA256 from the system libcrypto. The only Swift code that touches OpenSSL.
///
/// libcrypto is loaded on first use (COpenSSL/shim.h says why). A command that hashes or signs
/// calls `requireLibrary()` before it starts, so a machine without libcrypto gets an error naming
/// it; the functions below assume that call was made and stop the process if libcrypto is missing.
public enum Digest {
    /// Loads libcrypto now, or says why it cannot be.
    public static func requireLibrary() throws(CryptoLibraryError) {
        if let failure = ccrypto().pointee.failure { throw CryptoLibraryError(detail: String(cString: failure)) }
    }

    /// The loaded functions. Reaching here without libcrypto means a command skipped `requireLibrary()`.
    static var library: Library {
        let functions = ccrypto().pointee
        if let failure = functions.failure {
            preconditionFailure(CryptoLibraryError(detail: String(cString: failure)).description)
        }
        return Library(functions)
    }

    /// libcrypto's functions, each found (the shim sets `failure` when one is not).
    struct Library {
        let ctxNew: @convention(c) () -> OpaquePointer?
        let ctxFree: @convention(c) (OpaquePointer?) -> Void
        let sha256: @convention(c) () -> OpaquePointer?
        let digestInit: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32
        let digestUpdate: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int) -> Int32
        let digestFinal: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt32>?) -> Int32
        let hmac:
            @convention(c) (
                OpaquePointer?, UnsafeRawPointer?, Int32, UnsafePointer<UInt8>?, Int,
                UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt32>?
            ) -> UnsafeMutablePointer<UInt8>?

        init(_ functions: ccrypto_functions) {
            ctxNew = functions.ctx_new!
            ctxFree = functions.ctx_free!
            sha256 = functions.sha256!
            digestInit = functions.digest_init!
            digestUpdate = functions.digest_update!
            digestFinal = functions.digest_final!
            hmac = functions.hmac!
        }
    }

    public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public static func hmacSHA256(key: [UInt8], data: some Collection<UInt8>) -> [UInt8] {
        let crypto = library
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = Array(data)
        key.withUnsafeBufferPointer { keyBuffer in
            bytes.withUnsafeBufferPointer { dataBuffer in
                _ = crypto.hmac(
                    crypto.sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                    dataBuffer.baseAddress, dataBuffer.count, &output, &length)
            }
        }
        return Array(output.prefix(Int(length)))
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8]()
        result.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Incremental SHA-256, for fingerprinting files read in chunks.
public final class SHA256Hasher {
    private let crypto: Digest.Library
    private let context: OpaquePointer

    public init() {
        crypto = Digest.library
        context = crypto.ctxNew()!
        _ = crypto.digestInit(context, crypto.sha256(), nil)
    }

    public func update(_ bytes: some Collection<UInt8>) {
        let done = bytes.withContiguousStorageIfAvailable { buffer in
            crypto.digestUpdate(context, buffer.baseAddress, buffer.count)
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { _ = crypto.digestUpdate(context, $0.baseAddress, $0.count) }
        }
    }

    /// The digest of everything passed to `update`; call once.
    public func finalize() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = crypto.digestFinal(context, &output, &length)
        return Array(output.prefix(Int(length)))
    }

    deinit { crypto.ctxFree(context) }
}
