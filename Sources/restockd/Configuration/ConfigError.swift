/// A configuration problem that stops start-up. The message always names the key, as an
/// operator would write it in the env file, or, when no key is at fault, the file or directory
/// that is (the env file, the credentials directory).
struct ConfigError: Error, CustomStringConvertible {
    /// A key (`restock.http.port`), or what else is at fault (`env file`), then named in `problem`.
    let key: String
    let problem: String

    var description: String {
        key.hasPrefix("restock.")
            ? "configuration \(SettingKey.environmentName(key)) (\(key)): \(problem)"
            : "configuration: \(problem)"
    }
}
