/// Where and how to submit mail.
///
/// - `url`: `smtp://host[:port]` (STARTTLS as ``tls`` says) or `smtps://host[:port]` (TLS from
///   the first byte). A path names the EHLO host (`smtp://relay.example:587/shop.example`), as
///   libcurl reads it. Credentials may sit in the URL (`smtp://user:pass@host`), or in
///   ``username`` and ``password`` so they can be kept in a secret store apart from the URL.
public struct SMTPConfiguration: Sendable, Hashable {
    /// When `smtp://` upgrades the connection with STARTTLS.
    public enum TLS: Sendable, Hashable {
        /// Upgrade when the server offers STARTTLS, else go on in clear (`CURLUSESSL_TRY`);
        /// with credentials, the upgrade is required (see ``effectiveTLS``).
        case whenOffered
        /// Refuse to send unless the upgrade succeeds (`CURLUSESSL_ALL`).
        case required
        /// Never upgrade: a relay on loopback or a test server.
        case never
    }

    public var url: String
    public var username: String?
    public var password: String?
    public var tls: TLS
    /// Connections kept open side by side; each carries one message at a time.
    public var connections: Int
    /// Bound on connecting, TLS included.
    public var connectTimeout: Duration
    /// Bound on one message, from `MAIL FROM` to the reply after `.`.
    public var messageTimeout: Duration
    /// Lets credentials cross an `smtp://` connection that STARTTLS did not protect: only for a
    /// relay on the same host, where nothing is on the wire (`restockd` refuses it for any
    /// other host).
    public var allowPlaintextAuth: Bool

    public init(
        url: String, username: String? = nil, password: String? = nil, tls: TLS = .whenOffered,
        connections: Int = 4, connectTimeout: Duration = .seconds(10), messageTimeout: Duration = .seconds(60),
        allowPlaintextAuth: Bool = false
    ) {
        precondition(connections >= 1, "connections must be at least 1")
        self.allowPlaintextAuth = allowPlaintextAuth
        self.url = url
        self.username = username
        self.password = password
        self.tls = tls
        self.connections = connections
        self.connectTimeout = connectTimeout
        self.messageTimeout = messageTimeout
    }
}

extension SMTPConfiguration {
    /// Whether a login will be offered: a username or password set apart, or `user:pass@` in
    /// the URL.
    public var hasCredentials: Bool {
        username != nil || password != nil || CurlURL(url)?.hasCredentials == true
    }

    /// The TLS the connection uses. With credentials and no opt-in, `smtp://` must upgrade:
    /// libcurl's `CURLUSESSL_TRY` goes on in clear when a server (or anyone on the path who
    /// strips the `STARTTLS` capability) does not offer it, and would then send the password
    /// as base64. A server that cannot upgrade is then a fault of the path, and the password
    /// never leaves the host.
    public var effectiveTLS: TLS {
        guard hasCredentials, !allowPlaintextAuth else { return tls }
        return .required
    }
}

extension Duration {
    /// Whole milliseconds, for libcurl's `_MS` options.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
