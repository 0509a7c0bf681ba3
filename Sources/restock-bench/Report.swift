import Foundation

/// Prints figures as they are measured (stdout, one line each) and progress notes (stderr), and
/// tallies PASS, FAIL and skipped for the closing summary line.
final class Report {
    private var passed = 0
    private var failed = 0
    private var skipped = 0

    func add(_ figure: Figure) {
        switch figure.passed {
        case true?: passed += 1
        case false?: failed += 1
        case nil: break
        }
        emit(figure.line)
    }

    /// A figure that could not be measured here, with the reason on the same line.
    func skip(_ name: String, reason: String) {
        skipped += 1
        emit("\(name): skipped: \(reason)")
    }

    /// A condition a figure rests on (rows written equal unique events), PASS or FAIL on its own
    /// line and in the summary.
    func check(_ name: String, passed ok: Bool, _ detail: String) {
        if ok { passed += 1 } else { failed += 1 }
        emit("\(name): \(detail) (\(ok ? "PASS" : "FAIL"))")
    }

    /// Context for a figure (sizes, store, checks); not a figure itself.
    func info(_ text: String) { emit("  \(text)") }

    func summary() {
        emit("summary: \(passed) PASS, \(failed) FAIL, \(skipped) skipped")
    }

    /// Progress goes to stderr so stdout holds only the figures.
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data("… \(text)\n".utf8))
    }

    private func emit(_ line: String) {
        // Unbuffered, so each figure shows as soon as it is measured, even through a pipe.
        FileHandle.standardOutput.write(Data("\(line)\n".utf8))
    }
}
