/// A configuration problem that stops start-up. The message always names the key, as an
/// operator would write it in the env file.
struct ConfigError: Error, CustomStringConvertible {
    let key: String
    let problem: String

    var description: String { "configuration \(SettingKey.environmentName(key)) (\(key)): \(problem)" }
}
