import RestockTestSupport
import Testing

/// The contract every store keeps (docs: SCHEMA.md): one nested suite per table, in
/// `<Table>Tests.swift`, each test run against every store in `StoreKind.enabled`.
@Suite("Store contract") struct StoreContract {}
