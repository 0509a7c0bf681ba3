import Configuration
import Foundation
import RestockCore

/// Typed reads that refuse a bad value instead of quietly falling back to the default, so a typo
/// in the env file stops start-up with the key's name (every provider here hands us strings).
extension ConfigReader {
    func checkedString(_ key: String, secret: Bool = false) -> String? {
        guard let value = string(forKey: ConfigKey(key), isSecret: secret)?.trimmingCharacters(in: .whitespaces),
            !value.isEmpty
        else { return nil }
        return value
    }

    func checkedInt(_ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = checkedString(key) else { return value }
        guard let number = Int(text) else {
            throw ConfigError(key: key, problem: "expected an integer, got \"\(text)\"")
        }
        guard range.contains(number) else {
            throw ConfigError(
                key: key, problem: "must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
        }
        return number
    }

    func checkedDouble(_ key: String, range: ClosedRange<Double>) throws -> Double? {
        guard let text = checkedString(key) else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw ConfigError(key: key, problem: "expected a number, got \"\(text)\"")
        }
        guard range.contains(number) else {
            throw ConfigError(
                key: key, problem: "must be between \(range.lowerBound) and \(range.upperBound), got \(text)")
        }
        return number
    }

    func checkedBool(_ key: String, default value: Bool) throws -> Bool {
        guard let text = checkedString(key)?.lowercased() else { return value }
        switch text {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw ConfigError(key: key, problem: "expected true or false, got \"\(text)\"")
        }
    }

    func checkedList(_ key: String) -> [String] {
        (checkedString(key) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// A comma-separated list of addresses or CIDR blocks (`10.0.0.0/8, ::1`).
    func checkedAddressBlocks(_ key: String) throws -> [IPRange] {
        try checkedList(key).map { text in
            guard let range = IPRange(text) else {
                throw ConfigError(key: key, problem: "\"\(text)\" is not an address or block such as 10.0.0.0/8")
            }
            return range
        }
    }
}
