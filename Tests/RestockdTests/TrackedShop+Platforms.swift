import HTTPTypes
import HummingbirdTesting
import RestockCore
import RestockTestSupport
import Testing

@testable import restockd

extension TrackedShop {
    /// Ada watches `variant`; it comes back, she is mailed, and an hour later she follows the
    /// product link in her email. An order of hers placed from then on is credited to that email,
    /// which is what a replayed or relabelled delivery must not take back.
    func adaFollowsHerEmail(_ client: some TestClientProtocol, variant: String) async throws {
        try await subscribe(client, "ada@example.com", variant: variant, url: "https://wool.example/p/\(variant)")
        let mails = try await restockAndSend([variant])
        let mail = try #require(mails.first { $0.to?.address == "ada@example.com" })
        clock.advance(seconds: 3_600)
        #expect(try await Self.get(client, try Self.trackedPaths(mail).click).status == .found)
        clock.advance(seconds: 600)
    }

    /// The live credits of one order.
    func credits(source: String, orderID: String) async throws -> [Attribution] {
        try await store.transaction { try $0.attributions(source: source, orderID: orderID) }
            .filter { $0.reversedAt == nil }
    }
}
