import Foundation
import SystemPackage

extension ConfigSources {
    /// Reads the env file and the credentials. An env file the operator named (`--env-file`)
    /// must be there and readable; the default one may be missing, or closed to this user: the
    /// unit's own, root-only, reaches the service through `EnvironmentFile=` as environment
    /// (`envFileStatus` says so). A credential that is there but unreadable, empty or too large
    /// stops start-up naming it, so a half-configured secret never falls back to another.
    static func load(
        commandLine: [String: String], envFilePath: String, envFileRequired: Bool, environment: [String: String]
    ) throws -> ConfigSources {
        let label = "the env file"
        let envFile = try BoundedFile.read(envFilePath, limit: envFileLimit, key: "env file", label: label)
        var text = ""
        let status: EnvFileStatus
        switch envFile {
        case .bytes(let data):
            text = String(decoding: data, as: UTF8.self)
            status = .read
        case .missing where envFileRequired:
            throw ConfigError(key: "env file", problem: "\(label) \(envFilePath) does not exist")
        case .denied where envFileRequired:
            throw ConfigError(
                key: "env file", problem: "cannot read \(label) \(envFilePath): \(Errno.permissionDenied)")
        case .missing: status = .missing
        case .denied: status = .denied
        }
        let directory = environment["CREDENTIALS_DIRECTORY"].flatMap { $0.isEmpty ? nil : $0 }
        let (credentials, names) = try directory.map(readCredentials) ?? ([:], [])
        return ConfigSources(
            commandLine: commandLine, credentialsDirectory: directory, credentials: credentials,
            credentialNames: names, environment: environment, envFilePath: envFilePath, envFileStatus: status,
            envFile: parseEnvFile(text))
    }

    /// swift-configuration's env file rule (`EnvironmentFileParser`, internal to it), so the
    /// names can be checked as well as read: one `NAME=value` a line, both sides trimmed, `#`
    /// lines and lines without `=` skipped, the last of a repeated name wins.
    static func parseEnvFile(_ contents: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in contents.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[0].hasPrefix("#") else { continue }
            values[parts[0]] = parts[1]
        }
        return values
    }

    /// Each credential a key may come from, named after the key (`restock.admin.token`), and
    /// the names of every file in the directory. systemd writes the file as the unit's
    /// `LoadCredential=` read it, so trailing newlines (an editor's) are not part of the value.
    static func readCredentials(in directory: String) throws -> ([SettingKey: String], [String]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw ConfigError(
                key: "CREDENTIALS_DIRECTORY",
                problem: "cannot list the credentials directory \(directory): \(error.localizedDescription)")
        }
        var credentials: [SettingKey: String] = [:]
        for key in SettingKey.credentials where names.contains(key.rawValue) {
            let path = directory + "/" + key.rawValue
            let label = "the credential"
            guard
                let data = try BoundedFile.readIfPresent(path, limit: credentialLimit, key: key.rawValue, label: label)
            else {
                continue
            }
            guard var text = String(data: data, encoding: .utf8) else {
                throw ConfigError(key: key.rawValue, problem: "\(label) \(path) is not UTF-8 text")
            }
            while text.last?.isNewline == true { text.removeLast() }
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigError(key: key.rawValue, problem: "\(label) \(path) is empty")
            }
            credentials[key] = key.isFile ? path : text
        }
        return (credentials, names)
    }
}
