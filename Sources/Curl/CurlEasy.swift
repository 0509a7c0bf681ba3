import CCurl

/// One libcurl easy handle. Explicitly not `Sendable`: libcurl's rule is one handle per thread
/// at a time, so a handle lives inside one actor that runs on its own thread.
///
/// The handle keeps its connection cache between transfers: "libcurl will reuse connections
/// when the same handle is used for subsequent transfers" (libcurl-tutorial), which is how one
/// SMTP connection carries many messages.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer

    /// `curl_global_init` must run before any other call and is not thread-safe in every build;
    /// a `static let` runs it exactly once.
    private static let global: Int = Int(curl_global_init(Int(CURL_GLOBAL_ALL)).rawValue)

    init() throws(CurlError) {
        guard Self.global == 0 else { throw CurlError(code: Self.global, message: "curl_global_init failed") }
        guard let handle = curl_easy_init() else { throw CurlError(code: -1, message: "curl_easy_init failed") }
        self.handle = handle
    }

    deinit { curl_easy_cleanup(handle) }

    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(restock_curl_setopt_long(handle, option, value))
    }

    /// libcurl copies string options (since 7.17.0), so `value` need not outlive the call.
    func set(_ option: CURLoption, _ value: String?) throws(CurlError) {
        let code: CURLcode
        if let value {
            code = value.withCString { restock_curl_setopt_string(handle, option, $0) }
        } else {
            code = restock_curl_setopt_string(handle, option, nil)
        }
        try check(code)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(restock_curl_setopt_pointer(handle, option, pointer))
    }

    func set(_ option: CURLoption, list: UnsafeMutablePointer<curl_slist>?) throws(CurlError) {
        try check(restock_curl_setopt_slist(handle, option, list))
    }

    func setRead(_ callback: curl_read_callback) throws(CurlError) {
        try check(restock_curl_setopt_read_function(handle, callback))
    }

    func setWrite(_ option: CURLoption, _ callback: curl_write_callback) throws(CurlError) {
        try check(restock_curl_setopt_write_function(handle, option, callback))
    }

    func setDebug(_ callback: curl_debug_callback) throws(CurlError) {
        try check(restock_curl_setopt_debug_function(handle, callback))
    }

    func info(_ info: CURLINFO) -> Int {
        var value = 0
        _ = restock_curl_getinfo_long(handle, info, &value)
        return value
    }

    /// Runs the transfer; the error carries the reply code the server last sent.
    func perform() -> CURLcode { curl_easy_perform(handle) }

    func check(_ code: CURLcode) throws(CurlError) {
        guard code != CURLE_OK else { return }
        throw CurlError(code: Int(code.rawValue), message: Self.describe(code))
    }

    static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}
