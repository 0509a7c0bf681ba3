import RestockTestSupport
import Testing

/// The contract every store keeps (the protocol in `RestockCore/Store`): one nested suite per table, in
/// `<Table>Tests.swift`, each test run against every store in `StoreKind.enabled`.
@Suite("Store contract") struct StoreContract {}
