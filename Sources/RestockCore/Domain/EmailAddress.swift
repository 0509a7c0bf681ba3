/// Normalizes shoppers' email addresses so one person is one customer.
///
/// The whole address is lowercased, the local part included. RFC 5321 lets a server treat
/// `Foo@x` and `foo@x` as different mailboxes, but no mainstream provider does, and a shop
/// expects them to be one subscriber: otherwise a customer who typed a capital letter once gets
/// every email twice and unsubscribes only one of the copies.
///
/// Only the common `dot-atom` form is accepted (no quoted local parts, no IP literals, no
/// comments): it is what sign-up forms produce and what every SMTP server takes. Non-ASCII letters
/// are allowed on both sides (SMTPUTF8 and internationalized domains); they are compared as given,
/// without Unicode normalization.
public enum EmailAddress {
    /// RFC 5321's limit on a forward path, in UTF-8 bytes.
    public static let maxLength = 254
    /// RFC 5321's limit on a local part, in UTF-8 bytes.
    public static let maxLocalPartLength = 64

    /// Characters RFC 5322 allows in an unquoted local part besides letters, digits and dots.
    private static let localSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    /// Returns the normalized address, or throws naming what is wrong with it.
    public static func normalize(_ raw: String) throws(EmailAddressError) -> String {
        guard let first = raw.firstIndex(where: { !$0.isWhitespace }),
            let last = raw.lastIndex(where: { !$0.isWhitespace })
        else { throw EmailAddressError(.empty) }
        let address = raw[first...last].lowercased()
        for scalar in address.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator:
                throw EmailAddressError(.controlCharacter)
            case .spaceSeparator:
                throw EmailAddressError(.whitespace)
            default:
                continue
            }
        }
        guard address.utf8.count <= maxLength else { throw EmailAddressError(.tooLong) }
        guard let at = address.lastIndex(of: "@") else { throw EmailAddressError(.missingAt) }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard !local.isEmpty else { throw EmailAddressError(.emptyLocalPart) }
        guard !domain.isEmpty else { throw EmailAddressError(.emptyDomain) }
        guard !local.contains("@") else { throw EmailAddressError(.multipleAt) }
        guard local.utf8.count <= maxLocalPartLength else { throw EmailAddressError(.localPartTooLong) }
        try checkDots(local)
        try checkDots(domain)
        guard local.unicodeScalars.allSatisfy(isLocalCharacter) else {
            throw EmailAddressError(.invalidCharacter)
        }
        guard domain.unicodeScalars.allSatisfy(isDomainCharacter) else {
            throw EmailAddressError(.invalidCharacter)
        }
        guard domain.contains(".") else { throw EmailAddressError(.domainWithoutDot) }
        for label in domain.split(separator: ".") {
            guard label.first != "-", label.last != "-" else {
                throw EmailAddressError(.invalidDomainLabel)
            }
            guard label.utf8.count <= 63 else { throw EmailAddressError(.invalidDomainLabel) }
        }
        return address
    }

    /// A dot may only separate non-empty atoms: no leading, trailing or doubled dot.
    private static func checkDots(_ part: Substring) throws(EmailAddressError) {
        guard !part.contains("..") else { throw EmailAddressError(.consecutiveDots) }
        guard part.first != ".", part.last != "." else { throw EmailAddressError(.edgeDot) }
    }

    private static func isLocalCharacter(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII || isASCIIAlphanumeric(scalar) || scalar == "." || localSymbols.contains(scalar)
    }

    private static func isDomainCharacter(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII || isASCIIAlphanumeric(scalar) || scalar == "." || scalar == "-"
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

/// Why an address was rejected. The message never repeats the address, so it is safe to log and
/// to return to a shop developer.
public struct EmailAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, CaseIterable {
        case empty
        case tooLong = "too_long"
        case missingAt = "missing_at"
        case multipleAt = "multiple_at"
        case emptyLocalPart = "empty_local_part"
        case emptyDomain = "empty_domain"
        case localPartTooLong = "local_part_too_long"
        case whitespace
        case controlCharacter = "control_character"
        case invalidCharacter = "invalid_character"
        case consecutiveDots = "consecutive_dots"
        case edgeDot = "edge_dot"
        case domainWithoutDot = "domain_without_dot"
        case invalidDomainLabel = "invalid_domain_label"
    }

    public var code: Code

    public init(_ code: Code) { self.code = code }

    public var message: String {
        switch code {
        case .empty: "the email address is empty"
        case .tooLong: "the email address is longer than \(EmailAddress.maxLength) bytes"
        case .missingAt: "the email address has no '@'"
        case .multipleAt: "the email address has more than one '@'"
        case .emptyLocalPart: "the email address has nothing before the '@'"
        case .emptyDomain: "the email address has no domain after the '@'"
        case .localPartTooLong:
            "the part before the '@' is longer than \(EmailAddress.maxLocalPartLength) bytes"
        case .whitespace: "the email address contains a space"
        case .controlCharacter: "the email address contains a control or invisible character"
        case .invalidCharacter:
            "the email address contains a character not allowed in an unquoted address"
        case .consecutiveDots: "the email address contains two dots in a row"
        case .edgeDot: "a part of the email address starts or ends with a dot"
        case .domainWithoutDot: "the domain of the email address has no dot"
        case .invalidDomainLabel:
            "a domain label starts or ends with '-' or is longer than 63 characters"
        }
    }

    public var description: String { message }
}
