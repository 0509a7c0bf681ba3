import ArgumentParser
import Configuration
import Foundation

/// `restockd`: the back-in-stock notification daemon.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restockd",
        abstract: "Back-in-stock notifications: watches, restock waves, a durable outbox.",
        version: restockdVersion,
        subcommands: [Serve.self, Migrate.self, CheckConfig.self, SendTest.self, Stats.self, Templates.self],
        defaultSubcommand: Serve.self)
}

/// Options every subcommand takes; they win over the environment and the env file.
struct CommonOptions: ParsableArguments {
    @Option(help: "Env file to read (default /etc/restockd/restockd.env, skipped when missing).")
    var envFile: String?

    @Option(help: "Data directory (restock.dataDir).")
    var dataDir: String?

    @Option(help: "Store: sqlite:PATH, postgres://… or a libpq keyword string (restock.store.url).")
    var store: String?

    @Option(help: "Address to bind (restock.http.host).")
    var host: String?

    @Option(help: "Port to bind (restock.http.port).")
    var port: Int?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Any key, e.g. --set restock.planner.perUnit=2.", valueName: "key=value"))
    var settings: [String] = []

    /// The settings' sources; see ``ConfigSources`` for their precedence (command line >
    /// credential > environment > env file > defaults, which live where each key is read).
    func sources(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigSources {
        var values: [String: String] = [:]
        values[SettingKey.dataDir.rawValue] = dataDir
        values[SettingKey.storeURL.rawValue] = store
        values[SettingKey.httpHost.rawValue] = host
        values[SettingKey.httpPort.rawValue] = port.map(String.init)
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("restock.") else {
                throw ValidationError("--set expects restock.KEY=VALUE, got \"\(setting)\"")
            }
            values[String(parts[0])] = String(parts[1])
        }
        return try ConfigSources.load(
            commandLine: values,
            envFilePath: envFile ?? environment["RESTOCK_ENV_FILE"] ?? "/etc/restockd/restockd.env",
            envFileRequired: envFile != nil, environment: environment)
    }

    /// The reader every command builds its configuration from.
    func reader(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigReader {
        try sources(environment: environment).reader
    }
}
