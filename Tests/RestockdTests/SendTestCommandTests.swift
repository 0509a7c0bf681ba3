import Foundation
import RestockTestSupport
import Testing

/// `restockd send-test`, the real binary, against a real SMTP server (aiosmtpd), with what it
/// sent read back by Python's email parser and dkimpy.
@Suite struct SendTestCommandTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs the binary off the cooperative pool (``OffPool``): it blocks until the binary exits.
    /// `user`: run as that uid and gid, as systemd's `DynamicUser=` would (needs root).
    static func run(_ arguments: [String], environment: [String: String] = [:], user: Int? = nil) async throws -> Run {
        try await OffPool.run { try runBlocking(arguments, environment: environment, user: user) }
    }

    static func runBlocking(_ arguments: [String], environment: [String: String] = [:], user: Int? = nil) throws
        -> Run
    {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments =
                ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", DaemonProcess.binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
            process.arguments = arguments
        }
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            errors: String(decoding: err, as: UTF8.self))
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "restock-send-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An RSA-2048 key made by openssl, and its public half as DNS would publish it (`p=`).
    static func dkimKey(in directory: URL) async throws -> (file: String, publicKey: String) {
        let key = directory.appendingPathComponent("dkim.pem").path
        let made = try await shell("/usr/bin/openssl", ["genrsa", "-out", key, "2048"])
        #expect(made.status == 0, "openssl genrsa: \(made.errors) (run deploy/install-deps --test)")
        let der = try await shell(
            "/usr/bin/openssl", ["rsa", "-in", key, "-pubout", "-outform", "DER", "-out", key + ".pub"])
        #expect(der.status == 0)
        return (key, try Data(contentsOf: URL(fileURLWithPath: key + ".pub")).base64EncodedString())
    }

    static func shell(_ tool: String, _ arguments: [String]) async throws -> Run {
        try await OffPool.run { try shellBlocking(tool, arguments) }
    }

    static func shellBlocking(_ tool: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: "", errors: String(decoding: err, as: UTF8.self))
    }

    /// `key` nil: the DKIM key file comes from elsewhere (a credential).
    static func mailSettings(_ server: SMTPTestServer, key: String?) -> [String] {
        (key.map { ["--set", "restock.mail.dkim.keyFile=\($0)"] } ?? []) + [
            "--set", "restock.mail.url=\(server.url)", "--set", "restock.mail.tls=never",
            "--set", "restock.mail.from=shop@shop.example", "--set", "restock.mail.bounce=bounces@shop.example",
            "--set", "restock.mail.dkim.domain=shop.example", "--set", "restock.mail.dkim.selector=s2026",
            "--set", "restock.shop.name=Wool & Co",
            "--set", "restock.shop.address=1 Market Street, Leeds", "--set",
            "restock.http.publicURL=https://restock.shop.example",
        ]
    }

    @Test func everyTemplateArrivesSignedWithOneClickUnsubscribe() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let directory = try Self.scratch()
        let key = try await Self.dkimKey(in: directory)
        let run = try await Self.run(
            ["send-test", "Ada@Example.com", "--data-dir", directory.path] + Self.mailSettings(server, key: key.file))
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 6)  // three kinds, in English and Polish
        #expect(lines.allSatisfy { $0.contains(": 250 2.0.0 Ok: queued as") })

        let messages = try server.messages()
        #expect(messages.count == 6)
        let script = """
            import dkim, email, email.policy, sys
            record = b"v=DKIM1; k=rsa; p=\(key.publicKey)"
            data = sys.stdin.buffer.read()
            message = email.message_from_bytes(data, policy=email.policy.default)
            defects = list(message.defects) + [d for part in message.walk() for d in part.defects]
            verified = dkim.verify(data, dnsfunc=lambda name, timeout=5: record if name == b"s2026._domainkey.shop.example." else None)
            print(verified, len(defects), message["To"], message["List-Unsubscribe"], message["List-Unsubscribe-Post"], sep="|")
            """
        for message in messages {
            let check: String = try await PythonScript.run(script, input: message)
            #expect(
                check == "True|0|ada@example.com|<https://restock.shop.example/u/sample>|List-Unsubscribe=One-Click",
                "\(check)")
        }
    }

    @Test func aRefusedAddressIsReportedAndTheExitCodeSaysTryLater() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let directory = try Self.scratch()
        let key = try await Self.dkimKey(in: directory)
        let run = try await Self.run(
            ["send-test", "bad@example.com", "--data-dir", directory.path] + Self.mailSettings(server, key: key.file))
        #expect(run.status == 75)
        #expect(run.output.split(separator: "\n").allSatisfy { $0.contains("FAILED") && $0.contains("badMailbox") })
        #expect(try server.messages().isEmpty)
    }

    @Test func anUnreadableDKIMKeyStopsBeforeSendingAndNamesTheKey() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let directory = try Self.scratch()
        let run = try await Self.run(
            ["send-test", "ada@example.com", "--data-dir", directory.path]
                + Self.mailSettings(server, key: directory.appendingPathComponent("missing.pem").path))
        #expect(run.status == 78)
        #expect(run.errors.contains("restock.mail.dkim.keyFile"))
        #expect(try server.messages().isEmpty)
    }

    /// RSA and Ed25519 together, from keys openssl made the way the README says: dkimpy
    /// verifies both signatures of every message.
    @Test func anEd25519KeyAddsASecondSignatureThatVerifies() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let directory = try Self.scratch()
        let rsa = try await Self.dkimKey(in: directory)
        let ed = directory.appendingPathComponent("ed25519.pem").path
        #expect(try await Self.shell("/usr/bin/openssl", ["genpkey", "-algorithm", "ed25519", "-out", ed]).status == 0)
        #expect(
            try await Self.shell(
                "/usr/bin/openssl", ["pkey", "-in", ed, "-pubout", "-outform", "DER", "-out", ed + ".pub"]
            )
            .status == 0)
        // The last 32 bytes of the SubjectPublicKeyInfo are the key (RFC 8410), as `p=` wants it.
        let edPublic = try Data(contentsOf: URL(fileURLWithPath: ed + ".pub")).suffix(32).base64EncodedString()
        let run = try await Self.run(
            ["send-test", "ada@example.com", "--data-dir", directory.path] + Self.mailSettings(server, key: rsa.file)
                + [
                    "--set", "restock.mail.dkim.ed25519.selector=ed2026", "--set",
                    "restock.mail.dkim.ed25519.keyFile=\(ed)",
                ])
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        let messages = try server.messages()
        #expect(messages.count == 6)
        for message in messages {
            let verification = try await PythonMailCheck.verifyDKIM(
                message,
                records: [
                    "s2026": "v=DKIM1; k=rsa; p=\(rsa.publicKey)", "ed2026": "v=DKIM1; k=ed25519; p=\(edPublic)",
                ])
            #expect(verification.results == [true, true], "\(verification.log)")
        }
    }

    @Test func anEd25519KeyWithoutRSAOrThatIsNotEd25519IsRefusedNamingItsKey() async throws {
        let directory = try Self.scratch()
        let rsa = try await Self.dkimKey(in: directory)
        let alone = try await Self.run([
            "check-config", "--data-dir", directory.path, "--set", "restock.mail.dkim.ed25519.selector=ed",
            "--set", "restock.mail.dkim.ed25519.keyFile=\(rsa.file)",
        ])
        #expect(alone.status == 78)
        #expect(alone.errors.contains("restock.mail.dkim.ed25519.selector"))
        let server = try SMTPTestServer()
        defer { server.stop() }
        let wrong = try await Self.run(
            ["check-config", "--data-dir", directory.path] + Self.mailSettings(server, key: rsa.file)
                + [
                    "--set", "restock.mail.dkim.ed25519.selector=ed", "--set",
                    "restock.mail.dkim.ed25519.keyFile=\(rsa.file)",
                ])
        #expect(wrong.status == 78)
        #expect(wrong.errors.contains("restock.mail.dkim.ed25519.keyFile") && wrong.errors.contains("not an Ed25519"))
    }
}
