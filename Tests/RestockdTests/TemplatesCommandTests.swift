import Foundation
import RestockTestSupport
import Testing

/// `restockd templates export DIR`: the built-in set written out as a shop's starting point.
@Suite struct TemplatesCommandTests {
    @Test func anExportedSetIsReadyToUseAndNeverOverwritten() async throws {
        let directory = try SendTestCommandTests.scratch()
        let templates = directory.appendingPathComponent("templates").path
        let export = try await SendTestCommandTests.run(["templates", "export", templates])
        #expect(export.status == 0, "\(export.errors)")
        #expect(export.output.contains("wrote 36 templates into \(templates)"))
        let subject = try String(
            contentsOfFile: templates + "/pl/back_in_stock.subject.mustache", encoding: .utf8)
        #expect(!subject.isEmpty)

        // Edited and used as the shop's directory, it loads with both locales.
        try "Back: {{#item}}{{product_title}}{{/item}}".write(
            toFile: templates + "/en/back_in_stock.subject.mustache", atomically: true, encoding: .utf8)
        let check = try await SendTestCommandTests.run([
            "check-config", "--data-dir", directory.appendingPathComponent("data").path,
            "--set", "restock.mail.templates=\(templates)",
        ])
        #expect(check.status == 0, "\(check.errors)")
        #expect(check.output.contains("restock.mail.templates           \(templates), locales en, pl"))

        let again = try await SendTestCommandTests.run(["templates", "export", templates])
        #expect(again.status != 0)
        #expect(again.errors.contains("already exists"))
        #expect(
            try String(contentsOfFile: templates + "/en/back_in_stock.subject.mustache", encoding: .utf8)
                == "Back: {{#item}}{{product_title}}{{/item}}")
    }
}
