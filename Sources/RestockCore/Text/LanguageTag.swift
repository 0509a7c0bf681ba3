/// The one rule for a locale (a watch's or a customer's): a BCP 47-like language tag,
/// `[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*`, at most 35 characters, the length RFC 5646 §4.4.1 asks
/// every implementation to support.
///
/// The tag picks the email's templates and is handed to the number formatter for prices; a
/// tag of this shape is all either needs, and ICU is never given keywords (`@currency=…`) or
/// text it was not written for.
public enum LanguageTag {
    public static let maxLength = 35

    /// What a refusal says, after the field name.
    public static let requirement = "expected a language tag like \"pl\" or \"en-GB\""

    /// The tag with `_` written as `-` (`pl_PL` is how many platforms spell `pl-PL`), or `nil`
    /// when it is not a language tag.
    public static func normalized(_ text: String) -> String? {
        guard !text.isEmpty, text.utf8.count <= maxLength else { return nil }
        let tag = String(text.map { $0 == "_" ? "-" : $0 })
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = subtags.first, (2...8).contains(language.utf8.count),
            language.unicodeScalars.allSatisfy(isASCIILetter)
        else { return nil }
        for subtag in subtags.dropFirst() {
            guard (1...8).contains(subtag.utf8.count),
                subtag.unicodeScalars.allSatisfy({ isASCIILetter($0) || ("0"..."9").contains($0) })
            else { return nil }
        }
        return tag
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
