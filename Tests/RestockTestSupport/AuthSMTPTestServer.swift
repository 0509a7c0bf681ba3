import Foundation

/// aiosmtpd on a free loopback port that offers AUTH PLAIN and LOGIN without TLS and accepts
/// one user name and password, storing every accepted message whole, one file each; every
/// attempt to log in is counted, right or wrong. For tests that need a relay with credentials.
public final class AuthSMTPTestServer: Sendable {
    public let port: Int
    public let directory: URL
    private let server: PythonServer

    public init(username: String, password: String) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("restock-smtp-auth-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        server = try PythonServer(script: Self.script, arguments: [directory.path, username, password])
        port = server.port
    }

    public func stop() { server.stop() }

    /// Every message the server accepted, in arrival order.
    public func messages() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".eml") }.sorted()
            .map { try String(contentsOfFile: directory.appendingPathComponent($0).path, encoding: .utf8) }
    }

    /// How many logins succeeded.
    public func logins() -> Int {
        let path = directory.appendingPathComponent("logins").path
        return (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0) } ?? 0
    }

    private static let script = #"""
        import asyncio, os, sys
        from aiosmtpd.smtp import SMTP, AuthResult

        directory, username, password = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
        state = {"stored": 0, "logins": 0}

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == username and auth_data.password == password
            if ok:
                state["logins"] += 1
                with open(os.path.join(directory, "logins.tmp"), "w") as f:
                    f.write(str(state["logins"]))
                os.rename(os.path.join(directory, "logins.tmp"), os.path.join(directory, "logins"))
            return AuthResult(success=ok)

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                if not session.authenticated:
                    return "530 5.7.0 Authentication required"
                path = os.path.join(directory, "%06d.eml" % state["stored"])
                state["stored"] += 1
                with open(path + ".tmp", "wb") as f:
                    f.write(envelope.original_content or envelope.content)
                os.rename(path + ".tmp", path)
                return "250 2.0.0 Ok: queued"

        def factory():
            return SMTP(Handler(), hostname="restock-auth-test", decode_data=False,
                        authenticator=authenticator, auth_require_tls=False, auth_required=True)

        async def main():
            server = await asyncio.get_running_loop().create_server(factory, "127.0.0.1", 0)
            print(server.sockets[0].getsockname()[1], flush=True)
            await server.serve_forever()

        asyncio.run(main())
        """#
}
