import Configuration
import Foundation
import RestockCore

/// Typed reads that refuse a bad value instead of quietly falling back to the default, so a typo
/// in the env file stops start-up with the key's name (every provider here hands us strings).
/// Keys come from ``SettingKey``, so nothing is read that the catalogue does not list.
extension ConfigReader {
    func checkedString(_ key: SettingKey) -> String? {
        guard
            let value = string(forKey: ConfigKey(key.rawValue), isSecret: key.isSecret)?.trimmingCharacters(
                in: .whitespaces),
            !value.isEmpty
        else { return nil }
        return value
    }

    func checkedInt(_ key: SettingKey, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = checkedString(key) else { return value }
        guard let number = Int(text) else {
            throw ConfigError(key: key.rawValue, problem: "expected an integer, got \"\(text)\"")
        }
        guard range.contains(number) else {
            throw ConfigError(
                key: key.rawValue, problem: "must be between \(range.lowerBound) and \(range.upperBound), got \(number)"
            )
        }
        return number
    }

    func checkedDouble(_ key: SettingKey, range: ClosedRange<Double>) throws -> Double? {
        guard let text = checkedString(key) else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw ConfigError(key: key.rawValue, problem: "expected a number, got \"\(text)\"")
        }
        guard range.contains(number) else {
            throw ConfigError(
                key: key.rawValue, problem: "must be between \(range.lowerBound) and \(range.upperBound), got \(text)")
        }
        return number
    }

    func checkedBool(_ key: SettingKey, default value: Bool) throws -> Bool {
        guard let text = checkedString(key)?.lowercased() else { return value }
        switch text {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw ConfigError(key: key.rawValue, problem: "expected true or false, got \"\(text)\"")
        }
    }

    func checkedList(_ key: SettingKey) -> [String] {
        (checkedString(key) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// A comma-separated list of addresses or CIDR blocks (`10.0.0.0/8, ::1`).
    func checkedAddressBlocks(_ key: SettingKey) throws -> [IPRange] {
        try checkedList(key).map { text in
            guard let range = IPRange(text) else {
                throw ConfigError(
                    key: key.rawValue, problem: "\"\(text)\" is not an address or block such as 10.0.0.0/8")
            }
            return range
        }
    }
}
