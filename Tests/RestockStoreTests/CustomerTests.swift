import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Customers {
        @Test("the same email is the same customer; details update only when given", arguments: StoreKind.enabled)
        func sameEmailSameCustomer(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let first = try await store.transaction {
                    try $0.upsertCustomer(email: "ada@example.com", name: "Ada", locale: "en", at: t0)
                }
                let renamed = try await store.transaction {
                    try $0.upsertCustomer(email: "ada@example.com", name: "Ada L.", locale: nil, at: at(60))
                }
                let untouched = try await store.transaction {
                    try $0.upsertCustomer(email: "ada@example.com", name: nil, locale: nil, at: at(120))
                }
                #expect(
                    first == Customer(id: first.id, email: "ada@example.com", name: "Ada", locale: "en", createdAt: t0))
                #expect(
                    renamed
                        == Customer(id: first.id, email: "ada@example.com", name: "Ada L.", locale: "en", createdAt: t0)
                )
                #expect(untouched == renamed)
            }
        }

        @Test("different emails are different customers, found by id", arguments: StoreKind.enabled)
        func lookupByID(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (ada, bob, found, missing) = try await store.transaction { tx in
                    let ada = try tx.makeCustomer("ada@example.com")
                    let bob = try tx.makeCustomer("bob@example.com")
                    return (ada, bob, try tx.customer(id: bob.id), try tx.customer(id: bob.id + 1_000))
                }
                #expect(ada.id != bob.id)
                #expect(found == bob)
                #expect(missing == nil)
            }
        }
    }
}
