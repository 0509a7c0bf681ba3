import Crypto
import Foundation

extension ReceiptKey {
    /// The receipt of a delivery whose signature covers its body and nothing else (Shopify,
    /// WooCommerce): the body's SHA-256.
    ///
    /// A header id (`X-Shopify-Event-Id`, `X-WC-Webhook-ID`) cannot serve: it is not signed, so
    /// a captured delivery sent again under a new id would count as new. Two deliveries with the
    /// same bytes carry the same state and the same signed time, and since nothing they do is
    /// taken from a header, the second could change nothing anyway: dropping it loses nothing.
    public init(source: String, signedBody body: Data) {
        self.init(source: source, id: "sha256:" + SHA256.hash(data: body).lowercaseHex)
    }
}
