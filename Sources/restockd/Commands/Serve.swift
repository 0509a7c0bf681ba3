import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import Systemd

/// `restockd serve` (the default): run the daemon.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the daemon (the default command).")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let configuration = try await loadConfiguration(options)
        printWhereEverythingIs(configuration)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "restockd")
        let notifier = SystemdNotifier.fromEnvironment()
        let daemon: Daemon
        do {
            // Templates and the DKIM key are read here, after the keys themselves were checked.
            daemon = try await exitingOnConfigError {
                try await Daemon.build(
                    configuration: configuration, logger: logger, notifier: notifier, registry: registry)
            }
        } catch {
            notifier.notify([.status("Failed to start: \(error)")])
            throw error
        }
        try await daemon.run()
    }

    /// What a first-time operator needs: where data, secrets and the API are.
    func printWhereEverythingIs(_ configuration: DaemonConfiguration) {
        let data = configuration.dataDirectory
        // Written unbuffered: under systemd stdout is a pipe, and a buffered banner would appear
        // only at exit.
        let text = """
            restockd starting
              store:          \(configuration.storeDescription)
              HTTP:           http://\(configuration.host):\(configuration.port)/ (POST /v1/watches, /v1/inventory, /v1/orders; GET /healthz /readyz /metrics)
              admin token:    \(configurationSource(key: "restock.admin.token", file: GeneratedSecret.path(name: "admin-token", in: data)))
              webhook secret: \(configurationSource(key: "restock.webhook.secret", file: GeneratedSecret.path(name: "webhook-secret", in: data)))
              mail:           \(configuration.mail.transportDescription)

            """
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func configurationSource(key: String, file: String) -> String {
        FileManager.default.fileExists(atPath: file)
            ? "\(file) (or set \(SettingKey.environmentName(key)))" : "from \(SettingKey.environmentName(key))"
    }
}

/// Reads and validates the configuration; a bad key stops here with its name and exit status 78
/// (EX_CONFIG), which systemd shows as a configuration error.
func loadConfiguration(_ options: CommonOptions) async throws -> DaemonConfiguration {
    try await exitingOnConfigError { try DaemonConfiguration(reader: try await options.reader()) }
}

/// Runs `body`; a ``ConfigError`` it throws (a bad key, or a file a key names: templates, the
/// DKIM key) is printed and becomes exit status 78.
func exitingOnConfigError<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ConfigError {
        FileHandle.standardError.write(Data("restockd: \(error)\n".utf8))
        throw ExitCode(78)
    }
}
