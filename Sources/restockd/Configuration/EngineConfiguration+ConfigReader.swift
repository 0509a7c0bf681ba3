import Configuration
import RestockCore
import RestockEngine

extension EngineConfiguration {
    /// Keys are listed on ``EngineConfiguration``.
    init(reader: ConfigReader) throws {
        self.init(
            minAvailable: try reader.checkedInt(.plannerMinAvailable, default: 0, range: 0...1_000_000),
            perUnit: try reader.checkedDouble(.plannerPerUnit, range: 0.01...10_000),
            waveInterval: try reader.checkedDouble(.plannerWaveInterval, range: 1...604_800) ?? 300,
            doubleOptIn: try reader.checkedBool(.watchesDoubleOptIn, default: false),
            watchTTLDays: try reader.checkedInt(.watchesTTLDays, default: 180, range: 1...3650),
            traffic: try TrafficClassifier(reader: reader),
            clickRepeatWindow: try reader.checkedDouble(.trackingRepeatWindowSeconds, range: 1...3_600) ?? 60,
            attribution: AttributionPolicy(
                clickWindow: (try reader.checkedDouble(.attributionClickWindowDays, range: 0.01...90) ?? 5)
                    * 86_400,
                openWindow: (try reader.checkedDouble(.attributionOpenWindowHours, range: 0...2_160) ?? 24)
                    * 3_600),
            stockLocations: reader.checkedList(.stockLocations).isEmpty
                ? nil : Set(reader.checkedList(.stockLocations)))
    }
}

extension TrafficClassifier {
    init(reader: ConfigReader) throws {
        let ranges = try reader.checkedAddressBlocks(.trackingAppleProxyRanges)
        self.init(
            prefetchWindow: try reader.checkedDouble(.trackingPrefetchWindowSeconds, range: 0...3_600) ?? 10,
            burstWindow: try reader.checkedDouble(.trackingBurstWindowSeconds, range: 0...60) ?? 1,
            appleProxyRanges: ranges.isEmpty ? TrafficClassifier.defaultAppleProxyRanges : ranges)
    }
}
