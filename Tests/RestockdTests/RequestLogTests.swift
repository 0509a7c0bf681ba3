import Testing

@testable import RestockHTTP

/// What a request log line may show of a path: route words, never a token, an id or a
/// prober's text.
@Suite struct RequestLogTests {
    @Test(arguments: [
        ("/t/c/eyJhbGciOi.abc-_123", "/t/c/…"),
        ("/t/o/token", "/t/o/…"),
        ("/u/secret-token", "/u/…"),
        ("/r/secret-token/extra", "/r/…/…"),
        ("/v1/watches", "/v1/watches"),
        ("/webhooks/shopify/admin", "/webhooks/shopify/admin"),
        ("/", "/"),
        ("/wp-admin/setup.php", "/…/…"),
        ("/a/b/x/d/e/f/g/h/i", "/…/…/…/…/…/…/…"),
    ])
    func tokensAndUnknownSegmentsAreReplaced(path: String, logged: String) {
        #expect(RedactedPath(path).description == logged)
    }
}
