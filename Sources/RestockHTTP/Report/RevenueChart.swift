import Foundation
import RestockCore

/// Attributed revenue per day as an inline SVG bar chart: no script, no external file, so it
/// shows in any browser and survives being saved or mailed. Direct and click-through revenue
/// stack in one colour pair; view-through, which the report never adds to the others, is a
/// separate outline above them.
struct RevenueChart {
    struct Day {
        var label: String
        var direct: Int64
        var click: Int64
        var view: Int64
    }

    var currency: String
    var days: [Day]

    static let width = 720.0
    static let height = 220.0
    static let left = 64.0
    static let bottom = 28.0

    var svg: String {
        // Held at the bounds of 64 bits: a day's revenue is a sum of what shops sent.
        let top = max(1, days.map { $0.direct.addingClamped($0.click).addingClamped($0.view) }.max() ?? 1)
        let plotWidth = Self.width - Self.left - 8
        let plotHeight = Self.height - Self.bottom - 12
        let slot = plotWidth / Double(max(days.count, 1))
        let bar = max(1, slot * 0.7)
        func y(_ minor: Int64) -> Double { Double(minor) / Double(top) * plotHeight }
        var parts: [String] = []
        // Four gridlines with amounts, so a bar can be read without hovering.
        for step in 0...4 {
            // top × step / 4 without the product, which can overflow for a top near 2^63.
            let value = top / 4 * Int64(step) + top % 4 * Int64(step) / 4
            let lineY = 12 + plotHeight - y(value)
            parts.append(
                ##"<line x1="\##(Self.left)" x2="\##(Self.width - 8)" y1="\##(f(lineY))" y2="\##(f(lineY))" stroke="#e3e3e3"/>"##
                    + ##"<text x="\##(Self.left - 6)" y="\##(f(lineY + 4))" text-anchor="end" font-size="11" fill="#555">"##
                    + "\(ReportFormat.money(value, currency: currency, withCode: false))</text>")
        }
        for (index, day) in days.enumerated() {
            let x = Self.left + Double(index) * slot + (slot - bar) / 2
            var base = 12 + plotHeight
            for (amount, colour, label) in [(day.direct, "#1a5fb4", "direct"), (day.click, "#62a0ea", "click-through")]
            where amount > 0 {
                let h = y(amount)
                base -= h
                parts.append(
                    ##"<rect x="\##(f(x))" y="\##(f(base))" width="\##(f(bar))" height="\##(f(h))" fill="\##(colour)">"##
                        + "<title>\(day.label) \(label): \(ReportFormat.money(amount, currency: currency).htmlEscaped)</title></rect>"
                )
            }
            if day.view > 0 {
                let h = y(day.view)
                parts.append(
                    ##"<rect x="\##(f(x))" y="\##(f(base - h))" width="\##(f(bar))" height="\##(f(h))" fill="none" stroke="#e5a50a" stroke-dasharray="3 2">"##
                        + "<title>\(day.label) view-through: \(ReportFormat.money(day.view, currency: currency).htmlEscaped)</title></rect>"
                )
            }
            // A date under every seventh bar, counted back from the last, so labels never crowd.
            if (days.count - 1 - index) % 7 == 0 {
                parts.append(
                    ##"<text x="\##(f(x + bar / 2))" y="\##(f(Self.height - 8))" text-anchor="middle" font-size="11" fill="#555">"##
                        + "\(day.label.suffix(5))</text>")
            }
        }
        return
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(Int(Self.width)) \##(Int(Self.height))" role="img" aria-label="Attributed revenue per day in \##(currency.htmlEscaped)">"##
            + parts.joined() + "</svg>"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
