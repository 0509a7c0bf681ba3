import ArgumentParser
import Curl
import Foundation
import RestockCore
import RestockEngine
import RestockHTTP
import RestockMail

/// `restockd check-config`: validate the configuration and print what would be used, secrets
/// redacted. Exits non-zero, naming the key, when something is wrong.
struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the configuration and print the effective settings.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let (c, sources) = try await loadConfigurationAndSources(options)
        // Names that set nothing (typos, mostly) go to stderr, so they show even when the report
        // is piped away; never their values.
        for unknown in sources.unknownSettings {
            FileHandle.standardError.write(Data("restockd: warning: \(unknown)\n".utf8))
        }
        // Templates and the DKIM key are files: read them now, so a broken one shows here.
        let mailer = try await exitingOnConfigError { try c.mail.makeMailer() }
        for file in mailer.templates.ignoredFiles {
            FileHandle.standardError.write(
                Data(
                    "restockd: warning: \(file) names no kind and part (<kind>.subject|text|html.mustache) and is not used\n"
                        .utf8))
        }
        let engine = c.engine
        let http = c.http
        print(
            """
            configuration OK
              restock.dataDir                  \(c.dataDirectory)
              restock.store.url                \(c.storeDescription)
              restock.store.poolSize           \(c.poolSize)
              restock.store.migrate            \(c.migrationPolicy.rawValue)\(c.migrationPolicy == .auto ? " (serve applies pending migrations at start)" : " (serve waits for restockd migrate)")
              restock.http.host                \(c.host)
              restock.http.port                \(c.port)
              restock.log.level                \(c.logLevel)
              env file                         \(sources.envFileDescription)
              credentials                      \(credentialsLine(sources))
              restock.admin.token              (set, \(http.adminToken.count) characters, from \(source(of: .adminToken, generated: "admin-token", c, sources)))
              restock.webhook.secret           (set, from \(source(of: .webhookSecret, generated: "webhook-secret", c, sources)))\(http.webhookSecrets.count > 1 ? "\n  restock.webhook.secretPrevious   (set)" : "")
              restock.webhook.maxBodyBytes     \(http.maxBodyBytes)
              restock.webhook.toleranceSeconds \(http.toleranceSeconds)
              restock.webhook.maxAgeSeconds    \(http.platforms.maxAgeSeconds)
              restock.watches.allowedOrigins   \(http.allowedOrigins.isEmpty ? "(none: backend calls only)" : http.allowedOrigins.joined(separator: ","))
              restock.watches.ratePerIP        \(http.ratePerIP)/hour
              restock.watches.ratePerEmail     \(http.ratePerEmail)/hour
              restock.watches.doubleOptIn      \(engine.doubleOptIn)
              restock.watches.ttlDays          \(engine.watchTTLDays)
              restock.planner.minAvailable     \(engine.minAvailable)
              restock.planner.perUnit          \(engine.perUnit.map { "\($0)" } ?? "(unset: everyone)")
              restock.planner.waveInterval     \(engine.waveInterval) s
              restock.mail.url                 \(c.mail.transportDescription)
              restock.mail.from                \(c.mail.mailer.from.displayName.map { "\($0) " } ?? "")<\(c.mail.mailer.from.email)>
              restock.mail.bounce              \(c.mail.mailer.bounceAddress)
              restock.mail.templates           \(c.mail.templateOverrides ?? "(none: built-in templates only)"), locales \(mailer.templates.locales.joined(separator: ", "))
              restock.mail.dkim                \(c.mail.dkim.map { "\($0.selector)._domainkey.\($0.domain), key \($0.keyFile)" } ?? "(off: unsigned)")
              restock.mail.dkim.ed25519        \(c.mail.ed25519.map { "\($0.selector)._domainkey, key \($0.keyFile)" } ?? "(off: RSA only)")
              restock.mail.ratePerSecond       \(c.mail.ratePerSecond.map { "\($0) messages/s" } ?? "(unlimited)")
              restock.mail.leaseSeconds        \(c.mail.leaseSeconds) s (a crashed daemon's messages go out again after this)
              restock.mail.giveUpHours         \(c.mail.giveUpHours) h
              restock.shop.name                \(c.mail.mailer.shop.name)
              restock.shop.address             \(c.mail.mailer.shop.address.isEmpty ? "(empty: set it, bulk mail needs a postal address)" : c.mail.mailer.shop.address)
              restock.http.publicURL           \(c.mail.publicURL)\(c.mail.publicURL.hasPrefix("https://") ? "" : " (not https: emails carry no one-click List-Unsubscribe)")
              restock.tracking                 \(c.mail.tracking ? "on: /t/o pixel and /t/c links, parameter \(c.http.attributionParameter)=, prefetch window \(engine.traffic.prefetchWindow) s, repeats within \(engine.clickRepeatWindow) s counted once, Apple ranges \(engine.traffic.appleProxyRanges.map(\.description).joined(separator: ", "))" : "(off: links go straight to the shop; only direct attribution)")
              restock.attribution              clicks \(engine.attribution.clickWindow / 86_400) days, opens \(engine.attribution.openWindow / 3_600) h before the order; purchase check \(engine.attribution.clickWindow / 86_400) days after sending
            \(integrationLines(c))
            """)
    }

    /// Where a secret with a generated fallback comes from; never its value.
    func source(of key: SettingKey, generated name: String, _ c: DaemonConfiguration, _ sources: ConfigSources)
        -> String
    {
        sources.describeOrigin(of: key) ?? "the generated file \(GeneratedSecret.path(name: name, in: c.dataDirectory))"
    }

    /// Which keys came from systemd credentials (names only), or why none did.
    func credentialsLine(_ sources: ConfigSources) -> String {
        guard let directory = sources.credentialsDirectory else { return "(none: CREDENTIALS_DIRECTORY is not set)" }
        let keys = SettingKey.credentials.filter { sources.credentials[$0] != nil }.map(\.rawValue)
        return keys.isEmpty ? "(none in \(directory))" : "\(keys.joined(separator: ", ")) from \(directory)"
    }

    /// One line per integration: configured or not, and where it listens or what it polls.
    func integrationLines(_ c: DaemonConfiguration) -> String {
        let platforms = c.http.platforms
        func on(_ name: String) -> Bool { platforms.configured.contains(name) }
        let locations = c.engine.stockLocations.map { $0.sorted().joined(separator: ",") } ?? "(any location)"
        let feed = c.integrations.feed.map {
            "\(CurlURL.loggable($0.url)) every \($0.interval.components.seconds) s, in stock = \($0.reconciliation.inStockQuantity) units"
        }
        return [
            "  integration generic              on: /v1/inventory, /v1/orders (restock.webhook.secret)",
            "  integration shopify              "
                + (on("shopify")
                    ? "on: /webhooks/shopify\(platforms.shopifyAdminSecrets.isEmpty ? "" : ", /webhooks/shopify/admin")"
                        + (platforms.shopifySecrets.count > 1 ? " (two secrets)" : "")
                    : "off (set restock.shopify.secret)"),
            "  integration woocommerce          "
                + (on("woocommerce")
                    ? "on: /webhooks/woocommerce, onbackorder \(platforms.wooCommerce.backorderIsAvailable ? "is" : "is not") in stock"
                    : "off (set restock.woocommerce.secret)"),
            "  integration bigcommerce          "
                + (on("bigcommerce")
                    ? (c.integrations.bigCommerce.map {
                        "on: /webhooks/bigcommerce, API \($0.apiURL) store \($0.storeHash)"
                    }
                        ?? "webhooks signed but no API: set restock.bigcommerce.storeHash and accessToken")
                    : "off (set restock.bigcommerce.secret)"),
            "  integration feed                 " + (feed.map { "on: \($0)" } ?? "off (set restock.feed.url)"),
            "  restock.stock.locations          \(locations)",
        ].joined(separator: "\n")
    }
}
