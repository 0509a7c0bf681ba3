/// The BigCommerce store API, which thin webhooks send us back to. Keys (read in `restockd`):
/// - `restock.bigcommerce.storeHash` (string): the `abc123` of `stores/abc123`.
/// - `restock.bigcommerce.accessToken` (string, secret): an API account token with read access
///   to products and orders (sent as `X-Auth-Token`).
/// - `restock.bigcommerce.apiURL` (string, default `https://api.bigcommerce.com`): tests point
///   it at a local stand-in.
public struct BigCommerceConfiguration: Sendable, Equatable {
    public var storeHash: String
    public var accessToken: String
    public var apiURL: String

    public init(storeHash: String, accessToken: String, apiURL: String = "https://api.bigcommerce.com") {
        self.storeHash = storeHash
        self.accessToken = accessToken
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
    }

    /// `path` starts with `/v3/…` or `/v2/…`.
    func url(_ path: String) -> String { "\(apiURL)/stores/\(storeHash)\(path)" }
}
