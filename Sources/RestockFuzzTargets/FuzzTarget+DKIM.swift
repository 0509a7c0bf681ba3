import RestockMail

/// DKIM's relaxed canonicalization (RFC 6376 §3.4.2, §3.4.4), on what relays may hand back.
extension FuzzTarget {
    /// Input: a message (or any bytes, which are also canonicalized as a body).
    ///
    /// Canonical forms are fixed points: canonicalizing one again changes nothing, so a signer
    /// and a verifier that canonicalize different relays' copies of a message agree. A relaxed
    /// header value is unfolded, with single spaces and none after the colon or at the end; a relaxed body has no whitespace at line ends, no tabs or runs of spaces, and ends in
    /// exactly one CRLF unless it is empty.
    static func dkimCanonical(_ input: FuzzInput) throws(FuzzFailure) {
        try checkRelaxedBody(input.bytes[...])
        guard let (fields, body) = try? DKIMCanonicalization.split(input.bytes) else { return }
        for field in fields {
            let once = DKIMCanonicalization.relaxedHeader(field.raw)
            guard !once.isEmpty else { continue }
            try expect(once.suffix(2).elementsEqual([13, 10]), "a relaxed header without its CRLF")
            let line = once.dropLast(2)
            let colon = line.firstIndex(of: UInt8(ascii: ":"))!
            let value = line[(colon + 1)...]
            // The name is kept as it came (ours never hold a line break); the value is unfolded.
            try expect(!value.contains(13) && !value.contains(10), "a relaxed header value keeps a line break")
            try expect(
                !value.contains(9) && !containsRun(value), "a relaxed header value keeps a tab or a run of spaces")
            try expect(value.first != 0x20 && value.last != 0x20, "a relaxed header value keeps a space at an end")
            let twice = DKIMCanonicalization.relaxedHeader(line)
            try expect(twice == once, "relaxed header canonicalization is not idempotent")
        }
        try checkRelaxedBody(body)
    }

    private static func checkRelaxedBody(_ body: ArraySlice<UInt8>) throws(FuzzFailure) {
        let once = DKIMCanonicalization.relaxedBody(body)
        guard !once.isEmpty else { return }
        try expect(once.suffix(2).elementsEqual([13, 10]), "a relaxed body that does not end in CRLF")
        try expect(!once.suffix(4).elementsEqual([13, 10, 13, 10]), "a relaxed body that ends in an empty line")
        try expect(!once.contains(9) && !containsRun(once[...]), "a relaxed body keeps a tab or a run of spaces")
        for index in once.indices.dropLast() where once[index] == 13 && once[index + 1] == 10 {
            try expect(index == 0 || once[index - 1] != 0x20, "a relaxed body line ends in a space")
        }
        let twice = DKIMCanonicalization.relaxedBody(once[...])
        try expect(twice == once, "relaxed body canonicalization is not idempotent")
    }

    private static func containsRun(_ bytes: ArraySlice<UInt8>) -> Bool {
        zip(bytes, bytes.dropFirst()).contains { $0 == 0x20 && $1 == 0x20 }
    }
}
