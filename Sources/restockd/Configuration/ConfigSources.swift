import Configuration
import Foundation

/// Everything the settings are read from, in precedence order: the command line, systemd
/// credentials, the environment, the env file (the defaults live where each key is read).
/// Kept apart from the ``ConfigReader`` built over them, so `check-config` and `serve` can say
/// where a secret came from and which names are not settings at all (``UnknownSetting``),
/// never printing a value.
///
/// A credential outranks the environment: it is what the unit deliberately hands this service
/// (`LoadCredential=`, a root-owned file only the service can read), while the environment
/// also carries what the env file already said.
struct ConfigSources {
    enum EnvFileStatus: Equatable {
        case read
        case missing
        /// Closed to this user: the unit's root-only file, whose settings systemd's
        /// `EnvironmentFile=` put in the environment instead.
        case denied
    }

    enum Origin: String {
        case commandLine = "the command line"
        case credential = "a credential"
        case environment = "the environment"
        case envFile = "the env file"
    }

    /// `--set` and the named options, by key (`restock.http.port`).
    var commandLine: [String: String]
    /// `$CREDENTIALS_DIRECTORY`, when systemd (or the operator) set it.
    var credentialsDirectory: String?
    /// By key: a credential's text, or for a file key (``SettingKey/isFile``) the credential's path.
    var credentials: [SettingKey: String]
    /// Every file in the credentials directory, known or not.
    var credentialNames: [String]
    /// The process environment, by variable name.
    var environment: [String: String]
    var envFilePath: String
    var envFileStatus: EnvFileStatus
    /// The env file, by variable name.
    var envFile: [String: String]

    /// A credential or env file larger than this is refused naming it: no real one comes near
    /// (an RSA-4096 PEM is 3.3 KB), and a wrong path could otherwise fill memory.
    static let credentialLimit = 64 * 1024
    static let envFileLimit = 1024 * 1024

    /// The reader every command builds its configuration from.
    var reader: ConfigReader {
        func values(_ pairs: [(String, String)], secret: (String) -> Bool) -> [AbsoluteConfigKey: ConfigValue] {
            Dictionary(
                pairs.map { (AbsoluteConfigKey(ConfigKey($0.0)), ConfigValue(.string($0.1), isSecret: secret($0.0))) },
                uniquingKeysWith: { $1 })
        }
        let secrets = SecretsSpecifier<String, String>.specific(
            Set(SettingKey.allCases.filter(\.isSecret).map(\.environmentName)))
        return ConfigReader(providers: [
            InMemoryProvider(
                name: "command line",
                values: values(commandLine.map { ($0.key, $0.value) }) { SettingKey(rawValue: $0)?.isSecret ?? false }),
            // Every credential is secret, the DKIM key's path included: it says where the key is.
            InMemoryProvider(
                name: "credentials", values: values(credentials.map { ($0.key.rawValue, $0.value) }) { _ in true }),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: secrets),
            EnvironmentVariablesProvider(environmentVariables: envFile, secretsSpecifier: secrets),
        ])
    }

    /// What became of the env file, for `check-config` and the log at start.
    var envFileDescription: String {
        switch envFileStatus {
        case .read: envFilePath
        case .missing: "(none at \(envFilePath))"
        case .denied:
            "\(envFilePath) is not readable by this user: its settings count where the environment carries them (the unit's EnvironmentFile= does)"
        }
    }

    /// Where the reader takes `key` from, or nil when its default applies: the first source
    /// that has it, unless that one holds only blanks (the reader then sees no value at all).
    func origin(of key: SettingKey) -> Origin? {
        let found: [(Origin, String?)] = [
            (.commandLine, commandLine[key.rawValue]), (.credential, credentials[key]),
            (.environment, environment[key.environmentName]), (.envFile, envFile[key.environmentName]),
        ]
        guard let (origin, value) = found.first(where: { $0.1 != nil }),
            value?.trimmingCharacters(in: .whitespaces).isEmpty == false
        else { return nil }
        return origin
    }

    /// Where the value of `key` comes from, as the start-up banner and `check-config` say it
    /// (never the value), or nil when nothing sets it.
    func describeOrigin(of key: SettingKey) -> String? {
        switch origin(of: key) {
        case .credential?: "the credential \(key.rawValue)"
        case .commandLine?: "the command line"
        case let origin?: "\(key.environmentName) in \(origin.rawValue)"
        case nil: nil
        }
    }
}
