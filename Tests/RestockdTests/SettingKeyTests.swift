import Configuration
import Foundation
import Testing

@testable import restockd

/// The catalogue of keys (``SettingKey``, the only keys the readers can read) against the
/// operator's documentation and swift-configuration's own naming.
@Suite struct SettingKeyTests {
    /// The env file example every operator starts from.
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/restockd.env.example")

    /// Every variable the example assigns, commented out or not (`#RESTOCK_HTTP_PORT=8080`).
    static func documentedNames() throws -> Set<String> {
        let text = try String(contentsOf: example, encoding: .utf8)
        let regex = try Regex(#"^#?(RESTOCK_[A-Z0-9_]+)="#).anchorsMatchLineEndings()
        return Set(text.matches(of: regex).compactMap { $0.output[1].substring.map(String.init) })
    }

    @Test func everyKeyTheDaemonReadsIsInTheEnvExampleAndNothingElse() throws {
        let documented = try Self.documentedNames()
        let read = SettingKey.allCases
        let missing = read.filter { !documented.contains($0.environmentName) }.map(\.environmentName)
        #expect(missing.isEmpty, "read by restockd but not in deploy/restockd.env.example: \(missing)")
        let known = Set(read.map(\.environmentName))
        let stale = documented.subtracting(known).sorted()
        #expect(stale.isEmpty, "in deploy/restockd.env.example but read by nothing: \(stale)")
    }

    /// The names the example, `check-config` and error messages give are the ones
    /// swift-configuration's provider actually looks up.
    @Test func eachKeysVariableIsTheOneSwiftConfigurationReads() {
        let environment = Dictionary(
            uniqueKeysWithValues: SettingKey.allCases.map { ($0.environmentName, $0.rawValue) })
        let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))
        for key in SettingKey.allCases {
            #expect(reader.string(forKey: ConfigKey(key.rawValue)) == key.rawValue, "\(key.environmentName)")
        }
    }
}
