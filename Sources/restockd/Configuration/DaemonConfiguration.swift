import Configuration
import Foundation
import Logging
import RestockCore
import RestockEngine
import RestockHTTP
import RestockMail

/// Everything `restockd` reads at start. Keys not listed on a component:
/// - `restock.dataDir` (path, default `./restock-data`): SQLite file, generated secrets.
/// - `restock.store.url` (string, secret, default `sqlite:<dataDir>/restock.sqlite`):
///   `sqlite:PATH`, `postgres://…`/`postgresql://…`, or a libpq keyword string (`host=a,b
///   dbname=restock target_session_attrs=read-write`), passed to libpq untouched.
/// - `restock.store.poolSize` (int, default 4): PostgreSQL connections.
/// - `restock.store.migrate` (`auto` or `manual`, default `auto`): whether `serve` applies
///   pending migrations at start or refuses until `restockd migrate` has (``MigrationPolicy``).
/// - `restock.http.host` (default `127.0.0.1`), `restock.http.port` (default 8080).
/// - `restock.log.level` (trace…critical, default `info`).
struct DaemonConfiguration {
    enum StoreLocation: Equatable {
        case sqlite(path: String)
        /// `sqlite::memory:` — forgets everything at exit; for tests and trying things out.
        case sqliteInMemory
        case postgres(connectionString: String)
    }

    var dataDirectory: String
    var store: StoreLocation
    var poolSize: Int
    var migrationPolicy: MigrationPolicy
    var host: String
    var port: Int
    var logLevel: Logger.Level
    var engine: EngineConfiguration
    var http: HTTPConfiguration
    var mail: MailSettings
    var integrations: IntegrationSettings

    init(reader: ConfigReader) throws {
        let dataDirectory = reader.checkedString(.dataDir) ?? "./restock-data"
        self.dataDirectory = dataDirectory
        let url = reader.checkedString(.storeURL) ?? "sqlite:\(dataDirectory)/restock.sqlite"
        if url == "sqlite::memory:" {
            self.store = .sqliteInMemory
        } else if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw ConfigError(key: "restock.store.url", problem: "sqlite: needs a file path")
            }
            self.store = .sqlite(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") || url.contains("=") {
            self.store = .postgres(connectionString: url)
        } else {
            throw ConfigError(
                key: "restock.store.url",
                problem: "expected sqlite:PATH, postgres://… or a libpq keyword string like \"host=… dbname=…\"")
        }
        self.poolSize = try reader.checkedInt(.storePoolSize, default: 4, range: 1...64)
        let policy = reader.checkedString(.storeMigrate)?.lowercased() ?? MigrationPolicy.auto.rawValue
        guard let migrationPolicy = MigrationPolicy(rawValue: policy) else {
            throw ConfigError(key: "restock.store.migrate", problem: "expected auto or manual, got \"\(policy)\"")
        }
        self.migrationPolicy = migrationPolicy
        self.host = reader.checkedString(.httpHost) ?? "127.0.0.1"
        self.port = try reader.checkedInt(.httpPort, default: 8080, range: 0...65535)
        let level = reader.checkedString(.logLevel) ?? "info"
        guard let logLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigError(
                key: "restock.log.level",
                problem: "expected trace, debug, info, notice, warning, error or critical, got \"\(level)\"")
        }
        self.logLevel = logLevel
        self.engine = try EngineConfiguration(reader: reader)
        self.http = try HTTPConfiguration(
            reader: reader,
            generatedAdminToken: try GeneratedSecret.load(name: "admin-token", in: dataDirectory),
            generatedWebhookSecret: try GeneratedSecret.load(
                name: "webhook-secret", in: dataDirectory, prefix: "whsec_"))
        http.platforms = try PlatformWebhooksConfiguration(reader: reader)
        self.integrations = try IntegrationSettings(reader: reader, minAvailable: engine.minAvailable)
        self.mail = try MailSettings(reader: reader, dataDirectory: dataDirectory, host: host, port: port)
        http.linkSecret = mail.linkSecret
        http.shopName = mail.mailer.shop.name
        engine.linkSecret = mail.linkSecret
        engine.attributionParameter = http.attributionParameter
        mail.followUpAfter = engine.attribution.clickWindow
    }

    /// The store location as an operator may see it: never a password.
    var storeDescription: String {
        switch store {
        case .sqlite(let path): "SQLite \(path)"
        case .sqliteInMemory: "SQLite in memory (nothing is kept)"
        case .postgres(let connection): "PostgreSQL \(Self.redacted(connection))"
        }
    }

    /// Hides the password of a URL (`://user:PASSWORD@`) or a keyword string (`password=…`).
    static func redacted(_ connection: String) -> String {
        var text = connection
        for (pattern, template) in [("(://[^:/@]*:)[^@]*@", "$1***@"), ("(password\\s*=\\s*)\\S+", "$1***")] {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            text = regex.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text
    }
}
