import Foundation
import Logging
import RestockCore
import RestockEngine

/// `feed-100k`: one poll of a generated 100,000-item Google Merchant RSS feed (about 40 MB)
/// served over loopback HTTP by Python's `http.server`, with `watched` of its variants watched.
/// Figures: the poll's time, the growth of this process's resident memory over the poll (its
/// peak, `VmHWM`, reset just before, minus the resident size before; target ≤ 64 MiB), and a
/// second poll with the validators the first left, which the server answers 304 (it must parse
/// nothing).
///
/// Half the watched variants are in stock in the feed and out of stock in the ledger, so each
/// run also restocks them and queues their emails, as a first poll after a restock would.
struct FeedPollBenchmark {
    var items: Int
    var watched: Int
    var runs: Int

    func run(on target: StoreTarget, report: Report) async throws {
        let name = "feed-\(items / 1000)k [\(target.dialect)]"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "restock-feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try writeFeed(to: directory.appendingPathComponent("feed.xml"))
        let server = try FileServer(directory: directory.path)
        defer { server.stop() }
        do {
            var (seconds, growth, notModified) = ([Double](), [Double](), [Double]())
            // A database per run: a second run on the first one's would find the ledger
            // already agreeing with the feed.
            for run in 1...runs {
                try await target.withScratchDatabase(label: "feed") { database in
                    try await database.withStore { open in
                        Report.progress("feed run \(run)/\(runs): \(watched) watchers")
                        let sample = try await measure(open, port: server.port, run: run)
                        seconds.append(sample.seconds)
                        growth.append(sample.growthMiB)
                        notModified.append(sample.notModifiedMilliseconds)
                    }
                }
            }
            report.add(Figure(name: "\(name) poll", unit: "s", samples: seconds))
            report.add(Figure(name: "\(name) resident growth", unit: "MiB", samples: growth, target: .atMost(64)))
            report.add(Figure(name: "\(name) 304 poll", unit: "ms", samples: notModified))
            report.info(
                "\(items) items, \(Figure.format(Double(bytes) / 1_048_576)) MiB of RSS 2.0, \(watched) watched; the 304 poll parsed 0 items"
            )
        } catch let unavailable as StoreUnavailable {
            report.skip(name, reason: unavailable.reason)
        }
    }

    struct Sample {
        var seconds: Double
        var growthMiB: Double
        var notModifiedMilliseconds: Double
    }

    private func measure(_ open: OpenStore, port: Int, run: Int) async throws -> Sample {
        let tag = "feed\(run)-\(UUID().uuidString.prefix(6))"
        let population = Population(store: open.store)
        let customers = try await population.customers(tag: tag, 0..<watched)
        // Every other watched item is in stock in the feed (see writeFeed); spread them over it.
        try await population.watches(
            customers.enumerated().map { ($1, Self.itemID(watchedIndex: $0, of: watched, items: items)) })
        let engine = open.engine()
        // The query string makes each run's URL new, so no validators are sent yet.
        let url = "http://127.0.0.1:\(port)/feed.xml?run=\(tag)"
        let poller = FeedPoller(
            engine: engine,
            configuration: FeedConfiguration(url: url, reconciliation: FeedReconciliation(inStockQuantity: 1)),
            logger: Logger(label: "bench"))

        ProcessMemory.releaseFreedMemory()
        let before = ProcessMemory.residentBytes()
        ProcessMemory.resetPeakResident()
        let start = ContinuousClock.now
        let summary = try await poller.poll()
        let elapsed = ContinuousClock.now - start
        let peak = ProcessMemory.peakResidentBytes()
        guard summary.items == items, summary.watched == watched, summary.stockEvents == (watched + 1) / 2 else {
            throw BenchError("feed run \(run): \(summary), expected \(items) items, \(watched) watched")
        }
        let again = ContinuousClock.now
        let second = try await poller.poll()
        let notModified = ContinuousClock.now - again
        guard second.notModified, second.items == 0 else {
            throw BenchError("feed run \(run): the second poll was not a 304: \(second)")
        }
        return Sample(
            seconds: elapsed.seconds, growthMiB: Double(max(0, peak - before)) / 1_048_576,
            notModifiedMilliseconds: notModified.seconds * 1000)
    }

    /// The item the `index`th watcher watches: spread evenly over the feed.
    static func itemID(watchedIndex index: Int, of watched: Int, items: Int) -> String {
        "item-\(index * (items / max(watched, 1)))"
    }

    /// Writes the feed in pieces, so generating it does not itself raise the resident peak.
    /// Item `n` is in stock when `n / (items / watched)` is even, so half the watched ones are.
    private func writeFeed(to url: URL) throws -> Int {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let file = try FileHandle(forWritingTo: url)
        defer { try? file.close() }
        var bytes = 0
        func write(_ text: String) throws {
            let data = Data(text.utf8)
            bytes += data.count
            try file.write(contentsOf: data)
        }
        try write(
            #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
                + #"<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><title>Bench shop</title>"#
                + "<link>https://shop.example</link><description>Generated</description>\n")
        let stride = items / max(watched, 1)
        var chunk = ""
        for n in 0..<items {
            let inStock = (n / max(stride, 1)) % 2 == 0
            chunk += """
                <item><g:id>item-\(n)</g:id><title>Product \(n) &amp; friends</title>\
                <link>https://shop.example/products/item-\(n)?utm_source=feed</link>\
                <description><![CDATA[A fine product, number \(n), in <b>many</b> colours.]]></description>\
                <g:image_link>https://cdn.shop.example/images/item-\(n).jpg</g:image_link>\
                <g:price>\(10 + n % 90).99 EUR</g:price><g:availability>\(inStock ? "in stock" : "out_of_stock")</g:availability>\
                <g:item_group_id>group-\(n / 4)</g:item_group_id><g:brand>Restock</g:brand>\
                <g:shipping><g:country>PL</g:country><g:service>Standard</g:service><g:price>9.99 EUR</g:price></g:shipping></item>

                """
            if chunk.utf8.count > 1 << 20 {
                try write(chunk)
                chunk = ""
            }
        }
        try write(chunk + "</channel></rss>\n")
        return bytes
    }
}

/// Python's `http.server` serving a directory: it sends `Last-Modified` and answers a matching
/// `If-Modified-Since` with 304, which is what a shop's web server does for a static feed file.
final class FileServer: @unchecked Sendable {
    let port: Int
    private let process: Process

    init(directory: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            "-u", "-c",
            """
            import functools, http.server, sys
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            handler.func.log_message = lambda *args: None
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """,
            directory,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first,
            first != UInt8(ascii: "\n")
        {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw BenchError("python3 http.server did not start")
        }
        self.port = port
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
