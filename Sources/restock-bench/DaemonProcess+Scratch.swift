import Foundation

extension DaemonProcess {
    /// Runs `body` with a daemon on a fresh database of `target` (`label` names it), migrated
    /// in this process first, so a store that cannot migrate is a skip line rather than a daemon
    /// that dies at start. Without a `restockd` binary or a usable store it reports `name` as
    /// skipped and returns `nil`.
    static func onScratchDatabase<T>(
        _ target: StoreTarget, label: String, name: String, report: Report, executable: String,
        webhookSecret: String, adminToken: String, settings: [String: String] = [:],
        _ body: (DaemonProcess, ScratchDatabase) async throws -> T
    ) async throws -> T? {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            report.skip(
                name,
                reason:
                    "no restockd at \(executable) (swift build -c release --scratch-path .build-bench --product restockd)"
            )
            return nil
        }
        do {
            return try await target.withScratchDatabase(label: label) { database in
                try await database.withStore { _ in }
                return try await with(
                    executable: executable, storeURL: database.url, webhookSecret: webhookSecret,
                    adminToken: adminToken, settings: settings
                ) { daemon in try await body(daemon, database) }
            }
        } catch let unavailable as StoreUnavailable {
            report.skip(name, reason: unavailable.reason)
            return nil
        }
    }

    /// Runs `body` with a daemon on `storeURL` in a scratch data directory, once it is ready, and
    /// stops it afterwards. The directory is removed after a success and kept after a failure:
    /// the daemon's log explains it.
    static func with<T>(
        executable: String, storeURL: String, webhookSecret: String, adminToken: String,
        settings: [String: String] = [:], _ body: (DaemonProcess) async throws -> T
    ) async throws -> T {
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("restock-bench-daemon-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let daemon = try DaemonProcess(
            executable: executable, storeURL: storeURL, dataDirectory: dataDirectory,
            webhookSecret: webhookSecret, adminToken: adminToken, settings: settings)
        do {
            try await daemon.waitUntilReady(timeout: .seconds(60))
            let value = try await body(daemon)
            await daemon.stop()
            try? FileManager.default.removeItem(atPath: dataDirectory)
            return value
        } catch {
            await daemon.stop()
            Report.progress("restockd data directory kept for inspection: \(dataDirectory)")
            throw error
        }
    }
}
