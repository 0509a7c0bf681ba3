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
        let (configuration, sources) = try await loadConfigurationAndSources(options)
        printWhereEverythingIs(configuration, sources: sources)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "restockd")
        if sources.envFileStatus == .denied { logger.info("env file \(sources.envFileDescription)") }
        for unknown in sources.unknownSettings { logger.warning("\(unknown)") }
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
    func printWhereEverythingIs(_ configuration: DaemonConfiguration, sources: ConfigSources) {
        let data = configuration.dataDirectory
        // Written unbuffered: under systemd stdout is a pipe, and a buffered banner would appear
        // only at exit.
        let text = """
            restockd starting
              store:          \(configuration.storeDescription)
              HTTP:           http://\(configuration.host):\(configuration.port)/ (POST /v1/watches, /v1/inventory, /v1/orders; GET /healthz /readyz /metrics)
              admin token:    \(source(of: .adminToken, generated: "admin-token", in: data, sources))
              webhook secret: \(source(of: .webhookSecret, generated: "webhook-secret", in: data, sources))
              mail:           \(configuration.mail.transportDescription)

            """
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Where a secret is, so the operator can copy it into the shop: the file generated on first
    /// run, unless it is set (then only where it is set, never the value).
    func source(of key: SettingKey, generated name: String, in data: String, _ sources: ConfigSources) -> String {
        sources.describeOrigin(of: key).map { "from \($0)" }
            ?? "\(GeneratedSecret.path(name: name, in: data)) (or set \(key.environmentName))"
    }
}

/// Reads and validates the configuration; a bad key stops here with its name and exit status 78
/// (EX_CONFIG), which systemd shows as a configuration error.
func loadConfiguration(_ options: CommonOptions) async throws -> DaemonConfiguration {
    try await loadConfigurationAndSources(options).configuration
}

/// The configuration and the sources it was read from, for the commands that tell the operator
/// where a secret came from and which names they set are not settings.
func loadConfigurationAndSources(_ options: CommonOptions) async throws -> (
    configuration: DaemonConfiguration, sources: ConfigSources
) {
    try await exitingOnConfigError {
        let sources = try options.sources()
        return (try DaemonConfiguration(reader: sources.reader), sources)
    }
}

/// Runs `body`; a ``ConfigError`` it throws (a bad key, or a file a key names: templates, the
/// DKIM key) is printed and becomes exit status 78.
func exitingOnConfigError<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ConfigError {
        FileHandle.standardError.write(Data("restockd: \(error)\n".utf8))
        throw ExitCode(78)
    } catch let error as SchemaRefusal {
        FileHandle.standardError.write(Data("restockd: \(error)\n".utf8))
        throw ExitCode(78)
    }
}
