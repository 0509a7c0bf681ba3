import Foundation

/// Which email, if any, earns each line of an order (issue 4, "Orders and attribution").
///
/// A line is credited once, to one email, by the first model that applies: `direct` (the order
/// carries the parameter of a click on an email that covers the line's variant), then `click`
/// (a person's click on such an email within ``clickWindow`` before the order), then `view`
/// (a person's open within ``openWindow``). Within a model the last touch wins. Machines'
/// opens and clicks never reach this: the store hands over people's only.
public struct AttributionPolicy: Sendable, Hashable {
    /// Seconds before an order in which a click counts (default 5 days).
    public var clickWindow: Double
    /// Seconds before an order in which an open counts (default 1 day).
    public var openWindow: Double

    public init(clickWindow: Double = 5 * 86_400, openWindow: Double = 86_400) {
        self.clickWindow = clickWindow
        self.openWindow = openWindow
    }

    /// The email a direct parameter named, with the variants it was about.
    public struct Direct: Hashable, Sendable {
        public var outboxID: Int64
        public var variants: Set<String>

        public init(outboxID: Int64, variants: Set<String>) {
            self.outboxID = outboxID
            self.variants = variants
        }
    }

    /// The credits for `order`'s lines. `touches` are people's opens and clicks on emails to the
    /// ordering customer, and `watchVariant` tells which variant each touch's watch is for.
    public func attribute(
        _ order: OrderEvent, direct: Direct?, touches: [AttributionTouch], watchVariant: [Int64: String],
        at now: Timestamp
    ) -> [Attribution] {
        var credits: [Attribution] = []
        for (index, line) in order.lines.enumerated() {
            let forLine = touches.filter { watchVariant[$0.watchID] == line.variantID && $0.at <= order.occurredAt }
            func latest(_ kind: TrackingKind, within window: Double) -> AttributionTouch? {
                let since = order.occurredAt.adding(seconds: -window)
                return forLine.filter { $0.kind == kind && $0.at >= since }.max {
                    ($0.at, $0.eventID) < ($1.at, $1.eventID)
                }
            }
            let credit: (Int64, AttributionModel, Int64?)?
            if let direct, direct.variants.contains(line.variantID) {
                credit = (direct.outboxID, .direct, nil)
            } else if let click = latest(.click, within: clickWindow) {
                credit = (click.outboxID, .click, click.eventID)
            } else if let open = latest(.open, within: openWindow) {
                credit = (open.outboxID, .view, open.eventID)
            } else {
                credit = nil
            }
            guard let (outboxID, model, eventID) = credit else { continue }
            credits.append(
                Attribution(
                    orderSource: order.source, orderID: order.orderID, lineNo: index + 1, outboxID: outboxID,
                    model: model, amountMinor: Self.amount(line), currency: order.currency,
                    eventID: eventID, createdAt: now))
        }
        return credits
    }

    /// Price × quantity of a line, held within ±``Money/maxMinorUnits``. The formats refuse
    /// larger amounts, but platforms' quantities are not bounded and an order stored by an
    /// earlier release may hold anything: an order must never stop the daemon that credits it.
    static func amount(_ line: OrderEvent.Line) -> Int64 {
        let amount = line.priceMinor.multipliedClamped(by: Int64(line.quantity))
        return Swift.min(Swift.max(amount, -Money.maxMinorUnits), Money.maxMinorUnits)
    }

    /// The attribution token in what an order carried: the value of `parameter` when it is a
    /// landing URL or query string (`…?restock=abc&x=1`), else the text itself.
    public static func token(in carried: String, parameter: String) -> String {
        let text = carried.trimmingCharacters(in: .whitespaces)
        for separator in ["?", "&"] {
            guard let range = text.range(of: "\(separator)\(parameter)=") else { continue }
            let value = text[range.upperBound...].prefix { $0 != "&" && $0 != "#" }
            return String(value)
        }
        return text.hasPrefix("\(parameter)=") ? String(text.dropFirst(parameter.count + 1)) : text
    }
}
