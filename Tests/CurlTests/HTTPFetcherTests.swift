import Curl
import Foundation
import RestockTestSupport
import Synchronization
import Testing

/// Conditional GETs against a local HTTP server (Python's http.server), the way the feed poller
/// will poll a shop's product feed.
@Suite struct HTTPFetcherTests {
    /// Serves `/feed` (about 1 MiB, `ETag: "v1"`, answering 304 to `If-None-Match: "v1"` or a
    /// matching `If-Modified-Since`) and 404 for anything else; prints its port.
    static let script = #"""
        import http.server, sys
        BODY = b"".join(b"<item><g:id>%d</g:id></item>\n" % n for n in range(40000))
        STAMP = "Tue, 01 Dec 2026 10:00:00 GMT"
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def do_GET(self):
                if self.path != "/feed":
                    self.send_response(404); self.send_header("Content-Length", "9"); self.end_headers()
                    self.wfile.write(b"not found"); return
                if self.headers.get("If-None-Match") == '"v1"' or self.headers.get("If-Modified-Since") == STAMP:
                    self.send_response(304); self.send_header("ETag", '"v1"'); self.end_headers(); return
                self.send_response(200)
                self.send_header("ETag", '"v1"'); self.send_header("Last-Modified", STAMP)
                self.send_header("Content-Length", str(len(BODY))); self.end_headers()
                self.wfile.write(BODY)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    @Test func aSecondPollWithTheValidatorsIsNotModifiedAndDeliversNothing() async throws {
        let server = try PythonServer(script: Self.script)
        defer { server.stop() }
        let fetcher = HTTPFetcher()
        let received = Mutex<[UInt8]>([])
        let first = try await fetcher.get("http://127.0.0.1:\(server.port)/feed") { chunk in
            received.withLock { $0 += chunk }
        }
        #expect(first.status == 200)
        #expect(first.etag == "\"v1\"")
        #expect(first.lastModified == "Tue, 01 Dec 2026 10:00:00 GMT")
        let body = received.withLock { $0 }
        #expect(first.bytes == body.count)
        #expect(String(decoding: body.suffix(29), as: UTF8.self) == "<item><g:id>39999</g:id></item>\n".suffix(29))

        let calls = Mutex(0)
        let second = try await fetcher.get("http://127.0.0.1:\(server.port)/feed", etag: first.etag) { _ in
            calls.withLock { $0 += 1 }
        }
        #expect(second.notModified)
        #expect(calls.withLock { $0 } == 0)
        let byDate = try await fetcher.get("http://127.0.0.1:\(server.port)/feed", lastModified: first.lastModified) {
            _ in
        }
        #expect(byDate.notModified)
    }

    @Test func anErrorStatusIsReturnedWithoutABody() async throws {
        let server = try PythonServer(script: Self.script)
        defer { server.stop() }
        let calls = Mutex(0)
        let result = try await HTTPFetcher().get("http://127.0.0.1:\(server.port)/missing") { _ in
            calls.withLock { $0 += 1 }
        }
        #expect(result.status == 404)
        #expect(calls.withLock { $0 } == 0)
    }

    @Test func aBodyHandlerThatThrowsStopsTheTransferWithItsError() async throws {
        struct Enough: Error {}
        let server = try PythonServer(script: Self.script)
        defer { server.stop() }
        await #expect(throws: Enough.self) {
            try await HTTPFetcher().get("http://127.0.0.1:\(server.port)/feed") { _ in throw Enough() }
        }
    }

    /// Answers every GET with 200, and appends each request's `X-Auth-Token` (or `-`) to the
    /// file named by its second argument: what a host a redirect points to would see.
    static let elsewhere = #"""
        import http.server, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def do_GET(self):
                with open(sys.argv[1], "a") as f:
                    f.write((self.headers.get("X-Auth-Token") or "-") + "\n")
                self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers()
                self.wfile.write(b"ok")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    /// Redirects every GET to the URL given as its second argument.
    static let redirector = #"""
        import http.server, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def do_GET(self):
                self.send_response(302); self.send_header("Location", sys.argv[1])
                self.send_header("Content-Length", "0"); self.end_headers()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    /// An API token is a credential: a redirect to another host is not followed, so the token
    /// never reaches it; the 3xx comes back for the caller to log and retry. Without
    /// credentials (a public feed) redirects are still followed.
    @Test func aCredentialNeverFollowsARedirectToAnotherHost() async throws {
        let seen = NSTemporaryDirectory() + "restock-redirect-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: seen) }
        let other = try PythonServer(script: Self.elsewhere, arguments: [seen])
        defer { other.stop() }
        let redirector = try PythonServer(script: Self.redirector, arguments: ["http://127.0.0.1:\(other.port)/steal"])
        defer { redirector.stop() }
        let fetcher = HTTPFetcher()
        let result = try await fetcher.get(
            "http://127.0.0.1:\(redirector.port)/v3/catalog", headers: ["Accept: application/json"],
            credentials: ["X-Auth-Token: bc-secret-token"]
        ) { _ in }
        #expect(result.status == 302)
        #expect(!FileManager.default.fileExists(atPath: seen), "the redirect was followed")

        // The same handle, without credentials, follows it (and sends no token: it has none).
        let feed = try await fetcher.get("http://127.0.0.1:\(redirector.port)/feed") { _ in }
        #expect(feed.status == 200)
        #expect(try String(contentsOfFile: seen, encoding: .utf8) == "-\n")
    }
}
