import Configuration
import Crypto
import Curl
import Foundation
import RestockCore
import RestockEngine
import RestockMail

/// How `restockd` sends mail (docs/ARCHITECTURE.md §8: no configuration writes `.eml` files,
/// `smtp://` or `smtps://` switches to a server). Keys:
/// - `restock.mail.url` (string, secret, default `file:<dataDir>/mail`): `file:DIR`,
///   `smtp://[user:pass@]host[:port]` (STARTTLS per `restock.mail.tls`) or `smtps://…`.
/// - `restock.mail.username`, `restock.mail.password` (string, secret, default none): SMTP AUTH
///   kept apart from the URL.
/// - `restock.mail.tls` (`auto`, `required` or `never`, default `auto`): STARTTLS on `smtp://`.
///   With credentials (a username, a password, or `user:pass@` in the URL), `auto` requires the
///   upgrade, so a password never crosses an unprotected connection; `never` with credentials
///   is refused at start-up.
/// - `restock.mail.allowPlaintextAuth` (bool, default false): lets credentials go over an
///   `smtp://` connection without TLS (`auto` then falls back to clear, `never` stays clear),
///   only to a relay on this host (`localhost`, `127.0.0.0/8`, `::1`); refused for any other.
/// - `restock.mail.connections` (int, default 4): SMTP connections kept open.
/// - `restock.mail.from` (address, default `restock@localhost`), `restock.mail.fromName`
///   (default the shop's name), `restock.mail.bounce` (`MAIL FROM`, default the from address).
/// - `restock.mail.templates` (directory, default none): the shop's own templates, file by
///   file over the ones built into the binary (`restockd templates export DIR` writes those out).
/// - `restock.mail.dkim.domain`, `restock.mail.dkim.selector`, `restock.mail.dkim.keyFile`
///   (default none; all three or none): rsa-sha256 DKIM signing with the PEM key in the file.
/// - `restock.mail.dkim.ed25519.selector`, `restock.mail.dkim.ed25519.keyFile` (default none;
///   both or none, and only with RSA): a second, ed25519-sha256 signature (RFC 8463), with the
///   key as `openssl genpkey -algorithm ed25519` writes it.
///   Either key file may be the systemd credential of the key's name (``ConfigSources``); both
///   are read at most 64 KiB deep, as credentials are.
/// - `restock.shop.name` (default `Our shop`), `restock.shop.address` (postal address for the
///   footer, default empty), `restock.shop.url` (default none).
/// - `restock.http.publicURL` (default `http://<host>:<port>`): the base of links in emails.
/// - `restock.links.secret` (string, secret, default generated into `<dataDir>/link-secret`):
///   signs the tokens in unsubscribe, re-subscribe and confirm links; at least 16 characters.
/// - `restock.mail.giveUpHours` (int, default 24): a message still refused this long after it
///   was first refused for a reason of its own is marked failed instead of retried; time spent
///   paused on a fault of the path does not count.
/// - `restock.mail.ratePerSecond` (number, default none: as fast as the server takes): the most
///   messages handed to the transport per second, across all connections; bursts of up to one
///   message per connection. For relays with a sending quota (Amazon SES, Mailgun…).
/// - `restock.mail.leaseSeconds` (int, default 300): how long a message being sent stays this
///   daemon's. A message left `sending` by a crash, or in doubt after a connection lost before
///   the reply, is sent again when its lease ends.
/// - `restock.tracking.enabled` (bool, default true): product links go through `/t/c/…` and the
///   HTML part carries the open pixel `/t/o/…`; off, emails link straight to the shop and only
///   direct attribution is possible.
struct MailSettings {
    enum Transport: Equatable {
        case files(directory: String)
        case smtp(SMTPConfiguration)
    }

    var transport: Transport
    var mailer: MailerConfiguration
    var templateOverrides: String?
    var dkim: (domain: String, selector: String, keyFile: String)?
    var ed25519: (selector: String, keyFile: String)?
    var publicURL: String
    var linkSecret: String
    var giveUpHours: Int
    var ratePerSecond: Double?
    var leaseSeconds: Int
    var tracking: Bool
    /// The attribution click window, copied from the engine's configuration.
    var followUpAfter: Double = 5 * 86_400

    init(reader: ConfigReader, dataDirectory: String, host: String, port: Int) throws {
        let url = reader.checkedString(.mailURL) ?? "file:\(dataDirectory)/mail"
        // Checked whatever the transport, so a typo shows before someone switches to SMTP.
        let tls: SMTPConfiguration.TLS
        switch reader.checkedString(.mailTLS)?.lowercased() ?? "auto" {
        case "auto": tls = .whenOffered
        case "required": tls = .required
        case "never": tls = .never
        case let other:
            throw ConfigError(key: "restock.mail.tls", problem: "expected auto, required or never, got \"\(other)\"")
        }
        if url.hasPrefix("file:") {
            let directory = String(url.dropFirst("file:".count))
            guard !directory.isEmpty else {
                throw ConfigError(key: "restock.mail.url", problem: "file: needs a directory")
            }
            transport = .files(directory: directory)
        } else if url.hasPrefix("smtp://") || url.hasPrefix("smtps://") {
            let smtp = SMTPConfiguration(
                url: url, username: reader.checkedString(.mailUsername),
                password: reader.checkedString(.mailPassword), tls: tls,
                connections: try reader.checkedInt(.mailConnections, default: 4, range: 1...64),
                allowPlaintextAuth: try reader.checkedBool(.mailAllowPlaintextAuth, default: false))
            try Self.checkCredentialsTravelSafely(smtp)
            transport = .smtp(smtp)
        } else {
            throw ConfigError(key: "restock.mail.url", problem: "expected file:DIR, smtp://… or smtps://…")
        }

        let shop = ShopIdentity(
            name: reader.checkedString(.shopName) ?? "Our shop",
            address: reader.checkedString(.shopAddress) ?? "", url: reader.checkedString(.shopURL))
        let from = reader.checkedString(.mailFrom) ?? "restock@localhost"
        // The composer's own rule: an address it cannot write would fail every message.
        guard MailAddress(email: from).isWritable else {
            throw ConfigError(key: "restock.mail.from", problem: "expected an address like shop@example.com")
        }
        let bounce = reader.checkedString(.mailBounce)
        if let bounce, !MailAddress(email: bounce).isWritable {
            throw ConfigError(key: "restock.mail.bounce", problem: "expected an address like bounces@example.com")
        }
        mailer = MailerConfiguration(
            from: MailAddress(email: from, displayName: reader.checkedString(.mailFromName) ?? shop.name),
            bounceAddress: bounce, shop: shop)

        templateOverrides = reader.checkedString(.mailTemplates)

        let dkim = (
            reader.checkedString(.mailDKIMDomain), reader.checkedString(.mailDKIMSelector),
            reader.checkedString(.mailDKIMKeyFile)
        )
        switch dkim {
        case (nil, nil, nil): self.dkim = nil
        case let (domain?, selector?, keyFile?): self.dkim = (domain, selector, keyFile)
        default:
            throw ConfigError(
                key: dkim.0 == nil
                    ? "restock.mail.dkim.domain"
                    : dkim.1 == nil ? "restock.mail.dkim.selector" : "restock.mail.dkim.keyFile",
                problem: "DKIM needs restock.mail.dkim.domain, .selector and .keyFile together")
        }
        switch (
            reader.checkedString(.mailDKIMEd25519Selector),
            reader.checkedString(.mailDKIMEd25519KeyFile)
        ) {
        case (nil, nil): ed25519 = nil
        case let (selector?, keyFile?):
            guard self.dkim != nil else {
                throw ConfigError(
                    key: "restock.mail.dkim.ed25519.selector",
                    problem:
                        "an Ed25519 signature comes second to the RSA one: set restock.mail.dkim.domain, .selector and .keyFile too"
                )
            }
            ed25519 = (selector, keyFile)
        case (nil, _):
            throw ConfigError(
                key: "restock.mail.dkim.ed25519.selector", problem: "needed with restock.mail.dkim.ed25519.keyFile")
        case (_, nil):
            throw ConfigError(
                key: "restock.mail.dkim.ed25519.keyFile", problem: "needed with restock.mail.dkim.ed25519.selector")
        }
        // The base of every link and of `List-Unsubscribe` in every email: one without a scheme
        // or with a space would break them all, so a given one follows the rule of any mailed URL.
        let givenURL = reader.checkedString(.httpPublicURL)
        if let givenURL, let problem = WebAddress.problem(givenURL) {
            throw ConfigError(key: "restock.http.publicURL", problem: problem)
        }
        publicURL = givenURL ?? "http://\(host):\(port)"
        let linkSecret =
            try reader.checkedString(.linksSecret)
            ?? GeneratedSecret.load(name: "link-secret", in: dataDirectory)
        guard linkSecret.count >= 16 else {
            throw ConfigError(key: "restock.links.secret", problem: "must be at least 16 characters")
        }
        self.linkSecret = linkSecret
        giveUpHours = try reader.checkedInt(.mailGiveUpHours, default: 24, range: 1...720)
        ratePerSecond = try reader.checkedDouble(.mailRatePerSecond, range: 0.01...1_000_000)
        leaseSeconds = try reader.checkedInt(.mailLeaseSeconds, default: 300, range: 5...86_400)
        tracking = try reader.checkedBool(.trackingEnabled, default: true)
    }

    /// How the dispatcher paces: two messages in flight per SMTP connection, so one is being
    /// rendered, signed or recorded while the other is on the wire (measured with
    /// `restock-bench --only mail-throughput`: about a fifth faster than one per connection).
    var dispatcher: DispatcherConfiguration {
        let concurrency: Int =
            switch transport {
            case .files: 4
            case .smtp(let smtp): 2 * smtp.connections
            }
        return DispatcherConfiguration(
            concurrency: concurrency, lease: Double(leaseSeconds),
            retry: RetryPolicy(giveUpAfter: Double(giveUpHours) * 3600),
            publicURL: publicURL, linkSecret: SymmetricKey(data: Data(linkSecret.utf8)),
            rateLimit: ratePerSecond.map { SendRateLimit(perSecond: $0, burst: concurrency) }, tracking: tracking,
            followUpAfter: followUpAfter)
    }

    /// Loads the templates and the DKIM key and builds the transport: every file problem is a
    /// start-up error naming its key.
    func makeMailer() throws -> Mailer {
        let templates = try loadTemplates()
        var signer: DKIMSigner?
        if let dkim {
            let pem = try Self.readKey(dkim.keyFile, key: .mailDKIMKeyFile)
            var ed25519Key: DKIMSigner.Ed25519Key?
            if let ed25519 {
                let text = try Self.readKey(ed25519.keyFile, key: .mailDKIMEd25519KeyFile)
                do {
                    ed25519Key = try DKIMSigner.Ed25519Key(selector: ed25519.selector, keyText: text)
                } catch {
                    // The details name the file's problem, never the key.
                    throw ConfigError(key: "restock.mail.dkim.ed25519.keyFile", problem: error.debugDescription)
                }
            }
            do {
                signer = try DKIMSigner(
                    domain: dkim.domain, selector: dkim.selector, rsaPrivateKeyPEM: pem, ed25519: ed25519Key)
            } catch {
                throw ConfigError(key: "restock.mail.dkim.keyFile", problem: error.description)
            }
        }
        let transport: any MailTransport =
            switch self.transport {
            case .files(let directory): FileTransport(directory: directory)
            case .smtp(let configuration): SMTPTransport(configuration: configuration)
            }
        return Mailer(configuration: mailer, templates: templates, signer: signer, transport: transport)
    }

    /// A DKIM private key's PEM text, read as boundedly as a credential (which it may be).
    static func readKey(_ path: String, key: SettingKey) throws -> String {
        let label = "the key file"
        guard
            let data = try BoundedFile.readIfPresent(
                path, limit: ConfigSources.credentialLimit, key: key.rawValue, label: label)
        else {
            throw ConfigError(key: key.rawValue, problem: "cannot read \(label) \(path): it does not exist")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads and parses every template file: at start-up, `check-config` and each reload.
    func loadTemplates() throws -> TemplateSet {
        try Self.loadTemplates(overrides: templateOverrides)
    }

    static func loadTemplates(overrides templateOverrides: String?) throws -> TemplateSet {
        do {
            return try TemplateSet(overrides: templateOverrides.map { URL(fileURLWithPath: $0) })
        } catch let error as MailError {
            throw ConfigError(key: "restock.mail.templates", problem: String(reflecting: error))
        }
    }

    /// Credentials never cross a connection TLS does not protect, unless the operator opted in
    /// for a relay on this host, where nothing is on the wire. Contradictory settings stop
    /// start-up naming the key to change.
    static func checkCredentialsTravelSafely(_ smtp: SMTPConfiguration) throws {
        guard smtp.url.hasPrefix("smtp://"), smtp.hasCredentials else { return }
        if smtp.allowPlaintextAuth {
            guard CurlURL(smtp.url)?.isLoopback == true else {
                throw ConfigError(
                    key: "restock.mail.allowPlaintextAuth",
                    problem:
                        "only for a relay on this host (localhost, 127.0.0.1, ::1): credentials for any other host go over TLS"
                )
            }
        } else if smtp.tls == .never {
            throw ConfigError(
                key: "restock.mail.tls",
                problem:
                    "never would send the relay's credentials in clear: use auto or required (or smtps://); for a relay on this host, also set restock.mail.allowPlaintextAuth=true"
            )
        }
    }

    /// The transport as an operator may see it: never a password.
    var transportDescription: String {
        switch transport {
        case .files(let directory): "file:\(directory) (.eml files, nothing is sent)"
        case .smtp(let smtp):
            "\(DaemonConfiguration.redacted(smtp.url)), \(smtp.connections) connections\(smtp.password == nil ? "" : ", password set")"
                + (smtp.url.hasPrefix("smtp://") ? ", STARTTLS \(Self.describe(smtp.effectiveTLS))" : "")
        }
    }

    static func describe(_ tls: SMTPConfiguration.TLS) -> String {
        switch tls {
        case .whenOffered: "when offered"
        case .required: "required"
        case .never: "never"
        }
    }
}
