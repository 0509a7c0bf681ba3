import Foundation

/// The bound a figure should stay within (issue 2).
struct Target: Sendable, CustomStringConvertible {
    enum Direction: Sendable {
        case atMost
        case atLeast
    }

    var direction: Direction
    var limit: Double

    static func atMost(_ limit: Double) -> Target { Target(direction: .atMost, limit: limit) }
    static func atLeast(_ limit: Double) -> Target { Target(direction: .atLeast, limit: limit) }

    func isMet(by value: Double) -> Bool {
        switch direction {
        case .atMost: value <= limit
        case .atLeast: value >= limit
        }
    }

    var description: String {
        (direction == .atMost ? "≤ " : "≥ ") + (limit == limit.rounded() ? String(Int(limit)) : Figure.format(limit))
    }
}

/// One measured figure: a sample per run, printed on one line as the median with its range and,
/// when it has a target, whether the median meets it.
///
/// The median rather than the mean: the machine is shared, and one run disturbed by a neighbour
/// should not move the figure.
struct Figure: Sendable {
    var name: String
    var unit: String
    var samples: [Double]
    var target: Target?

    var median: Double {
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// `nil` when the figure has no target.
    var passed: Bool? { target.map { $0.isMet(by: median) } }

    var line: String {
        var details =
            "min \(Self.format(samples.min()!)), max \(Self.format(samples.max()!)), "
            + "\(samples.count) run\(samples.count == 1 ? "" : "s")"
        if let target, let passed {
            details += "; target \(target) \(unit), \(passed ? "PASS" : "FAIL")"
        }
        return "\(name): \(Self.format(median)) \(unit) (\(details))"
    }

    /// Three significant digits or so, without exponents: figures range from ratios near 1 to
    /// thousands of requests per second.
    static func format(_ value: Double) -> String {
        switch abs(value) {
        case 1000...: String(format: "%.0f", value)
        case 100...: String(format: "%.1f", value)
        case 1...: String(format: "%.2f", value)
        default: String(format: "%.3f", value)
        }
    }
}
