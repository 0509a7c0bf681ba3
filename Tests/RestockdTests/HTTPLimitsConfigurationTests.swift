import Foundation
import RestockHTTP
import Testing

@testable import restockd

/// The keys of the connection and per-client limits: their defaults, their variables, and a bad
/// value stopping start-up with the key's name.
@Suite struct HTTPLimitsConfigurationTests {
    @Test func defaultsAndVariables() async throws {
        let defaults = try await ConfigurationTests().configuration([])
        #expect(defaults.http.serverLimits == HTTPServerLimits())
        #expect(defaults.http.rateLimits == RateLimits())
        let set = try await ConfigurationTests().configuration(
            [],
            environment: [
                "RESTOCK_HTTP_IDLE_TIMEOUT_SECONDS": "5", "RESTOCK_HTTP_HEADER_TIMEOUT_SECONDS": "3",
                "RESTOCK_HTTP_BODY_TIMEOUT_SECONDS": "7", "RESTOCK_HTTP_MAX_HEADER_BYTES": "8192",
                "RESTOCK_HTTP_MAX_CONNECTIONS": "64", "RESTOCK_HTTP_RATE_LIMIT_TRACKING_PER_MINUTE": "100",
                "RESTOCK_HTTP_RATE_LIMIT_LINKS_PER_MINUTE": "10", "RESTOCK_HTTP_RATE_LIMIT_REFUSED_PER_MINUTE": "3",
                "RESTOCK_HTTP_RATE_LIMIT_MAX_CLIENTS": "5000",
            ])
        #expect(
            set.http.serverLimits
                == HTTPServerLimits(
                    idleTimeoutSeconds: 5, headerTimeoutSeconds: 3, bodyTimeoutSeconds: 7, maxHeaderBytes: 8192,
                    maxConnections: 64))
        #expect(
            set.http.rateLimits
                == RateLimits(trackingPerMinute: 100, linksPerMinute: 10, refusedPerMinute: 3, maxClients: 5000))
    }

    @Test(arguments: [
        ("RESTOCK_HTTP_IDLE_TIMEOUT_SECONDS", "0", "restock.http.idleTimeoutSeconds"),
        ("RESTOCK_HTTP_HEADER_TIMEOUT_SECONDS", "soon", "restock.http.headerTimeoutSeconds"),
        ("RESTOCK_HTTP_BODY_TIMEOUT_SECONDS", "-1", "restock.http.bodyTimeoutSeconds"),
        ("RESTOCK_HTTP_MAX_HEADER_BYTES", "100", "restock.http.maxHeaderBytes"),
        ("RESTOCK_HTTP_MAX_CONNECTIONS", "0", "restock.http.maxConnections"),
        ("RESTOCK_HTTP_RATE_LIMIT_TRACKING_PER_MINUTE", "0", "restock.http.rateLimit.trackingPerMinute"),
        ("RESTOCK_HTTP_RATE_LIMIT_LINKS_PER_MINUTE", "many", "restock.http.rateLimit.linksPerMinute"),
        ("RESTOCK_HTTP_RATE_LIMIT_REFUSED_PER_MINUTE", "0", "restock.http.rateLimit.refusedPerMinute"),
        ("RESTOCK_HTTP_RATE_LIMIT_MAX_CLIENTS", "99999999999", "restock.http.rateLimit.maxClients"),
    ])
    func badValuesAreRefusedNamingTheKey(variable: String, value: String, key: String) async throws {
        do {
            _ = try await ConfigurationTests().configuration([], environment: [variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch let error as ConfigError {
            #expect(error.key == key)
            #expect(error.description.contains(variable))
        }
    }
}
