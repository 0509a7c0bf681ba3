import Foundation
import RestockTestSupport
import Testing

/// A `RESTOCK_*` name that is no setting (a typo, mostly) is reported by the real binary, with
/// the key it was probably meant to be, and its value never shown.
@Suite struct UnknownSettingTests {
    static let ignored = "is not a setting restockd reads and is ignored"

    @Test func checkConfigNamesEachTypoWithTheNearestKeyAndNeverItsValue() async throws {
        let scratch = try SendTestCommandTests.scratch()
        let envFile = scratch.appendingPathComponent("restockd.env").path
        try "RESTOCK_MAIL_FORM=typo-value-1\nRESTOCK_HTTP_PORT=9123\n# RESTOCK_COMMENTED=typo-value-2\n".write(
            toFile: envFile, atomically: true, encoding: .utf8)
        let credentials = try CredentialsTests.credentials(["restock.admin.tokn": "typo-value-3-long-enough"])
        let run = try await SendTestCommandTests.run(
            ["check-config", "--data-dir", scratch.path, "--set", "restock.planner.perUnti=2"],
            environment: [
                "RESTOCK_ENV_FILE": envFile, "RESTOCK_WEBHOOK_SECRET_PREVOIUS": "typo-value-4",
                "RESTOCK_QUEUE_DEPTH": "typo-value-5", "CREDENTIALS_DIRECTORY": credentials,
            ])
        #expect(run.status == 0, "\(run.errors)")
        // The file's real keys still apply.
        #expect(run.output.contains("restock.http.port                9123"))
        #expect(
            run.errors.split(separator: "\n") == [
                "restockd: warning: RESTOCK_MAIL_FORM (in the env file \(envFile)) \(Self.ignored); did you mean RESTOCK_MAIL_FROM?",
                "restockd: warning: RESTOCK_QUEUE_DEPTH (in the environment) \(Self.ignored)",
                "restockd: warning: RESTOCK_WEBHOOK_SECRET_PREVOIUS (in the environment) \(Self.ignored); did you mean RESTOCK_WEBHOOK_SECRET_PREVIOUS?",
                "restockd: warning: restock.planner.perUnti (in --set) \(Self.ignored); did you mean restock.planner.perUnit?",
                "restockd: warning: restock.admin.tokn (in the credentials directory \(credentials)) is not a credential restockd reads and is ignored; did you mean restock.admin.token?",
            ], "\(run.errors)")
        #expect(!(run.output + run.errors).contains("typo-value"))
    }

    @Test func aConfigurationWithOnlyKnownNamesGetsNoWarning() async throws {
        let scratch = try SendTestCommandTests.scratch()
        let envFile = scratch.appendingPathComponent("restockd.env").path
        try "RESTOCK_MAIL_FROM=shop@shop.example\n".write(toFile: envFile, atomically: true, encoding: .utf8)
        let run = try await SendTestCommandTests.run(
            ["check-config", "--data-dir", scratch.path, "--env-file", envFile],
            environment: ["RESTOCK_ENV_FILE": envFile, "RESTOCK_HTTP_PORT": "9124"])
        #expect(run.status == 0 && run.errors.isEmpty, "\(run.errors)")
    }

    /// `serve` logs the same warning at start, where `journalctl -u restockd` shows it.
    @Test func serveLogsTheSameWarningAtStart() async throws {
        let daemon = try DaemonProcess(
            dataDirectory: NSTemporaryDirectory() + "restockd-unknown-\(UUID().uuidString)",
            environment: DaemonProcessTests.environment.merging(["RESTOCK_MAIL_FORM": "typo-value-6"]) { $1 })
        defer { daemon.signal(SIGKILL) }
        try await daemon.waitUntilReady()
        #expect(
            daemon.log.contains(
                "RESTOCK_MAIL_FORM (in the environment) \(Self.ignored); did you mean RESTOCK_MAIL_FROM?"),
            "\(daemon.log)")
        #expect(!daemon.log.contains("typo-value"))
    }
}
