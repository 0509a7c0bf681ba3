import Foundation
import RestockCore
import RestockTestSupport
import Testing

/// What an operator sees when the binary and the database's schema disagree: migrations run
/// forward only, a newer schema is refused naming both versions, and under
/// `restock.store.migrate=manual` the daemon waits for `restockd migrate`.
@Suite struct SchemaUpgradeProcessTests {
    /// The stores a `restockd` process can open.
    static let kinds = StoreKind.enabled.filter { $0 != .sqliteMemory }

    @Test(arguments: kinds)
    func aSchemaNewerThanTheBinaryIsRefusedNamingBothVersions(kind: StoreKind) async throws {
        try await withTestStore(kind) { made in
            let newest = try #require(made.store.knownMigrations.last)
            try await made.executeRaw(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (\(newest + 3), 0)")
            let data = try SendTestCommandTests.scratch().path
            for command in ["serve", "migrate"] {
                let run = try await SendTestCommandTests.run([
                    command, "--data-dir", data, "--store", try #require(made.url), "--port", "0",
                ])
                #expect(run.status == 78, "\(command): \(run.errors)")
                #expect(
                    run.errors.contains(
                        "has schema version \(newest + 3), newer than this restockd knows (up to \(newest))"),
                    "\(command): \(run.errors)")
            }
            // Nothing was written: the schema is as the newer program left it.
            #expect(try await made.store.appliedMigrations().last == newest + 3)
        }
    }

    /// Under `manual` a daemon on an unmigrated database waits, saying why, and starts serving
    /// once `restockd migrate` has run (here from another process, as from a deploy step).
    @Test(arguments: kinds)
    func underManualMigrationServeWaitsForTheMigrateCommand(kind: StoreKind) async throws {
        try await withTestStore(kind, migrated: false) { made in
            let url = try #require(made.url)
            let known = made.store.knownMigrations
            let data = try SendTestCommandTests.scratch().path
            let daemon = try DaemonProcess(
                dataDirectory: data + "/daemon", environment: ["RESTOCK_STORE_URL": url],
                arguments: ["--set", "restock.store.migrate=manual"])
            defer { daemon.signal(SIGKILL) }
            try await DaemonProcessTests.waitFor("the daemon to say it waits", timeout: 30, log: { daemon.log }) {
                daemon.log.contains("waiting for `restockd migrate`")
            }
            #expect(daemon.log.contains("has schema version 0, this restockd needs \(known.last!)"))
            #expect(try await made.store.appliedMigrations().isEmpty, "manual: serve applied nothing itself")
            // Not serving yet: nothing listens, or /readyz says not ready.
            #expect((try? await HTTP.request("GET", daemon.baseURL + "/readyz"))?.0 != 200)

            let manual = ["--data-dir", data, "--store", url, "--set", "restock.store.migrate=manual"]
            let migrated = try await SendTestCommandTests.run(["migrate"] + manual)
            #expect(migrated.status == 0, "\(migrated.errors)")
            #expect(migrated.output.contains("applied \(known.map(String.init).joined(separator: ", "))"))
            try await daemon.waitUntilReady(timeout: 60)
            #expect(try await made.store.appliedMigrations() == known)
            let again = try await SendTestCommandTests.run(["migrate"] + manual)
            #expect(again.output.contains("up to date (\(known.count) migrations)"))
        }
    }

    @Test func anUnknownMigrationPolicyStopsStartUpNamingTheKey() async throws {
        let data = try SendTestCommandTests.scratch().path
        let run = try await SendTestCommandTests.run([
            "check-config", "--data-dir", data, "--set", "restock.store.migrate=sometimes",
        ])
        #expect(run.status == 78)
        #expect(run.errors.contains("RESTOCK_STORE_MIGRATE (restock.store.migrate): expected auto or manual"))
    }
}
