import Testing

@testable import RestockCore

/// The queue-to-send histogram: a median over merged buckets is within a bucket's width.
@Suite struct LatencyBucketsTests {
    @Test func theMedianOfAHistogramIsWithinFivePercent() throws {
        let times = [0.004, 0.005, 0.006, 2.0, 3.0, 0.0049, 0.0051]  // median 0.0051
        var counts: [Int: Int64] = [:]
        for time in times { counts[LatencyBuckets.bucket(seconds: time), default: 0] += 1 }
        let median = try #require(LatencyBuckets.median(counts))
        #expect(abs(median - 0.0051) / 0.0051 < 0.05, "\(median)")
        #expect(LatencyBuckets.median([:]) == nil)
        #expect(
            LatencyBuckets.bucket(seconds: 0) == LatencyBuckets.bucket(seconds: 0.0005),
            "under a millisecond is one bucket")
    }
}
