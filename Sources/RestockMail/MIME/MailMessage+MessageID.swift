extension MailMessage {
    /// The `Message-ID` for an outbox row: `restock.<outboxID>@<domain>`.
    ///
    /// Derived from the row alone, with no clock or random part, so a message re-sent after a
    /// crash carries the same id and receivers that deduplicate on `Message-ID` (RFC 5322 §3.6.4:
    /// "a unique message identifier that refers to a particular version of a particular message")
    /// show it once. The domain should be the sending domain, the one that signs with DKIM.
    public static func messageID(outboxID: Int64, domain: String) -> String {
        "restock.\(outboxID)@\(domain.lowercased())"
    }
}
