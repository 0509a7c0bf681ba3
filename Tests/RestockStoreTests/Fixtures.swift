import RestockCore
import RestockTestSupport

/// A fixed moment, so stored times can be compared exactly.
let t0 = Timestamp(microseconds: 1_700_000_000_000_000)

/// `t0` plus whole seconds.
func at(_ seconds: Int) -> Timestamp { t0.adding(seconds: Double(seconds)) }

/// A variant id as Shopify sends it: above 2^53, so it only survives as text.
let bigVariantID = "271878346596884015"

/// Thrown from a transaction body to make it roll back.
struct Boom: Error {}

func newWatch(
    customerID: Int64, variantID: String, state: WatchState = .watching, at time: Timestamp = t0
) -> NewWatch {
    NewWatch(
        customerID: customerID, variantID: variantID, state: state,
        consent: Consent(source: "storefront", at: time), createdAt: time)
}

extension StoreTransaction {
    func makeCustomer(_ email: String = "ada@example.com") throws -> Customer {
        try upsertCustomer(email: email, name: nil, locale: nil, at: t0)
    }

    func makeWatch(
        _ email: String = "ada@example.com", variant: String, state: WatchState = .watching
    ) throws -> Watch {
        try insertWatch(newWatch(customerID: makeCustomer(email).id, variantID: variant, state: state))
    }
}

/// An email about `watchIDs` of one customer; the dedupe key follows from its content.
func entry(
    customerID: Int64, watchIDs: [Int64], variant: String = "v1", cycle: Int64? = 1,
    kind: NotificationKind = .backInStock, due: Timestamp = t0
) -> NewOutboxEntry {
    NewOutboxEntry(
        customerID: customerID, kind: kind, dueAt: due,
        items: watchIDs.map { OutboxItem(watchID: $0, variantID: variant, cycleID: cycle) })
}
