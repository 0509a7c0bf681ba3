import Foundation

/// A real SMTP server for tests: aiosmtpd (Debian's python3-aiosmtpd) on a free loopback port,
/// scripted by the recipient's local part so one server shows every reply a mail system gives:
///
/// - `bad…@`: `RCPT TO` answered `550 5.1.1` (no such mailbox);
/// - `policy…@`: `RCPT TO` answered `550 5.7.1` (refused, the mailbox exists);
/// - `tempN…@`: `DATA` answered `451 4.3.0` for the first N attempts, then accepted;
/// - `hangup…@`: the message is stored, then the connection is closed before the reply;
/// - anyone else: accepted with `250 2.0.0 Ok: queued as <n>`.
///
/// Accepted messages are stored whole, as received after the final dot, one file each.
public final class SMTPTestServer: Sendable {
    public let port: Int
    public let directory: URL
    private let server: PythonServer

    /// `smtp://127.0.0.1:<port>`.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    public init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("restock-smtp-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("messages"), withIntermediateDirectories: true)
        server = try PythonServer(script: Self.script, arguments: [directory.path])
        port = server.port
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
    public func connections() throws -> Int {
        let file = directory.appendingPathComponent("connections")
        guard FileManager.default.fileExists(atPath: file.path) else { return 0 }
        return Int(try String(contentsOf: file, encoding: .utf8)) ?? 0
    }

    private static let script = #"""
        import asyncio, os, re, sys
        from aiosmtpd.smtp import SMTP

        directory = sys.argv[1]
        attempts = {}
        state = {"connections": 0, "stored": 0}

        def store(content):
            path = os.path.join(directory, "messages", "%06d.eml" % state["stored"])
            state["stored"] += 1
            with open(path + ".tmp", "wb") as f:
                f.write(content)
            os.rename(path + ".tmp", path)

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                local = address.split("@")[0]
                if local.startswith("bad"):
                    return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
                if local.startswith("policy"):
                    return "550 5.7.1 Message refused by local policy"
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
                store(envelope.original_content or envelope.content)
                if local.startswith("hangup"):
                    server.transport.abort()
                    return "250 2.0.0 (never sent)"
                return "250 2.0.0 Ok: queued as %d" % (state["stored"] - 1)

        def factory():
            state["connections"] += 1
            with open(os.path.join(directory, "connections.tmp"), "w") as f:
                f.write(str(state["connections"]))
            os.rename(os.path.join(directory, "connections.tmp"), os.path.join(directory, "connections"))
            return SMTP(Handler(), hostname="restock-test", decode_data=False)

        async def main():
            server = await asyncio.get_running_loop().create_server(factory, "127.0.0.1", 0)
            print(server.sockets[0].getsockname()[1], flush=True)
            await server.serve_forever()

        asyncio.run(main())
        """#
}
