import ArgumentParser
import Logging
import RestockCore

/// `restockd migrate`: apply pending migrations and exit (for deploy scripts that migrate before
/// starting new instances).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending store migrations and exit.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let configuration = try await loadConfiguration(options)
        let (store, _) = try Daemon.openStore(configuration, logger: Logger(label: "restockd.migrate"))
        let applied = try await exitingOnConfigError {
            try await Daemon.prepareSchema(store, policy: .auto, storeDescription: configuration.storeDescription)
        }
        let all = try await store.appliedMigrations()
        try await store.close()
        print(
            applied.isEmpty
                ? "\(configuration.storeDescription): up to date (\(all.count) migrations)"
                : "\(configuration.storeDescription): applied \(applied.map(String.init).joined(separator: ", "))")
    }
}
