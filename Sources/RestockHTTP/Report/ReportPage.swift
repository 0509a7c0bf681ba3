import Foundation
import RestockCore
import RestockEngine

/// `/report`: one page a shop owner reads at a glance. The funnel (sent → opened → clicked →
/// bought, people only), revenue over time per currency, and the variants with the most demand
/// and the most revenue. Server-rendered HTML with inline CSS and SVG: no script, nothing
/// fetched from elsewhere.
struct ReportPage {
    var shopName: String
    /// The period by day; its total is the page's headline figures.
    var days: StatsReport
    var variants: StatsReport
    var demand: [DemandRow]
    var now: Timestamp
    var fromDay: Int
    var toDay: Int

    /// Currencies by revenue, largest first.
    var currencies: [String] {
        var sums: [String: Int64] = [:]
        for (_, byCurrency) in days.total.revenueMinor {
            for (currency, amount) in byCurrency { sums[currency, default: 0].addClamped(amount) }
        }
        return sums.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }

    var html: String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>Back-in-stock report · \(shopName.htmlEscaped)</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:760px;margin:2rem auto;padding:0 1rem}
        h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
        .muted{color:#666;font-size:.9rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eee}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.funnel td.bar{width:45%}
        .bar span{display:block;height:1.1rem;background:#1a5fb4;border-radius:2px}.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
        </style></head><body>
        <h1>Back-in-stock report</h1>
        <p class="muted">\(shopName.htmlEscaped) · \(days.from) to \(days.to) (UTC) · \(funnelNote)</p>
        \(funnel)
        \(revenue)
        \(demandTable)
        \(revenueTable)
        <p class="muted">Median time from a restock (or a wave) to the mail server accepting the email: \(median).
        The same figures as CSV: <a href="/v1/stats?from=\(days.from)&amp;to=\(days.to)&amp;format=csv">/v1/stats</a>.</p>
        </body></html>
        """
    }

    var funnelNote: String {
        "people only: \(days.total.machineOpens) machine opens and \(days.total.scannerClicks) scanner clicks are not counted"
    }

    var funnel: String {
        let figures = days.total
        let steps: [(String, Int64, String)] = [
            ("Emails delivered", figures.delivered, ""),
            (
                "Opened", figures.humanOpens,
                ReportFormat.percent(figures.humanOpens, of: figures.delivered) + " of delivered"
            ),
            (
                "Clicked", figures.humanClicks,
                ReportFormat.percent(figures.humanClicks, of: figures.delivered) + " of delivered"
            ),
            (
                "Bought", figures.conversions,
                ReportFormat.percent(figures.conversions, of: figures.delivered) + " of delivered"
            ),
        ]
        let widest = max(1, figures.delivered)
        let rows = steps.map { label, count, share in
            let width = Double(count) / Double(widest) * 100
            return
                ##"<tr><td>\##(label)</td><td class="n">\##(ReportFormat.grouped(count))</td><td class="bar"><span style="width:\##(String(format: "%.1f", width))%"></span></td><td class="muted">\##(share)</td></tr>"##
        }
        return """
            <h2>From email to order</h2>
            <table class="funnel">\(rows.joined())</table>
            <p class="muted">\(figures.failed) emails were refused by the receiving server; \(figures.unsubscribes) watches were unsubscribed and \(figures.resubscribes) kept their place after a sell-out.</p>
            """
    }

    var revenue: String {
        guard !currencies.isEmpty else {
            return "<h2>Revenue</h2><p>No order has been credited to an email in this period yet.</p>"
        }
        let models = [("direct", "Direct (the order carried our link)"), ("click", "Click-through (5 days)")]
        var out = "<h2>Revenue from the emails</h2><table><tr><th></th>"
        out += currencies.map { ##"<th class="n">\##($0.htmlEscaped)</th>"## }.joined() + "</tr>"
        for (model, label) in models + [("view", "View-through (opened only; not added above)")] {
            out += "<tr><td>\(label)</td>"
            out +=
                currencies.map { currency in
                    ##"<td class="n">\##(ReportFormat.money(days.total.revenueMinor[model]?[currency] ?? 0, currency: currency, withCode: false))</td>"##
                }.joined() + "</tr>"
        }
        out += "</table>"
        for currency in currencies.prefix(3) {
            let chart = RevenueChart(currency: currency, days: dailyRevenue(currency))
            out += "<h3>\(currency.htmlEscaped) per day</h3>" + chart.svg
            out +=
                ##"<p class="legend muted"><span style="background:#1a5fb4"></span>direct<span style="background:#62a0ea"></span>click-through<span style="border:1px dashed #e5a50a"></span>view-through</p>"##
        }
        return out
    }

    /// One entry per day of the period, zero where nothing was credited.
    func dailyRevenue(_ currency: String) -> [RevenueChart.Day] {
        let byDay = Dictionary(days.groups.map { ($0.group, $0) }, uniquingKeysWith: { $1 })
        return (fromDay...toDay).map { day in
            let label = StatsGrouping.groupName(.day, [String(day)])
            let figures = byDay[label]?.revenueMinor
            return RevenueChart.Day(
                label: label, direct: figures?["direct"]?[currency] ?? 0, click: figures?["click"]?[currency] ?? 0,
                view: figures?["view"]?[currency] ?? 0)
        }
    }

    var demandTable: String {
        guard !demand.isEmpty else { return "<h2>Most wanted</h2><p>Nobody is waiting for anything.</p>" }
        let rows = demand.map { row in
            let wait =
                row.oldestWaitingSince.map {
                    String(format: "%.0f days", Double(now.microseconds - $0.microseconds) / 86_400_000_000)
                } ?? "–"
            // A product the feed stopped listing while people wait for it is worth a second look.
            let removed = row.removedAt == nil ? "" : #" <span class="muted">(no longer in the feed)</span>"#
            return
                ##"<tr><td>\##(title(row.variantID, row.productTitle, row.variantTitle))\##(removed)</td><td class="n">\##(row.waiting)</td><td class="n">\##(wait)</td><td class="n">\##(row.lost)</td></tr>"##
        }
        return """
            <h2>Most wanted now</h2>
            <table><tr><th>Variant</th><th class="n">Waiting</th><th class="n">Longest wait</th><th class="n">Never reached</th></tr>\(rows.joined())</table>
            <p class="muted">Never reached: shoppers still waiting when a restock sold out again.</p>
            """
    }

    var revenueTable: String {
        guard let currency = currencies.first else { return "" }
        let ranked = variants.groups.map { figures in
            (
                figures,
                (figures.revenueMinor["direct"]?[currency] ?? 0).addingClamped(
                    figures.revenueMinor["click"]?[currency] ?? 0)
            )
        }.filter { $0.1 > 0 }.sorted { ($0.1, $1.0.group) > ($1.1, $0.0.group) }.prefix(10)
        guard !ranked.isEmpty else { return "" }
        let rows = ranked.map { figures, amount in
            ##"<tr><td>\##(figures.group.htmlEscaped)</td><td class="n">\##(ReportFormat.money(amount, currency: currency, withCode: false))</td><td class="n">\##(figures.delivered)</td><td class="n">\##(figures.conversions)</td></tr>"##
        }
        return """
            <h2>Top variants by revenue (\(currency.htmlEscaped), direct and click-through)</h2>
            <table><tr><th>Variant</th><th class="n">Revenue</th><th class="n">Emails</th><th class="n">Bought</th></tr>\(rows.joined())</table>
            """
    }

    func title(_ id: String, _ product: String?, _ variant: String?) -> String {
        let name = [product, variant].compactMap { $0 }.joined(separator: " · ")
        return name.isEmpty ? id.htmlEscaped : "\(name.htmlEscaped) <span class=\"muted\">\(id.htmlEscaped)</span>"
    }

    var median: String {
        days.total.medianSendSeconds.map {
            $0 < 1 ? String(format: "%.0f ms", $0 * 1000) : String(format: "%.1f s", $0)
        }
            ?? "no email sent"
    }
}
