import Curl
import Foundation
import RestockMail

/// `mail-throughput` and `mail-dkim`: personalized messages from the outbox to postfix's
/// `smtp-sink` on loopback, against what this machine can do at all, measured in the same run:
///
/// - without DKIM, against `smtp-source` sending copies of one of our messages to the same
///   sink over as many reused connections (target ≥ 70% of its rate);
/// - with rsa-sha256 DKIM, against the machine's RSA-2048 signing limit, `openssl speed
///   rsa2048` sign/s × cores (target ≥ 80%): signing, not our code, should be the limit.
///
/// Each run queues `messages` emails with a real restock on the store (not timed), then times
/// the dispatcher draining them: claim, read, render, compose, sign, submit, record.
struct MailThroughputBenchmark {
    var messages: Int
    var connections: Int
    var dkim: Bool
    var runs: Int

    func run(on target: StoreTarget, report: Report) async throws {
        let label = dkim ? "mail-dkim" : "mail-throughput"
        let limit = dkim ? try Self.signingLimit() : nil
        var ours: [Double] = []
        var theirs: [Double] = []
        var clientAlone: [Double] = []
        var perConnection: [Double] = []
        var cpuPerMessage: [Double] = []
        let signer = dkim ? try Self.signer() : nil
        var signingAlone: Double?
        try await target.withScratchDatabase(label: label) { database in
            try await database.withStore { open in
                let outbox = MailOutbox(open: open)
                for run in 1...runs {
                    Report.progress("\(label) run \(run)/\(runs): queuing \(messages) emails")
                    try await outbox.fill(watchers: messages, tag: "\(label)\(run)-\(UUID().uuidString.prefix(6))")
                    let sink = try SMTPSink()
                    defer { sink.stop() }
                    if let signer, signingAlone == nil {
                        signingAlone = try await Self.signingRate(
                            signer,
                            message: try MailOutbox.sample(
                                try outbox.mailer(
                                    transport: FileTransport(directory: NSTemporaryDirectory()), signer: nil)))
                    }
                    let transport = SMTPTransport(
                        configuration: SMTPConfiguration(url: sink.url, tls: .never, connections: connections))
                    let mailer = try outbox.mailer(transport: transport, signer: signer)
                    Report.progress("\(label) run \(run)/\(runs): sending")
                    let cpuBefore = ProcessMemory.cpuSeconds()
                    let (sent, seconds) = try await outbox.drain(
                        outbox.dispatcher(mailer, concurrency: 2 * connections))
                    cpuPerMessage.append((ProcessMemory.cpuSeconds() - cpuBefore) / Double(sent) * 1e6)
                    guard sent == messages else { throw BenchError("sent \(sent) of \(messages)") }
                    ours.append(Double(sent) / seconds)
                    perConnection.append(Double(sent) / Double(max(1, transport.connectionsOpened)))
                    if !dkim {
                        Report.progress("\(label) run \(run)/\(runs): smtp-source")
                        let sample = try MailOutbox.sample(mailer)
                        theirs.append(try sink.sourceRate(messages: messages, sessions: connections, message: sample))
                        Report.progress("\(label) run \(run)/\(runs): the SMTP client alone")
                        clientAlone.append(
                            try await SMTPClientCeiling.rate(
                                url: sink.url, connections: connections, messages: messages, message: sample))
                    }
                }
            }
        }
        let tag = "[\(target.dialect)]"
        if let limit {
            report.add(Figure(name: "\(label) \(tag)", unit: "messages/s", samples: ours))
            report.add(
                Figure(
                    name: "\(label) of signing limit \(tag)", unit: "%", samples: ours.map { $0 / limit * 100 },
                    target: .atLeast(80)))
            if let signingAlone {
                report.add(
                    Figure(
                        name: "\(label) of swift-crypto's signing rate \(tag)", unit: "%",
                        samples: ours.map { $0 / signingAlone * 100 }))
                report.info(
                    "swift-crypto (BoringSSL) signs \(Figure.format(signingAlone)) messages/s on all cores with nothing else running"
                )
            }
            report.info(
                "rsa-sha256 DKIM; signing limit \(Figure.format(limit))/s = openssl speed rsa2048 sign/s × \(ProcessInfo.processInfo.activeProcessorCount) cores"
            )
        } else {
            report.add(Figure(name: "\(label) \(tag)", unit: "messages/s", samples: ours))
            report.add(Figure(name: "smtp-source to the same sink", unit: "messages/s", samples: theirs))
            report.add(
                Figure(
                    name: "\(label) of smtp-source \(tag)", unit: "%",
                    samples: zip(ours, theirs).map { $0 / $1 * 100 }, target: .atLeast(70)))
            report.add(
                Figure(
                    name: "SMTP client alone (libcurl, no outbox) to the same sink", unit: "messages/s",
                    samples: clientAlone))
            report.add(
                Figure(
                    name: "SMTP client alone of smtp-source", unit: "%",
                    samples: zip(clientAlone, theirs).map { $0 / $1 * 100 }))
            report.add(
                Figure(
                    name: "\(label) of the SMTP client alone \(tag)", unit: "%",
                    samples: zip(ours, clientAlone).map { $0 / $1 * 100 }))
        }
        report.add(
            Figure(
                name: "\(label) messages per connection \(tag)", unit: "messages", samples: perConnection,
                target: .atLeast(100)))
        report.add(Figure(name: "\(label) CPU per message \(tag)", unit: "µs", samples: cpuPerMessage))
        report.info("\(messages) personalized messages per run, \(connections) connections, smtp-sink on loopback")
    }

    /// `openssl speed rsa2048` sign/s on one core, times the cores.
    static func signingLimit() throws -> Double {
        Report.progress("openssl speed rsa2048 (3 s per test)")
        let (_, text) = try CleanSpawn.output("/usr/bin/openssl", ["speed", "-seconds", "3", "rsa2048"])
        // `rsa 2048 bits 0.000284s 0.000019s   3523.6  53134.0`: sign/s is the third number.
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("rsa 2048 bits") }),
            let signs = line.split(separator: " ").compactMap({ Double($0) }).first
        else { throw BenchError("cannot read openssl speed's output:\n\(text)") }
        return signs * Double(ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `DKIMSigner.sign` alone on one of our messages, one task per core for two seconds:
    /// what swift-crypto's RSA can do here, to tell our overhead from the library's speed.
    static func signingRate(_ signer: DKIMSigner, message: [UInt8]) async throws -> Double {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let start = ContinuousClock.now
        let signed = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<cores {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now - start < .seconds(2) {
                        _ = try signer.sign(message)
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(signed) / (ContinuousClock.now - start).seconds
    }

    /// A fresh RSA-2048 key from openssl, as an operator would make one.
    static func signer() throws -> DKIMSigner {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "restock-bench-dkim-\(UUID().uuidString.prefix(6)).pem")
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["genrsa", "-out", file.path, "2048"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return try DKIMSigner(
            domain: "shop.example", selector: "bench", rsaPrivateKeyPEM: String(contentsOf: file, encoding: .utf8))
    }
}
