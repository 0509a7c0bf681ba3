import ArgumentParser
import Configuration
import Curl
import Foundation
import RestockCore
import RestockEngine
import RestockHTTP
import RestockMail
import Testing

@testable import restockd

/// How `restockd` reads its settings: precedence, key names, refusals.
@Suite struct ConfigurationTests {
    func configuration(_ arguments: [String], environment: [String: String] = [:], envFile: String? = nil) async throws
        -> DaemonConfiguration
    {
        let data = NSTemporaryDirectory() + "restock-config-\(UUID().uuidString)"
        let file = data + ".env"
        FileManager.default.createFile(atPath: file, contents: Data((envFile ?? "").utf8))
        let options = try CommonOptions.parse(["--env-file", file, "--data-dir", data] + arguments)
        return try DaemonConfiguration(reader: try options.reader(environment: environment))
    }

    @Test func commandLineBeatsEnvironmentBeatsEnvFileBeatsDefault() async throws {
        let file = "RESTOCK_HTTP_PORT=9200\nRESTOCK_PLANNER_WAVE_INTERVAL=42\nRESTOCK_PLANNER_MIN_AVAILABLE=2\n"
        let environment = ["RESTOCK_HTTP_PORT": "9100", "RESTOCK_PLANNER_MIN_AVAILABLE": "3"]
        let all = try await configuration(["--port", "9000"], environment: environment, envFile: file)
        #expect(all.port == 9000)
        #expect(all.engine.minAvailable == 3)
        #expect(all.engine.waveInterval == 42)
        #expect(all.engine.perUnit == nil)
        let noFlag = try await configuration([], environment: environment, envFile: file)
        #expect(noFlag.port == 9100)
        let defaults = try await configuration([])
        #expect(defaults.port == 8080 && defaults.host == "127.0.0.1")
        #expect(defaults.store == .sqlite(path: defaults.dataDirectory + "/restock.sqlite"))
    }

    @Test func camelCaseKeysReadFromTheirDocumentedVariables() async throws {
        let c = try await configuration(
            [],
            environment: [
                "RESTOCK_WEBHOOK_SECRET": "current-secret", "RESTOCK_WEBHOOK_SECRET_PREVIOUS": "old-secret",
                "RESTOCK_WEBHOOK_MAX_BODY_BYTES": "4096",
                "RESTOCK_WATCHES_ALLOWED_ORIGINS": "https://a.example, https://b.example",
                "RESTOCK_WATCHES_DOUBLE_OPT_IN": "yes", "RESTOCK_STORE_POOL_SIZE": "7",
            ])
        #expect(c.http.webhookSecrets == ["current-secret", "old-secret"])
        #expect(c.http.maxBodyBytes == 4096)
        #expect(c.http.allowedOrigins == ["https://a.example", "https://b.example"])
        #expect(c.engine.doubleOptIn)
        #expect(c.poolSize == 7)
        #expect(c.engine.traffic.appleProxyRanges == TrafficClassifier.defaultAppleProxyRanges)
        #expect(c.engine.clickRepeatWindow == 60)
        #expect(c.http.attributionParameter == "restock" && c.mail.tracking)
        #expect(SettingKey.environmentName("restock.webhook.secretPrevious") == "RESTOCK_WEBHOOK_SECRET_PREVIOUS")
    }

    @Test(arguments: [
        ("RESTOCK_HTTP_PORT", "eighty", "restock.http.port"),
        ("RESTOCK_HTTP_PORT", "70000", "restock.http.port"),
        ("RESTOCK_PLANNER_PER_UNIT", "0", "restock.planner.perUnit"),
        ("RESTOCK_WATCHES_DOUBLE_OPT_IN", "maybe", "restock.watches.doubleOptIn"),
        ("RESTOCK_STORE_URL", "mysql://x", "restock.store.url"),
        ("RESTOCK_ADMIN_TOKEN", "short", "restock.admin.token"),
        // Longer than the Authorization header is read: it could never log in.
        ("RESTOCK_ADMIN_TOKEN", String(repeating: "t", count: 257), "restock.admin.token"),
        ("RESTOCK_ADMIN_TOKEN", "a token with spaces in it", "restock.admin.token"),
        ("RESTOCK_WATCHES_ALLOWED_ORIGINS", "shop.example", "restock.watches.allowedOrigins"),
        ("RESTOCK_LOG_LEVEL", "loud", "restock.log.level"),
        ("RESTOCK_MAIL_URL", "ftp://relay.example", "restock.mail.url"),
        ("RESTOCK_MAIL_TLS", "maybe", "restock.mail.tls"),
        ("RESTOCK_MAIL_FROM", "shop at example", "restock.mail.from"),
        // Addresses the composer cannot write into a header: every message would fail.
        ("RESTOCK_MAIL_FROM", "shop\u{1}@example.com", "restock.mail.from"),
        ("RESTOCK_MAIL_FROM", #"a"b@example.com"#, "restock.mail.from"),
        ("RESTOCK_MAIL_BOUNCE", "bounces;x@example.com", "restock.mail.bounce"),
        ("RESTOCK_LINKS_SECRET", "short", "restock.links.secret"),
        ("RESTOCK_MAIL_GIVE_UP_HOURS", "0", "restock.mail.giveUpHours"),
        ("RESTOCK_TRACKING_APPLE_PROXY_RANGES", "17.0.0.0/8, apple", "restock.tracking.appleProxyRanges"),
        ("RESTOCK_TRACKING_PREFETCH_WINDOW_SECONDS", "-1", "restock.tracking.prefetchWindowSeconds"),
        ("RESTOCK_TRACKING_REPEAT_WINDOW_SECONDS", "0", "restock.tracking.repeatWindowSeconds"),
        ("RESTOCK_TRACKING_ATTRIBUTION_PARAMETER", "utm source", "restock.tracking.attributionParameter"),
        ("RESTOCK_TRACKING_ENABLED", "sometimes", "restock.tracking.enabled"),
        ("RESTOCK_HTTP_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal", "restock.http.trustedProxies"),
        ("RESTOCK_HTTP_PUBLIC_URL", "restock.example", "restock.http.publicURL"),
        ("RESTOCK_HTTP_PUBLIC_URL", "https://restock example", "restock.http.publicURL"),
    ])
    func badValuesAreRefusedNamingTheKey(variable: String, value: String, key: String) async throws {
        do {
            _ = try await configuration([], environment: [variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch let error as ConfigError {
            #expect(error.key == key)
            #expect(error.description.contains(variable))
        }
    }

    @Test func generatedSecretsAreKeptAcrossStarts() async throws {
        let data = NSTemporaryDirectory() + "restock-config-\(UUID().uuidString)"
        let first = try await configuration(["--data-dir", data])
        let second = try await configuration(["--data-dir", data])
        #expect(first.http.adminToken == second.http.adminToken && first.http.adminToken.count >= 32)
        #expect(first.http.webhookSecrets == second.http.webhookSecrets)
        let attributes = try FileManager.default.attributesOfItem(atPath: data + "/admin-token")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func passwordsNeverShowInTheStoreDescription() async throws {
        let url = try await configuration(["--store", "postgres://restock:s3cret@db.example/restock"])
        #expect(!url.storeDescription.contains("s3cret") && url.storeDescription.contains("db.example"))
        let keywords = try await configuration([
            "--store", "host=a,b dbname=restock password=s3cret target_session_attrs=read-write",
        ])
        #expect(!keywords.storeDescription.contains("s3cret") && keywords.storeDescription.contains("host=a,b"))
        #expect(
            keywords.store
                == .postgres(
                    connectionString: "host=a,b dbname=restock password=s3cret target_session_attrs=read-write"))
    }

    @Test func aBrokenTemplateOrAMissingDKIMKeyIsRefusedNamingItsKey() async throws {
        let overrides = NSTemporaryDirectory() + "restock-templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: overrides + "/en", withIntermediateDirectories: true)
        try "{{#items}}never closed".write(
            toFile: overrides + "/en/confirm.text.mustache", atomically: true, encoding: .utf8)
        let broken = try await configuration(["--set", "restock.mail.templates=\(overrides)"])
        do {
            _ = try broken.mail.makeMailer()
            Issue.record("a broken template was accepted")
        } catch let error as ConfigError {
            #expect(error.key == "restock.mail.templates")
            #expect(error.problem.contains("en/confirm.text.mustache"))
        }
        do {
            _ = try await configuration(["--set", "restock.mail.dkim.domain=shop.example"])
            Issue.record("a DKIM domain without selector and key was accepted")
        } catch let error as ConfigError {
            #expect(error.key == "restock.mail.dkim.selector")
        }
        let keyless = try await configuration([
            "--set", "restock.mail.dkim.domain=shop.example", "--set", "restock.mail.dkim.selector=s1",
            "--set", "restock.mail.dkim.keyFile=/nonexistent/dkim.pem",
        ])
        do {
            _ = try keyless.mail.makeMailer()
            Issue.record("a missing DKIM key file was accepted")
        } catch let error as ConfigError {
            #expect(error.key == "restock.mail.dkim.keyFile")
        }
    }

    /// The STARTTLS the settings lead to (`required`), or the key their refusal names
    /// (`refused restock.mail.tls`).
    func mailTLS(_ settings: [String]) async -> String {
        do {
            let c = try await configuration(settings.flatMap { ["--set", $0] })
            guard case .smtp(let smtp) = c.mail.transport else { return "not smtp" }
            return MailSettings.describe(smtp.effectiveTLS)
        } catch let error as ConfigError {
            return "refused \(error.key)"
        } catch {
            return "\(error)"
        }
    }

    /// Credentials never cross a connection TLS does not protect, unless the operator opted in
    /// for a relay on this host.
    @Test func credentialsRequireSTARTTLSUnlessOptedInForALocalRelay() async throws {
        let remote = "restock.mail.url=smtp://relay.example:587"
        let login = ["restock.mail.username=shop", "restock.mail.password=s3cret"]
        #expect(await mailTLS([remote]) == "when offered")
        #expect(await mailTLS([remote] + login) == "required")
        #expect(await mailTLS(["restock.mail.url=smtp://shop:s3cret@relay.example:587"]) == "required")
        #expect(await mailTLS([remote, "restock.mail.tls=never"]) == "never")
        #expect(await mailTLS([remote, "restock.mail.tls=never"] + login) == "refused restock.mail.tls")
        #expect(
            await mailTLS([remote, "restock.mail.tls=never", "restock.mail.allowPlaintextAuth=true"] + login)
                == "refused restock.mail.allowPlaintextAuth")
        for local in ["smtp://127.0.0.1:25", "smtp://localhost:25", "smtp://[::1]:25"] {
            #expect(
                await mailTLS(
                    ["restock.mail.url=\(local)", "restock.mail.tls=never", "restock.mail.allowPlaintextAuth=true"]
                        + login)
                    == "never")
            #expect(
                await mailTLS(["restock.mail.url=\(local)", "restock.mail.allowPlaintextAuth=true"] + login)
                    == "when offered")
        }
        // A name that only looks local is not.
        #expect(
            await mailTLS(
                ["restock.mail.url=smtp://127.0.0.1.relay.example:25", "restock.mail.allowPlaintextAuth=true"] + login)
                == "refused restock.mail.allowPlaintextAuth")
    }

    @Test func theSMTPPasswordNeverShowsAndDefaultsNeedNoConfiguration() async throws {
        let smtp = try await configuration(["--set", "restock.mail.url=smtps://shop:s3cret@relay.example:465"])
        #expect(!smtp.mail.transportDescription.contains("s3cret"))
        #expect(smtp.mail.transportDescription.contains("relay.example:465"))
        let defaults = try await configuration([])
        #expect(defaults.mail.transport == .files(directory: defaults.dataDirectory + "/mail"))
        #expect(defaults.mail.publicURL == "http://127.0.0.1:8080")
        #expect(defaults.mail.linkSecret.count >= 32)
        // From any working directory: the templates are built into the binary.
        #expect(try defaults.mail.makeMailer().templates.locales == ["en", "pl"])
    }
}
