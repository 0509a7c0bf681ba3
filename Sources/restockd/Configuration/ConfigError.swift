/// A configuration problem that stops start-up. The message always names the key, as an
/// operator would write it in the env file.
struct ConfigError: Error, CustomStringConvertible {
    let key: String
    let problem: String

    var description: String { "configuration \(environmentName(key)) (\(key)): \(problem)" }
}

/// The environment variable for a key, as swift-configuration derives it: `restock.http.port` →
/// `RESTOCK_HTTP_PORT`, `restock.webhook.secretPrevious` → `RESTOCK_WEBHOOK_SECRET_PREVIOUS`.
func environmentName(_ key: String) -> String {
    var name = ""
    var previousWasLower = false
    for character in key {
        if character == "." || character == "-" {
            name += "_"
            previousWasLower = false
        } else if character.isUppercase && previousWasLower {
            name += "_" + character.uppercased()
            previousWasLower = false
        } else {
            name += character.uppercased()
            previousWasLower = character.isLowercase || character.isNumber
        }
    }
    return name
}
