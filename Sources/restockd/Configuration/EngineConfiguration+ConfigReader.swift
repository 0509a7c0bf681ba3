import Configuration
import RestockEngine

extension EngineConfiguration {
    /// Keys are listed on ``EngineConfiguration``.
    init(reader: ConfigReader) throws {
        self.init(
            minAvailable: try reader.checkedInt("restock.planner.minAvailable", default: 0, range: 0...1_000_000),
            perUnit: try reader.checkedDouble("restock.planner.perUnit", range: 0.01...10_000),
            waveInterval: try reader.checkedDouble("restock.planner.waveInterval", range: 1...604_800) ?? 300,
            doubleOptIn: try reader.checkedBool("restock.watches.doubleOptIn", default: false),
            watchTTLDays: try reader.checkedInt("restock.watches.ttlDays", default: 180, range: 1...3650))
    }
}
