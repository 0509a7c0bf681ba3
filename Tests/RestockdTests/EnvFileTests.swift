import Foundation
import RestockTestSupport
import Testing

/// The env file as the unit installs it: root-only in a root-only directory. systemd reads it
/// as root (`EnvironmentFile=`) and hands its settings over as environment; the daemon, running
/// as its dynamic user, cannot open it and must not stop for that. A file the operator names
/// is another matter.
@Suite struct EnvFileTests {
    static let nobody = 65534

    /// `/etc/restockd/restockd.env` as deploy/README.md installs it, under a scratch root; and a
    /// data directory the service user owns.
    static func rootOnlyEnvFile() throws -> (envFile: String, data: String) {
        let root = try SendTestCommandTests.scratch().path
        let etc = root + "/etc/restockd"
        try FileManager.default.createDirectory(
            atPath: etc, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let envFile = etc + "/restockd.env"
        #expect(
            FileManager.default.createFile(
                atPath: envFile, contents: Data("RESTOCK_HTTP_PORT=9125\n".utf8),
                attributes: [.posixPermissions: 0o600]))
        let data = root + "/data"
        try FileManager.default.createDirectory(
            atPath: data, withIntermediateDirectories: true,
            attributes: [.ownerAccountID: nobody, .groupOwnerAccountID: nobody])
        return (envFile, data)
    }

    @Test(.enabled(if: getuid() == 0, "runs the binary as another user"))
    func theUnitsRootOnlyEnvFileReachesTheServiceUserThroughTheEnvironment() async throws {
        let (envFile, data) = try Self.rootOnlyEnvFile()
        let run = try await SendTestCommandTests.run(
            ["check-config", "--data-dir", data],
            environment: ["RESTOCK_ENV_FILE": envFile, "RESTOCK_HTTP_PORT": "9125"], user: Self.nobody)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("restock.http.port                9125"))
        #expect(
            run.output.contains(
                "env file                         \(envFile) is not readable by this user: its settings count where the environment carries them"
            ), "\(run.output)")
    }

    @Test(.enabled(if: getuid() == 0, "runs the binary as another user"))
    func aNamedEnvFileThatCannotBeReadStopsStartNamingIt() async throws {
        let (envFile, data) = try Self.rootOnlyEnvFile()
        let run = try await SendTestCommandTests.run(
            ["check-config", "--data-dir", data, "--env-file", envFile], user: Self.nobody)
        #expect(run.status == 78)
        #expect(run.errors == "restockd: configuration: cannot read the env file \(envFile): Permission denied\n")
    }

    @Test func anEnvFileLargerThan1MiBIsRefused() async throws {
        let scratch = try SendTestCommandTests.scratch()
        let envFile = scratch.appendingPathComponent("restockd.env").path
        let comment = "# " + String(repeating: "x", count: 1022) + "\n"
        try String(repeating: comment, count: 1025).write(toFile: envFile, atomically: true, encoding: .utf8)
        let run = try await SendTestCommandTests.run([
            "check-config", "--data-dir", scratch.path, "--env-file", envFile,
        ])
        #expect(run.status == 78)
        #expect(run.errors == "restockd: configuration: the env file \(envFile) is larger than 1048576 bytes\n")
    }
}
