import Foundation

/// A real SMTP server for tests: aiosmtpd (Debian's python3-aiosmtpd) on a free loopback port,
/// scripted by the recipient's local part so one server shows every reply a mail system gives:
///
/// - `bad…@`: `RCPT TO` answered `550 5.1.1` (no such mailbox);
/// - `policy…@`: `RCPT TO` answered `550 5.7.1` (refused, the mailbox exists);
/// - `busy…@`: `RCPT TO` answered `450 4.2.1` (mailbox busy, try later);
/// - `closing…@`: `RCPT TO` answered `421 4.3.2` (the server is going away);
/// - `tempN…@`: `DATA` answered `451 4.3.0` for the first N attempts, then accepted;
/// - `spam…@`: `DATA` answered `554 5.7.1` (the content refused);
/// - `hangup…@`: the message is stored, then the connection is closed before the reply;
/// - anyone else: accepted with `250 2.0.0 Ok: queued as <n>`.
///
/// and by the sender's: `tempsender…@` gets `451 4.7.1` at `MAIL FROM`, `badsender…@` gets
/// `553 5.7.1`. ``Options`` make the server refuse at the greeting, want a login, or hold the
/// first message's reply.
///
/// Accepted messages are stored whole, as received after the final dot, one file each.
public final class SMTPTestServer: Sendable {
    /// How the server behaves beyond what the addresses script.
    public struct Options: Sendable, Codable {
        /// Answer every connection with this line instead of `220` and close it (`421 4.3.2 busy`).
        public var greeting: String?
        /// Offer `AUTH PLAIN LOGIN` over the clear connection and refuse mail without a login.
        /// The first `rejectLogins` logins get `535 5.7.8`, later ones succeed.
        public var requireLogin: Bool
        public var rejectLogins: Int
        /// Hold the reply to the first message's final dot until ``SMTPTestServer/release()``.
        public var holdFirstMessage: Bool

        public init(
            greeting: String? = nil, requireLogin: Bool = false, rejectLogins: Int = 0, holdFirstMessage: Bool = false
        ) {
            self.greeting = greeting
            self.requireLogin = requireLogin
            self.rejectLogins = rejectLogins
            self.holdFirstMessage = holdFirstMessage
        }
    }

    public let port: Int
    public let directory: URL
    private let server: PythonServer

    /// `smtp://127.0.0.1:<port>`.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    public init(options: Options = Options(), port: Int = 0) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("restock-smtp-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("messages"), withIntermediateDirectories: true)
        let json = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
        server = try PythonServer(script: Self.script, arguments: [directory.path, json, String(port)])
        self.port = server.port
    }

    public func stop() { server.stop() }

    /// Every message the server accepted (or stored before hanging up), in arrival order.
    public func messages() throws -> [[UInt8]] {
        let folder = directory.appendingPathComponent("messages")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".eml") }.sorted()
            .map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// How many SMTP connections clients have opened so far.
    public func connections() throws -> Int { count("connections") }

    /// How many times a client sent `AUTH`, whatever the outcome: 0 means no credential ever
    /// reached the server.
    public func loginAttempts() -> Int { count("logins") }

    /// Whether the first message is being held (its data received, its reply not sent).
    public func isHolding() -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("held").path)
    }

    /// Lets the held message's reply go.
    public func release() {
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("release").path, contents: nil)
    }

    private func count(_ name: String) -> Int {
        let file = directory.appendingPathComponent(name)
        return (try? String(contentsOf: file, encoding: .utf8)).flatMap { Int($0) } ?? 0
    }

    private static let script = #"""
        import asyncio, json, os, re, sys
        from aiosmtpd.smtp import SMTP, AuthResult

        directory = sys.argv[1]
        options = json.loads(sys.argv[2])
        attempts = {}
        state = {"connections": 0, "stored": 0, "logins": 0, "held": False}

        def publish(name, value):
            with open(os.path.join(directory, name + ".tmp"), "w") as f:
                f.write(str(value))
            os.rename(os.path.join(directory, name + ".tmp"), os.path.join(directory, name))

        def store(content):
            path = os.path.join(directory, "messages", "%06d.eml" % state["stored"])
            state["stored"] += 1
            with open(path + ".tmp", "wb") as f:
                f.write(content)
            os.rename(path + ".tmp", path)

        def authenticator(server, session, envelope, mechanism, auth_data):
            state["logins"] += 1
            publish("logins", state["logins"])
            # handled=False: aiosmtpd then answers 235 or 535 itself.
            return AuthResult(success=state["logins"] > options["rejectLogins"], handled=False)

        class Handler:
            async def handle_MAIL(self, server, session, envelope, address, mail_options):
                local = address.split("@")[0]
                if local.startswith("tempsender"):
                    return "451 4.7.1 Sender temporarily refused"
                if local.startswith("badsender"):
                    return "553 5.7.1 Sender address rejected: not owned by user"
                envelope.mail_from = address
                envelope.mail_options.extend(mail_options)
                return "250 OK"

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                local = address.split("@")[0]
                if local.startswith("bad"):
                    return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
                if local.startswith("policy"):
                    return "550 5.7.1 Message refused by local policy"
                if local.startswith("busy"):
                    return "450 4.2.1 Mailbox busy, try again later"
                if local.startswith("closing"):
                    return "421 4.3.2 Service shutting down"
                envelope.rcpt_tos.append(address)
                return "250 2.1.5 Ok"

            async def handle_DATA(self, server, session, envelope):
                rcpt = envelope.rcpt_tos[0]
                local = rcpt.split("@")[0]
                match = re.match(r"temp(\d+)", local)
                if match:
                    attempts[rcpt] = attempts.get(rcpt, 0) + 1
                    if attempts[rcpt] <= int(match.group(1)):
                        return "451 4.3.0 Temporary failure, try again later"
                if local.startswith("spam"):
                    return "554 5.7.1 Message content rejected"
                if options["holdFirstMessage"] and not state["held"]:
                    state["held"] = True
                    publish("held", 1)
                    while not os.path.exists(os.path.join(directory, "release")):
                        await asyncio.sleep(0.05)
                store(envelope.original_content or envelope.content)
                if local.startswith("hangup"):
                    server.transport.abort()
                    return "250 2.0.0 (never sent)"
                return "250 2.0.0 Ok: queued as %d" % (state["stored"] - 1)

        class Refuser(asyncio.Protocol):
            def connection_made(self, transport):
                transport.write((options["greeting"] + "\r\n").encode())
                transport.close()

        def factory():
            state["connections"] += 1
            publish("connections", state["connections"])
            if options.get("greeting"):
                return Refuser()
            if options["requireLogin"]:
                return SMTP(Handler(), hostname="restock-test", decode_data=False, auth_require_tls=False,
                            auth_required=True, authenticator=authenticator)
            return SMTP(Handler(), hostname="restock-test", decode_data=False)

        async def main():
            server = await asyncio.get_running_loop().create_server(factory, "127.0.0.1", int(sys.argv[3]))
            print(server.sockets[0].getsockname()[1], flush=True)
            await server.serve_forever()

        asyncio.run(main())
        """#
}
