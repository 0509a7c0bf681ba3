import CCurl
import Foundation
import Threading

/// What a conditional GET learned: 200 with the new validators, or 304 when nothing changed.
public struct HTTPFetchResult: Sendable, Hashable {
    public var status: Int
    /// `ETag` of the response, for the next request's `If-None-Match`.
    public var etag: String?
    /// `Last-Modified` of the response, for the next request's `If-Modified-Since`.
    public var lastModified: String?
    /// Body bytes handed to the caller (0 for a 304).
    public var bytes: Int

    public var notModified: Bool { status == 304 }
}

/// A conditional HTTP(S) GET that streams the body to the caller piece by piece, so a feed of
/// 100,000 products is parsed as it arrives instead of being held whole first. The transfer runs
/// on a thread of its own (``WorkerThread``): `curl_easy_perform` blocks until it ends.
public actor HTTPFetcher {
    private let executor: WorkerThread
    private var easy: CurlEasy?
    nonisolated public var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    public init(label: String = "curl.http") {
        executor = WorkerThread(name: label)
    }

    deinit { executor.stop() }

    /// GETs `url`, sending `If-None-Match: etag` and `If-Modified-Since: lastModified` when
    /// given; `body` receives the response body in order (never for a 304 or an error status).
    /// Connections are reused between calls. Throws ``CurlError`` for transport failures; an
    /// HTTP error status is returned, not thrown, with no body delivered.
    ///
    /// `headers` are extra request header lines (`"Accept: application/json"`); `credentials`
    /// are header lines that prove who we are (`"X-Auth-Token: …"`). Redirects are followed
    /// (up to 5) only when there are no `credentials`: libcurl sends every custom header to
    /// whatever host a redirect names, so a token would go to a host that merely answered
    /// `Location:` (it keeps only `Authorization` and `Cookie` to the first host). With
    /// credentials, a 3xx is returned like any other status, for the caller to log and retry.
    public func get(
        _ url: String, etag: String? = nil, lastModified: String? = nil, headers extra: [String] = [],
        credentials: [String] = [], timeout: Duration = .seconds(120),
        body: @escaping @Sendable ([UInt8]) throws -> Void
    ) throws -> HTTPFetchResult {
        if easy == nil { easy = try CurlEasy() }
        let easy = easy!
        let fetch = Fetch(body: body)
        let context = Unmanaged.passUnretained(fetch).toOpaque()
        var headers: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headers) }
        if let etag { headers = curl_slist_append(headers, "If-None-Match: \(etag)") }
        if let lastModified { headers = curl_slist_append(headers, "If-Modified-Since: \(lastModified)") }
        for line in extra + credentials { headers = curl_slist_append(headers, line) }
        try easy.set(CURLOPT_URL, url)
        try easy.set(CURLOPT_HTTPGET, 1)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_FOLLOWLOCATION, credentials.isEmpty ? 1 : 0)
        try easy.set(CURLOPT_MAXREDIRS, 5)
        try easy.set(CURLOPT_TIMEOUT_MS, timeout.milliseconds)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, 10_000)
        // An empty string asks for every encoding libcurl can decode (gzip feeds are common).
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        try easy.set(CURLOPT_HTTPHEADER, list: headers)
        try easy.setWrite(CURLOPT_WRITEFUNCTION, receiveBody)
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.setWrite(CURLOPT_HEADERFUNCTION, receiveHeader)
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        let code = withExtendedLifetime(fetch) { easy.perform() }
        if let error = fetch.bodyError { throw error }
        try easy.check(code)
        let status = easy.info(CURLINFO_RESPONSE_CODE)
        return HTTPFetchResult(status: status, etag: fetch.etag, lastModified: fetch.lastModified, bytes: fetch.bytes)
    }
}

/// One GET's state, for the C callbacks.
private final class Fetch {
    let body: @Sendable ([UInt8]) throws -> Void
    var etag: String?
    var lastModified: String?
    var status = 0
    var bytes = 0
    var bodyError: (any Error)?

    init(body: @escaping @Sendable ([UInt8]) throws -> Void) { self.body = body }
}

/// `CURLOPT_WRITEFUNCTION`: hands body bytes to the caller, only for a 2xx response (an error
/// page is not a feed). Returning less than given aborts the transfer, which is how a body
/// error stops it.
private let receiveBody: curl_write_callback = { pointer, size, count, context in
    let length = size * count
    guard let pointer, let context else { return length }
    let fetch = Unmanaged<Fetch>.fromOpaque(context).takeUnretainedValue()
    guard (200..<300).contains(fetch.status) else { return length }
    do {
        try fetch.body(Array(UnsafeRawBufferPointer(start: pointer, count: length)))
        fetch.bytes += length
        return length
    } catch {
        fetch.bodyError = error
        return 0
    }
}

/// `CURLOPT_HEADERFUNCTION`: one header line at a time; a status line starts a new response
/// (after a redirect), so validators are reset there.
private let receiveHeader: curl_write_callback = { pointer, size, count, context in
    let length = size * count
    guard let pointer, let context else { return length }
    let fetch = Unmanaged<Fetch>.fromOpaque(context).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix("HTTP/") {
        let parts = line.split(separator: " ")
        fetch.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        fetch.etag = nil
        fetch.lastModified = nil
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if name == "etag" { fetch.etag = value }
        if name == "last-modified" { fetch.lastModified = value }
    }
    return length
}
