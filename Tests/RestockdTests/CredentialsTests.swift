import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockTestSupport
import Testing

@testable import restockd

/// Secrets handed over as systemd credentials (`LoadCredential=`): read from a real
/// `$CREDENTIALS_DIRECTORY`, ahead of the environment, never printed, and refused whole when bad.
@Suite struct CredentialsTests {
    /// A fresh credentials directory holding `files` (name → content), as systemd lays it out.
    static func credentials(_ files: [String: String]) throws -> String {
        let directory = NSTemporaryDirectory() + "restock-credentials-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, content) in files {
            try content.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// What `restockd` reads given `environment`, with an empty env file of its own, data in
    /// `data` and the store in memory.
    static func sources(_ environment: [String: String], data: String = NSTemporaryDirectory() + UUID().uuidString)
        throws -> ConfigSources
    {
        let envFile = data + ".env"
        #expect(FileManager.default.createFile(atPath: envFile, contents: Data()))
        let options = try CommonOptions.parse([
            "--env-file", envFile, "--data-dir", data, "--store", "sqlite::memory:",
        ])
        return try options.sources(environment: environment)
    }

    static let token = "credential-admin-token-0123456789"

    static func admin(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }
    static let secret = "whsec_" + Data("credential-webhook-secret-0123".utf8).base64EncodedString()

    /// The environment sets other values, as an env file left from before would: the
    /// credentials win, and nothing is generated into the data directory.
    @Test func theAdminTokenAndWebhookSecretOfCredentialsAreTheOnesAccepted() async throws {
        let directory = try Self.credentials([
            "restock.admin.token": Self.token + "\n", "restock.webhook.secret": Self.secret + "\n",
        ])
        let data = NSTemporaryDirectory() + "restock-credentials-data-\(UUID().uuidString)"
        let sources = try Self.sources(
            [
                "CREDENTIALS_DIRECTORY": directory, "RESTOCK_ADMIN_TOKEN": TestDaemon.token,
                "RESTOCK_WEBHOOK_SECRET": TestDaemon.secret,
            ], data: data)
        let daemon = try await TestDaemon(configuration: try DaemonConfiguration(reader: sources.reader))
        try await daemon.test { (client: any TestClientProtocol) async throws in
            let watch = #"{"email":"ada@example.com","variant_id":"v1"}"#
            #expect(try await client.post("/v1/watches", watch, headers: Self.admin(Self.token)).status == .accepted)
            #expect(
                try await client.post("/v1/watches", watch, headers: Self.admin(TestDaemon.token)).status
                    == .unauthorized)
            let level = #"{"variant_id":"v1","available":3}"#
            let signed = daemon.signed(level, secret: Self.secret)
            #expect(try await client.post("/v1/inventory", level, headers: signed).status == .ok)
            let signedWithTheEnvironments = daemon.signed(level)
            #expect(
                try await client.post("/v1/inventory", level, headers: signedWithTheEnvironments).status
                    == .unauthorized)
        }
        #expect(!FileManager.default.fileExists(atPath: data + "/admin-token"))
        #expect(!FileManager.default.fileExists(atPath: data + "/webhook-secret"))
    }

    /// What `restockd` stops with for the credentials in `directory`, or nil when it starts.
    static func refusal(_ directory: String) throws -> String? {
        do {
            _ = try Self.sources(["CREDENTIALS_DIRECTORY": directory])
            return nil
        } catch let error as ConfigError {
            return error.description
        }
    }

    @Test(arguments: [
        (String(repeating: "k", count: 64 * 1024 + 1), "is larger than 65536 bytes"),
        ("\n", "is empty"),
        (" \n\n", "is empty"),
    ])
    func aBadCredentialStopsStartNamingIt(content: String, problem: String) throws {
        let directory = try Self.credentials(["restock.links.secret": content])
        #expect(
            try Self.refusal(directory)
                == "configuration RESTOCK_LINKS_SECRET (restock.links.secret): the credential \(directory)/restock.links.secret \(problem)"
        )
    }

    /// The bound is 64 KiB: a credential of exactly that is a value like any other.
    @Test func aCredentialOf64KiBIsAValueLikeAnyOther() throws {
        let directory = try Self.credentials(["restock.links.secret": String(repeating: "k", count: 64 * 1024)])
        let sources = try Self.sources(["CREDENTIALS_DIRECTORY": directory])
        #expect(try DaemonConfiguration(reader: sources.reader).mail.linkSecret.count == 64 * 1024)
    }

    @Test func aCredentialThatCannotBeReadStopsStartNamingIt() throws {
        let directory = try Self.credentials([:])
        try FileManager.default.createDirectory(
            atPath: directory + "/restock.mail.password", withIntermediateDirectories: false)
        let refusal = try #require(try Self.refusal(directory))
        #expect(
            refusal.hasPrefix(
                "configuration RESTOCK_MAIL_PASSWORD (restock.mail.password): cannot read the credential \(directory)/restock.mail.password: "
            ), "\(refusal)")
    }

    /// The real binary, as systemd would start it: `check-config` says which keys came from
    /// credentials without printing one, and `send-test` signs with the DKIM key that is a
    /// credential (dkimpy verifies every message against its public half).
    @Test func theDKIMKeyOfACredentialSignsMail() async throws {
        let scratch = try SendTestCommandTests.scratch()
        let key = try await SendTestCommandTests.dkimKey(in: scratch)
        let directory = try Self.credentials([
            "restock.admin.token": Self.token,
            "restock.mail.dkim.keyFile": try String(contentsOfFile: key.file, encoding: .utf8),
        ])
        let server = try SMTPTestServer()
        defer { server.stop() }
        let settings = ["--data-dir", scratch.path] + SendTestCommandTests.mailSettings(server, key: nil)
        let environment = ["CREDENTIALS_DIRECTORY": directory]

        let check = try await SendTestCommandTests.run(["check-config"] + settings, environment: environment)
        #expect(check.status == 0, "\(check.errors)")
        let keyFile = directory + "/restock.mail.dkim.keyFile"
        #expect(check.output.contains("restock.mail.dkim                s2026._domainkey.shop.example, key \(keyFile)"))
        #expect(
            check.output.contains(
                "restock.admin.token              (set, \(Self.token.count) characters, from the credential restock.admin.token)"
            ))
        #expect(
            check.output.contains(
                "credentials                      restock.admin.token, restock.mail.dkim.keyFile from \(directory)"))
        #expect(!check.output.contains(Self.token) && !check.output.contains("PRIVATE KEY"))

        let sent = try await SendTestCommandTests.run(
            ["send-test", "ada@example.com"] + settings, environment: environment)
        #expect(sent.status == 0, "\(sent.output)\(sent.errors)")
        let messages = try server.messages()
        #expect(messages.count == 6)
        for message in messages {
            let verification = try await PythonMailCheck.verifyDKIM(
                message, records: ["s2026": "v=DKIM1; k=rsa; p=\(key.publicKey)"])
            #expect(verification.results == [true], "\(verification.log)")
        }
    }

    @Test func anOversizedCredentialStopsTheRealBinaryWithExitStatus78() async throws {
        let scratch = try SendTestCommandTests.scratch()
        let directory = try Self.credentials([
            "restock.bigcommerce.accessToken": String(repeating: "t", count: 70_000)
        ])
        let run = try await SendTestCommandTests.run(
            ["check-config", "--data-dir", scratch.path], environment: ["CREDENTIALS_DIRECTORY": directory])
        #expect(run.status == 78)
        #expect(
            run.errors.contains(
                "RESTOCK_BIGCOMMERCE_ACCESS_TOKEN (restock.bigcommerce.accessToken): the credential \(directory)/restock.bigcommerce.accessToken is larger than 65536 bytes"
            ), "\(run.errors)")
        #expect(!run.errors.contains("tttt"))
    }
}
