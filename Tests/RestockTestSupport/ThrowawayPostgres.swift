import Foundation
import LibPQ
import RestockStore

/// A PostgreSQL cluster of a test's own, made by `.ci/start-postgres`, for a test that stops and
/// starts the server: the shared test server (`RESTOCK_TEST_POSTGRES_URL`) serves every other test
/// running in parallel and must never go down.
public final class ThrowawayPostgres: Sendable {
    /// `postgresql://postgres@127.0.0.1:PORT/restock_test`.
    public let url: String
    /// The cluster directory `.ci/start-postgres` made (its data directory is `data/` inside).
    public let directory: String
    let binaries: String

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Starts a fresh cluster on a port from `firstPort` up (the script takes the next free one).
    public init(firstPort: Int = 25432) throws {
        let stateFile = NSTemporaryDirectory() + "restock-throwaway-pg-\(UUID().uuidString)"
        let environment = ProcessInfo.processInfo.environment
        binaries = environment["RESTOCK_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        let output = try Self.run(
            [Self.repository + "/.ci/start-postgres"],
            environment: ["RESTOCK_PG_STATE_FILE": stateFile, "RESTOCK_PG_PORT": String(firstPort)])
        url = output.trimmingCharacters(in: .whitespacesAndNewlines)
        directory = try String(contentsOfFile: stateFile, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        try? FileManager.default.removeItem(atPath: stateFile)
    }

    /// Stops the server (`pg_ctl stop -m fast`): connections are cut, new ones refused.
    public func stop() throws {
        try Self.run(asOwner([binaries + "/pg_ctl", "stop", "-D", directory + "/data", "-m", "fast", "-w"]))
    }

    /// Starts the stopped server again on the same port, with the same data.
    public func start() throws {
        try Self.run(
            asOwner([
                binaries + "/pg_ctl", "start", "-D", directory + "/data", "-w", "-t", "60", "-l",
                directory + "/server.log",
            ]))
    }

    /// Stops the server if it runs and deletes the cluster.
    public func dispose() {
        _ = try? Self.run([Self.repository + "/.ci/start-postgres", "--stop", directory])
    }

    /// PostgreSQL refuses to run as root: as root, run as `postgres`, as `.ci/start-postgres` does.
    func asOwner(_ command: [String]) -> [String] {
        getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command
    }

    /// Runs `command`, waits, and returns its stdout; throws with stderr on a non-zero exit.
    ///
    /// `posix_spawn` and `waitpid` rather than Foundation's `Process`: `.ci/start-postgres`
    /// leaves a server behind that outlives it, and `Process.waitUntilExit()` was seen never to
    /// return for it, with the script already a zombie.
    @discardableResult
    static func run(_ command: [String], environment: [String: String] = [:]) throws -> String {
        let scratch = NSTemporaryDirectory() + "restock-pg-run-\(UUID().uuidString)"
        defer {
            unlink(scratch + ".out")
            unlink(scratch + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, scratch + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, scratch + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        let argv = command.map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw TestSupportError("posix_spawn \(command[0]): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TestSupportError("waitpid \(command[0]): errno \(errno)") }
        }
        let output = (try? String(contentsOfFile: scratch + ".out", encoding: .utf8)) ?? ""
        // WIFEXITED && WEXITSTATUS == 0, written out: the Glibc macros are not imported.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            let errors = (try? String(contentsOfFile: scratch + ".err", encoding: .utf8)) ?? ""
            throw TestSupportError("\(command.joined(separator: " ")) ended with status \(status):\n\(errors)")
        }
        return output
    }
}

extension ThrowawayPostgres {
    /// A store on the cluster's test database, to look at what a daemon wrote there.
    public func store() -> PostgresStore {
        PostgresStore(pool: PostgresPool(configuration: .init(connectionString: url, maximumConnections: 1)))
    }
}
