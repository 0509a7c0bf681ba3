import ArgumentParser
import Foundation
import RestockMail

/// `restockd templates`: the email templates built into the binary.
struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the email templates built into restockd.",
        subcommands: [Export.self])

    /// `restockd templates export DIR`: the built-in set as files, the starting point of a shop's
    /// own directory (`restock.mail.templates`), in which each file replaces the built-in one.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in templates into DIR as <locale>/<kind>.<part>.mustache.",
            discussion: """
                Edit the copies you want to change and delete the rest, then set \
                RESTOCK_MAIL_TEMPLATES=DIR: each file there replaces the built-in one of the same \
                path. Existing files are never overwritten.
                """)

        @Argument(help: "The folder to write into (created when missing).")
        var directory: String

        func run() throws {
            let written: [String]
            do {
                written = try BuiltInTemplates.export(to: URL(fileURLWithPath: directory))
            } catch let error as MailError {
                throw ValidationError(String(reflecting: error))
            }
            print("wrote \(written.count) templates into \(directory)")
            print("use them with RESTOCK_MAIL_TEMPLATES=\(directory) (delete any you do not change)")
        }
    }
}
