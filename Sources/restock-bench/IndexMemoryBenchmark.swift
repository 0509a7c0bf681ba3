import ArgumentParser
import Foundation
import RestockCore

/// `index-memory`: what the in-memory ``WatchIndex`` costs per watch at 1,000,000 watches over
/// 100,000 variants (target ≤ 16 bytes/watch).
///
/// Two ways of filling it, because the daemon does both: ``WatchIndex/Builder`` (the rebuild at
/// start, `loadIndex`) and one ``WatchIndex/insert(watchID:variantID:queuePosition:state:)`` at a
/// time (subscriptions while running). Each is reported twice: the index's own
/// `approximateBytes()`, and the growth of the process's resident memory across the build once
/// the temporaries are freed and handed back with `malloc_trim` — the figure an operator sees,
/// which also counts allocator overhead, and which `approximateBytes()` cannot.
///
/// Every measurement runs in a fresh child process (this executable with the hidden
/// `--index-memory-probe`): in one long-lived process, memory freed by the previous run is
/// reused or trimmed unpredictably, and the resident growth swung between 8 and 31 bytes/watch.
///
/// The grown index's resident growth exceeds its buffers because of glibc, not the index: the
/// index grows on a Swift concurrency thread, so in a secondary malloc arena; each freed
/// smaller copy of a buffer coalesces into that arena's top chunk, and `malloc_trim` trims the
/// top chunk of the main arena only. The figures are therefore measured as the daemon is
/// deployed, with a fixed mmap threshold (`GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072`,
/// set in deploy/restockd.service, which also turns off glibc's dynamic threshold): large
/// buffers are mapped and unmapped on their own and the growth matches `approximateBytes()`.
/// The info line after the figures repeats the measurement with glibc's defaults.
struct IndexMemoryBenchmark {
    /// How the index is filled.
    enum Fill: String, CaseIterable, Sendable {
        case built
        case grown
    }

    var watches: Int
    var variants: Int
    var runs: Int

    func run(report: Report) throws {
        var samples: [Fill: [IndexMemoryProbe.Result]] = [:]
        for run in 1...runs {
            for fill in Fill.allCases {
                Report.progress("index-memory run \(run)/\(runs): \(fill), in a child process")
                // Measured as deployed: deploy/restockd.service sets the same tunable.
                samples[fill, default: []].append(
                    try probeInChild(fill, environment: ["GLIBC_TUNABLES": Self.fixedMmapThreshold]))
            }
        }
        report.info("\(watches) watches over \(variants) variants, 14-digit variant ids, watches scattered at random")
        for fill in Fill.allCases {
            let results = samples[fill] ?? []
            report.add(
                Figure(
                    name: "index-memory [\(fill)] approximateBytes()", unit: "bytes/watch",
                    samples: results.map(\.approximate), target: .atMost(16)))
            report.add(
                Figure(
                    name: "index-memory [\(fill)] RSS growth", unit: "bytes/watch", samples: results.map(\.resident),
                    target: .atMost(16)))
        }
        let plain = try Fill.allCases.map { fill in
            "\(fill) \(Figure.format(try probeInChild(fill).resident))"
        }
        report.info(
            "RSS growth with glibc's default malloc settings (1 run): \(plain.joined(separator: ", ")) bytes/watch")
    }

    /// Large allocations are mapped on their own and unmapped when freed, whatever was freed before.
    static let fixedMmapThreshold = "glibc.malloc.mmap_threshold=131072"

    private func probeInChild(_ fill: Fill, environment: [String: String] = [:]) throws -> IndexMemoryProbe.Result {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = [
            "--index-memory-probe", fill.rawValue, "--index-watches", "\(watches)", "--index-variants", "\(variants)",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let result = IndexMemoryProbe.Result(line: String(decoding: data, as: UTF8.self))
        else {
            throw BenchError("index-memory probe (\(fill)) failed with status \(process.terminationStatus)")
        }
        return result
    }
}

extension IndexMemoryBenchmark.Fill: ExpressibleByArgument {}
