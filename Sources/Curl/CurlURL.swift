import CCurl

/// A URL as libcurl itself reads it (its URL API, `curl_url`), so a decision about a URL (does
/// it carry credentials, is the host this one) is made on exactly what libcurl will connect to,
/// not on a second parser's reading of an odd URL.
public struct CurlURL: Sendable, Hashable {
    /// Lower-case, as libcurl normalises it (`https`).
    public var scheme: String
    /// The host without brackets, lower-cased (`::1`, `relay.example`).
    public var host: String
    /// Whether the URL carries a user name or password (`smtp://user:pass@relay`).
    public var hasCredentials: Bool

    /// `nil` when libcurl cannot parse `text` as a URL.
    public init?(_ text: String) {
        guard
            let parsed = Self.parsing(
                text,
                { handle -> CurlURL? in
                    guard let scheme = Self.part(handle, CURLUPART_SCHEME),
                        var host = Self.part(handle, CURLUPART_HOST)
                    else { return nil }
                    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
                    let credentials =
                        Self.part(handle, CURLUPART_USER) != nil || Self.part(handle, CURLUPART_PASSWORD) != nil
                    return CurlURL(scheme: scheme.lowercased(), host: host.lowercased(), hasCredentials: credentials)
                })
        else { return nil }
        self = parsed
    }

    private init(scheme: String, host: String, hasCredentials: Bool) {
        self.scheme = scheme
        self.host = host
        self.hasCredentials = hasCredentials
    }

    /// `localhost`, 127.0.0.0/8 or `::1`: a connection that never leaves this host.
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// `text` as it may appear in a log or an error: libcurl's own rendering of it without the
    /// user name, password and query (where feed and API URLs carry their keys), `?…` marking a
    /// query left out; `(not a URL)` when it does not parse, since the text may then be
    /// anything, a secret included.
    public static func loggable(_ text: String) -> String {
        parsing(text) { handle -> String? in
            let hasQuery = part(handle, CURLUPART_QUERY) != nil
            for part in [CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS, CURLUPART_QUERY, CURLUPART_FRAGMENT] {
                _ = curl_url_set(handle, part, nil, 0)
            }
            return part(handle, CURLUPART_URL).map { $0 + (hasQuery ? "?…" : "") }
        } ?? "(not a URL)"
    }

    /// Runs `body` on a URL handle holding `text`; `nil` when libcurl cannot parse it. Schemes
    /// libcurl was built without are still URLs (`CURLU_NON_SUPPORT_SCHEME`).
    private static func parsing<T>(_ text: String, _ body: (OpaquePointer) -> T?) -> T? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK else {
            return nil
        }
        return body(handle)
    }

    private static func part(_ handle: OpaquePointer, _ what: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>? = nil
        guard curl_url_get(handle, what, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
