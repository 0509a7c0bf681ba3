import ArgumentParser
import Configuration
import Foundation
import RestockEngine
import RestockHTTP
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
        return try DaemonConfiguration(reader: try await options.reader(environment: environment))
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
        #expect(environmentName("restock.webhook.secretPrevious") == "RESTOCK_WEBHOOK_SECRET_PREVIOUS")
    }

    @Test(arguments: [
        ("RESTOCK_HTTP_PORT", "eighty", "restock.http.port"),
        ("RESTOCK_HTTP_PORT", "70000", "restock.http.port"),
        ("RESTOCK_PLANNER_PER_UNIT", "0", "restock.planner.perUnit"),
        ("RESTOCK_WATCHES_DOUBLE_OPT_IN", "maybe", "restock.watches.doubleOptIn"),
        ("RESTOCK_STORE_URL", "mysql://x", "restock.store.url"),
        ("RESTOCK_ADMIN_TOKEN", "short", "restock.admin.token"),
        ("RESTOCK_WATCHES_ALLOWED_ORIGINS", "shop.example", "restock.watches.allowedOrigins"),
        ("RESTOCK_LOG_LEVEL", "loud", "restock.log.level"),
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
}
