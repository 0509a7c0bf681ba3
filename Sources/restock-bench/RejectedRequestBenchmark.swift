import Foundation
import RestockHTTP

#if canImport(Glibc)
    import Glibc
#endif

/// `rejected-request`: the CPU time one refused webhook costs the real verifiers, for the worst
/// shapes an unauthenticated client can send within the default limits: a body at the size cap
/// with the most candidate signatures allowed, thousands of candidates, a header far past its
/// cap, timestamps meant to overflow, and a platform (body HMAC) signature that does not match,
/// with two secrets configured (rotation) so each shape pays for every key. The figure is the
/// slowest shape's CPU milliseconds per request, against issue 16's 5 ms.
struct RejectedRequestBenchmark {
    let requests: Int
    let runs: Int
    /// restock.webhook.maxBodyBytes's default: the bodies a refusal is computed over.
    let bodyBytes = 256 * 1024

    func run(report: Report) throws {
        let secrets = ["whsec_" + Data(repeating: 1, count: 32).base64EncodedString(), "previous-secret-0123456789"]
        let verifier = StandardWebhookVerifier(secrets: secrets, toleranceSeconds: 300)
        let platform = BodyHMACVerifier(secrets: secrets)
        let body = Data((0..<bodyBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let now: Int64 = 1_780_000_000
        let wrong = "v1," + Data(repeating: 9, count: 32).base64EncodedString()
        // Built once: only the verifier's work is timed.
        let allowed = Array(repeating: wrong, count: StandardWebhookVerifier.maxCandidates).joined(separator: " ")
        let oneTooMany = Array(repeating: wrong, count: StandardWebhookVerifier.maxCandidates + 1)
            .joined(separator: " ")
        let thousands = Array(repeating: wrong, count: 5000).joined(separator: " ")
        let hugeID = String(repeating: "i", count: 16 * 1024)
        let hugeHeader = String(repeating: "v", count: 16 * 1024)
        let maxCandidates = StandardWebhookVerifier.maxCandidates
        // (name, webhook-id, webhook-timestamp, webhook-signature), each over the capped body.
        let webhookShapes = [
            ("max body, \(maxCandidates) candidates", "msg_1", String(now), allowed),
            ("max body, 5000 candidates", "msg_1", String(now), thousands),
            ("max body, \(maxCandidates + 1) candidates", "msg_1", String(now), oneTooMany),
            ("16 KiB id", hugeID, String(now), wrong),
            ("16 KiB signature header", "msg_1", String(now), hugeHeader),
            ("overflowing timestamp", "msg_1", "-9223372036854775808", wrong),
        ]
        let shapes: [(String, () -> Void)] =
            webhookShapes.map { name, id, timestamp, signature in
                (
                    name,
                    {
                        _ = try? verifier.verify(
                            id: id, timestamp: timestamp, signature: signature, body: body, now: now)
                    }
                )
            } + [
                ("platform HMAC, max body", { _ = platform.isValid(signature: String(wrong.dropFirst(3)), body: body) })
            ]
        var worst: [Double] = []
        for run in 0..<runs {
            var slowest = 0.0
            for (name, refuse) in shapes {
                let milliseconds = Self.cpuMilliseconds(perCall: requests, refuse)
                if run == 0 { report.info("\(name): \(Figure.format(milliseconds)) ms CPU") }
                slowest = max(slowest, milliseconds)
            }
            worst.append(slowest)
        }
        report.add(Figure(name: "rejected-request", unit: "ms CPU", samples: worst, target: .atMost(5)))
    }

    /// CPU time of this thread per call of `body`, over `count` calls.
    static func cpuMilliseconds(perCall count: Int, _ body: () -> Void) -> Double {
        let start = threadCPUSeconds()
        for _ in 0..<count { body() }
        return (threadCPUSeconds() - start) * 1000 / Double(count)
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
