/// The door's checks for fields that reach a mail header, a link or a report: each applies the
/// one rule for its kind of value (``SafeText``, ``LanguageTag``; ids are checked as they decode, ``FlexibleID``) and throws a
/// ``PayloadError`` naming the field, so every entry point refuses the same input with the same
/// words (`name: must not contain line breaks or control characters`).
///
/// Catalog fields are checked together by ``CatalogEntry/validated(prefix:)``.
public enum FieldCheck {
    /// A person's name: one line, at most ``SafeText/nameLength``. Blank is no name.
    public static func name(_ value: String?, field: String) throws(PayloadError) -> String? {
        guard let value, !value.trimmingSpaces.isEmpty else { return nil }
        if let problem = SafeText.problem(value, maxLength: SafeText.nameLength) {
            throw PayloadError(field, problem)
        }
        return String(value.trimmingSpaces)
    }

    /// A locale, normalized (`pl_PL` → `pl-PL`).
    public static func locale(_ value: String?, field: String) throws(PayloadError) -> String? {
        guard let value else { return nil }
        guard let tag = LanguageTag.normalized(value) else { throw PayloadError(field, LanguageTag.requirement) }
        return tag
    }

    /// The most characters of free text kept as a record (the consent wording a shopper agreed
    /// to): it is stored with every watch, so it is bounded even though no email shows it.
    public static let recordLength = 2_000

    /// Free text kept only as a record: its length is bounded, nothing else.
    public static func record(_ value: String?, field: String) throws(PayloadError) -> String? {
        guard let value else { return nil }
        guard value.utf8.count <= recordLength * 4, value.count <= recordLength else {
            throw PayloadError(field, "at most \(recordLength) characters")
        }
        return value
    }
}
