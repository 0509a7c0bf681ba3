import Curl
import Testing

/// URLs read the way libcurl reads them: what counts as this host, what carries a credential,
/// and what of a URL may be logged.
@Suite struct CurlURLTests {
    @Test(arguments: [
        ("smtp://127.0.0.1:25", true), ("smtp://localhost", true), ("smtp://[::1]:587", true),
        ("smtp://127.8.9.10", true), ("smtp://relay.example:587", false), ("smtp://127.0.0.1.relay.example", false),
        ("smtp://[::2]", false), ("smtp://128.0.0.1", false),
    ])
    func onlyThisHostIsLoopback(url: String, loopback: Bool) {
        #expect(CurlURL(url)?.isLoopback == loopback)
    }

    @Test func credentialsInTheURLAreSeen() {
        #expect(CurlURL("smtp://shop:s3cret@relay.example")?.hasCredentials == true)
        #expect(CurlURL("smtp://shop@relay.example")?.hasCredentials == true)
        #expect(CurlURL("smtp://relay.example")?.hasCredentials == false)
    }

    @Test(arguments: [
        ("https://user:s3cret@shop.example/feed.xml?key=abc", "https://shop.example/feed.xml?…"),
        ("https://shop.example:8443/feed.xml", "https://shop.example:8443/feed.xml"),
        ("https://shop.example/feed.xml", "https://shop.example/feed.xml"),
        ("not a url s3cret", "(not a URL)"),
    ])
    func aLoggableURLHasNoCredentialOrQuery(url: String, logged: String) {
        #expect(CurlURL.loggable(url) == logged)
    }
}
