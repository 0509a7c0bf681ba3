import Foundation
import RestockHTTP
import RestockTestSupport
import Testing

extension DaemonProcessTests {
    /// `systemctl reload` (SIGHUP) on the real binary: new templates are used from the next email
    /// on, systemd hears RELOADING=1 then READY=1, and a broken template is reported without
    /// stopping the daemon or the mail that was working.
    @Suite struct Reload {
        func write(_ subject: String, to overrides: URL) throws {
            try subject.write(
                to: overrides.appendingPathComponent("en/back_in_stock.subject.mustache"), atomically: true,
                encoding: .utf8)
        }

        /// Subscribes a shopper to `variant`, restocks it and returns the subject of the email.
        func mailedSubject(_ daemon: DaemonProcess, variant: String, directory: String) async throws -> String? {
            let admin = ["authorization": "Bearer \(token)", "content-type": "application/json"]
            _ = try await HTTP.request(
                "POST", daemon.baseURL + "/v1/watches", headers: admin,
                body: Data(
                    #"{"email":"\#(variant)@example.com","variant_id":"\#(variant)","product_title":"Merino socks"}"#
                        .utf8))
            let body = Data(#"{"variant_id":"\#(variant)","available":3}"#.utf8)
            let seconds = Int64(Date().timeIntervalSince1970)
            _ = try await HTTP.request(
                "POST", daemon.baseURL + "/v1/inventory",
                headers: [
                    "webhook-id": "reload-\(variant)", "webhook-timestamp": String(seconds),
                    "content-type": "application/json",
                    "webhook-signature": signature(id: "reload-\(variant)", timestamp: seconds, body: body),
                ], body: body)
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/mail")) ?? []
                for file in files where file.hasSuffix(".eml") {
                    let text = try String(contentsOfFile: directory + "/mail/" + file, encoding: .utf8)
                    guard text.contains("To: \(variant)@example.com") else { continue }
                    return text.split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }.map {
                        String($0.dropFirst(9))
                    }
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }

        func signature(id: String, timestamp: Int64, body: Data) -> String {
            StandardWebhookVerifier.sign(secret: secret, id: id, timestamp: timestamp, body: body)
        }

        @Test func sighupSwapsInNewTemplatesAndKeepsTheOldOnesWhenTheNewOnesAreBroken() async throws {
            let scratch = try SendTestCommandTests.scratch()
            let overrides = scratch.appendingPathComponent("templates")
            try FileManager.default.createDirectory(
                at: overrides.appendingPathComponent("en"), withIntermediateDirectories: true)
            try write("First {{#item}}{{product_title}}{{/item}}", to: overrides)
            let socket = try NotifySocket()
            let directory = scratch.path + "/data"
            let daemon = try DaemonProcess(
                dataDirectory: directory, environment: environment.merging(["NOTIFY_SOCKET": socket.address]) { $1 },
                arguments: ["--set", "restock.mail.templates=\(overrides.path)"])
            defer { daemon.signal(SIGKILL) }
            try await daemon.waitUntilReady()
            #expect(try await mailedSubject(daemon, variant: "v-one", directory: directory) == "First Merino socks")

            try write("Second {{#item}}{{product_title}}{{/item}}", to: overrides)
            _ = socket.drain()
            daemon.signal(SIGHUP)
            var messages: [String] = []
            while let message = socket.next(timeout: 10) {
                messages.append(message)
                if message.hasPrefix("READY=1") { break }
            }
            #expect(messages.first?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true, "\(messages)")
            #expect(messages.last == "READY=1\nSTATUS=Templates reloaded", "\(messages)")
            #expect(try await mailedSubject(daemon, variant: "v-two", directory: directory) == "Second Merino socks")

            try write("Third {{#item}}{{product_title}}", to: overrides)  // an unclosed section
            daemon.signal(SIGHUP)
            messages = []
            while let message = socket.next(timeout: 10) {
                messages.append(message)
                if message.hasPrefix("READY=1") { break }
            }
            #expect(messages.last?.contains("STATUS=Reload failed") == true, "\(messages)")
            #expect(daemon.process.isRunning)
            #expect(daemon.log.contains("back_in_stock.subject.mustache"), "\(daemon.log)")
            #expect(try await mailedSubject(daemon, variant: "v-three", directory: directory) == "Second Merino socks")
            daemon.signal(SIGTERM)
            #expect(try await daemon.waitForExit() == 0)
        }
    }
}
