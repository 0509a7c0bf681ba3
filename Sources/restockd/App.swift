import ArgumentParser
import Configuration
import Foundation
import SystemPackage

/// `restockd`: the back-in-stock notification daemon.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restockd",
        abstract: "Back-in-stock notifications: watches, restock waves, a durable outbox.",
        subcommands: [Serve.self, Migrate.self, CheckConfig.self, SendTest.self, Stats.self],
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

    /// Command line > environment > env file > defaults (the defaults live where each key is read).
    func reader(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        func put(_ key: String, _ value: String?) {
            if let value {
                values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(
                    .string(value), isSecret: SettingKey(rawValue: key)?.isSecret ?? false)
            }
        }
        put("restock.dataDir", dataDir)
        put("restock.store.url", store)
        put("restock.http.host", host)
        put("restock.http.port", port.map(String.init))
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("restock.") else {
                throw ValidationError("--set expects restock.KEY=VALUE, got \"\(setting)\"")
            }
            put(String(parts[0]), String(parts[1]))
        }
        let secrets = SecretsSpecifier<String, String>.specific(
            Set(SettingKey.allCases.filter(\.isSecret).map(\.environmentName)))
        let path = envFile ?? environment["RESTOCK_ENV_FILE"] ?? "/etc/restockd/restockd.env"
        let file = try await EnvironmentVariablesProvider(
            environmentFilePath: FilePath(path), allowMissing: envFile == nil, secretsSpecifier: secrets)
        return ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: values),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: secrets),
            file,
        ])
    }
}
