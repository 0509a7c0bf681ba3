import Configuration
import RestockCore
import RestockEngine

extension EngineConfiguration {
    /// Keys are listed on ``EngineConfiguration``.
    init(reader: ConfigReader) throws {
        self.init(
            minAvailable: try reader.checkedInt("restock.planner.minAvailable", default: 0, range: 0...1_000_000),
            perUnit: try reader.checkedDouble("restock.planner.perUnit", range: 0.01...10_000),
            waveInterval: try reader.checkedDouble("restock.planner.waveInterval", range: 1...604_800) ?? 300,
            doubleOptIn: try reader.checkedBool("restock.watches.doubleOptIn", default: false),
            watchTTLDays: try reader.checkedInt("restock.watches.ttlDays", default: 180, range: 1...3650),
            traffic: try TrafficClassifier(reader: reader),
            clickRepeatWindow: try reader.checkedDouble("restock.tracking.repeatWindowSeconds", range: 1...3_600) ?? 60,
            attribution: AttributionPolicy(
                clickWindow: (try reader.checkedDouble("restock.attribution.clickWindowDays", range: 0.01...90) ?? 5)
                    * 86_400,
                openWindow: (try reader.checkedDouble("restock.attribution.openWindowHours", range: 0...2_160) ?? 24)
                    * 3_600),
            stockLocations: reader.checkedList("restock.stock.locations").isEmpty
                ? nil : Set(reader.checkedList("restock.stock.locations")))
    }
}

extension TrafficClassifier {
    init(reader: ConfigReader) throws {
        let ranges = try reader.checkedAddressBlocks("restock.tracking.appleProxyRanges")
        self.init(
            prefetchWindow: try reader.checkedDouble("restock.tracking.prefetchWindowSeconds", range: 0...3_600) ?? 10,
            burstWindow: try reader.checkedDouble("restock.tracking.burstWindowSeconds", range: 0...60) ?? 1,
            appleProxyRanges: ranges.isEmpty ? TrafficClassifier.defaultAppleProxyRanges : ranges)
    }
}
