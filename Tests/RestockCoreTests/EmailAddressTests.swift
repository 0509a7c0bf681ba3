import RestockCore
import Testing

@Suite struct EmailAddressTests {
    @Test(arguments: [
        ("anna@example.com", "anna@example.com"),
        ("  Anna.Kowalska@Example.COM\n", "anna.kowalska@example.com"),
        ("Foo@x.io", "foo@x.io"),
        ("first+tag@sub.example.co.uk", "first+tag@sub.example.co.uk"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("ŁUKASZ@przykład.pl", "łukasz@przykład.pl"),
        ("a@b-c.de", "a@b-c.de"),
    ])
    func normalizes(raw: String, expected: String) throws {
        #expect(try EmailAddress.normalize(raw) == expected)
    }

    /// Typed up front: a literal this long inside `@Test(arguments:)` defeats the type checker.
    static let invalid: [(String, EmailAddressError.Code)] = [
        ("", .empty),
        ("   ", .empty),
        ("anna.example.com", .missingAt),
        ("@example.com", .emptyLocalPart),
        ("anna@", .emptyDomain),
        ("a@b@example.com", .multipleAt),
        ("an na@example.com", .whitespace),
        ("anna@exa mple.com", .whitespace),
        ("an\tna@example.com", .controlCharacter),
        ("anna\u{200B}@example.com", .controlCharacter),
        ("anna@localhost", .domainWithoutDot),
        ("an..na@example.com", .consecutiveDots),
        ("anna@example..com", .consecutiveDots),
        (".anna@example.com", .edgeDot),
        ("anna.@example.com", .edgeDot),
        ("anna@example.com.", .edgeDot),
        ("anna@.example.com", .edgeDot),
        ("<anna>@example.com", .invalidCharacter),
        ("anna@exa_mple.com", .invalidCharacter),
        ("\"anna\"@example.com", .invalidCharacter),
        ("anna@-example.com", .invalidDomainLabel),
        (String(repeating: "a", count: 65) + "@example.com", .localPartTooLong),
        ("anna@" + String(repeating: "a", count: 64) + ".com", .invalidDomainLabel),
        ("anna@" + String(repeating: "abcdefghi.", count: 25) + "com", .tooLong),
    ]

    @Test(arguments: invalid)
    func rejects(raw: String, code: EmailAddressError.Code) {
        #expect(throws: EmailAddressError(code)) { try EmailAddress.normalize(raw) }
    }

    @Test func errorMessageNamesTheProblemWithoutRepeatingTheAddress() {
        let error = #expect(throws: EmailAddressError.self) { try EmailAddress.normalize("secret.person@localhost") }
        #expect(error?.description == "the domain of the email address has no dot")
        #expect(error?.description.contains("secret") == false)
    }

    @Test func longestAllowedAddressIsAccepted() throws {
        let local = String(repeating: "a", count: 64)
        let domain =
            String(repeating: "b", count: 63) + "." + String(repeating: "c", count: 63) + "."
            + String(repeating: "d", count: 61)
        let address = local + "@" + domain
        #expect(address.utf8.count == 254)
        #expect(try EmailAddress.normalize(address) == address)
    }
}
