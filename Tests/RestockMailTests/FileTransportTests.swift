import Foundation
import RestockMail
import RestockTestSupport
import Testing

/// The embedded transport: whole files or none, one file per message id, never outside its
/// directory.
@Suite struct FileTransportTests {
    private func scratchDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("restock-file-\(UUID())/outbox").path
    }

    private func envelope(_ message: MailMessage) throws -> MailEnvelope {
        MailEnvelope(
            sender: "bounces@shop.example", recipients: [message.to.email], data: try MessageComposer.compose(message),
            messageID: message.messageID)
    }

    @Test func writesAFileThatParses() async throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let transport = FileTransport(directory: directory)
        #expect(transport.kind == "file")
        let reply = try await transport.send(try envelope(.sample()))
        let path = directory + "/restock.42@shop.example.eml"
        #expect(reply == TransportReply(code: 250, text: "written to \(path)"))
        let parsed = try await PythonMailCheck.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(parsed.defects == [])
        #expect(parsed.subject == MailMessage.sample().subject)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["restock.42@shop.example.eml"])
    }

    @Test func sameMessageIDTwiceLeavesOneFile() async throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let transport = FileTransport(directory: directory)
        _ = try await transport.send(try envelope(.sample(subject: "first attempt")))
        _ = try await transport.send(try envelope(.sample(subject: "after the crash")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["restock.42@shop.example.eml"])
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/restock.42@shop.example.eml"))
        #expect(try await PythonMailCheck.parse(Array(data)).subject == "after the crash")
    }

    @Test(arguments: ["../escape@x", "a/b@x", "..", ".hidden@x", "", "/etc/passwd"])
    func idsThatCouldLeaveTheDirectoryAreRefused(messageID: String) async throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let transport = FileTransport(directory: directory)
        var envelope = try envelope(.sample())
        envelope.messageID = messageID
        let error = await #expect(throws: MailError.self) { try await transport.send(envelope) }
        #expect(error?.code == .invalidMessageID)
        let parent = (directory as NSString).deletingLastPathComponent
        #expect(!FileManager.default.fileExists(atPath: parent + "/escape@x.eml"))
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func anUnwritableDirectoryIsAFaultOfThePath() async throws {
        let transport = FileTransport(directory: "/proc/restock-cannot-exist")
        let error = await #expect(throws: TransportError.self) { try await transport.send(try envelope(.sample())) }
        #expect(error?.pathFault == PathFault(.disk))
    }

    /// Needs root to mount a 64 KiB tmpfs; skipped elsewhere.
    @Test(.enabled(if: TinyDisk.available, "mounting a tmpfs needs root"))
    func aFullDiskIsAFaultOfThePathAndLeavesNoPartialFile() async throws {
        let disk = try TinyDisk(kilobytes: 64)
        defer { disk.unmount() }
        let directory = disk.path + "/mail"
        let transport = FileTransport(directory: directory)
        _ = try await transport.send(try envelope(.sample()))
        try disk.fill()
        var second = try envelope(.sample(subject: "second"))
        second.messageID = "restock.43@shop.example"
        let error = await #expect(throws: TransportError.self) { try await transport.send(second) }
        #expect(error?.pathFault == PathFault(.disk))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["restock.42@shop.example.eml"])
        try disk.free()
        _ = try await transport.send(second)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
                "restock.42@shop.example.eml", "restock.43@shop.example.eml",
            ])
    }
}
