/// The one error type of `RestockMail`: composing, signing or writing a message failed.
///
/// `description` names the code and, for header problems, the header field (a field name is
/// never customer data). What the value was, a path or a library message is only in
/// `debugDescription`, because it can carry an email address or a token (after
/// postgres-nio's `PSQLError`).
public struct MailError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong. A struct with static members rather than an enum, so adding a code later
    /// does not break a caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case headerInjection, invalidHeader, invalidAddress, invalidMessageID, headerTooLong
            case invalidMessage, invalidKey, signingFailed, writeFailed, template
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A header value holds CR, LF or NUL: written out, it would start a header of its own.
        public static let headerInjection = Code(.headerInjection)
        /// A header name or value is not allowed (a reserved or malformed name, a URL that is not
        /// `https`, a DKIM domain or selector that is not a domain name).
        public static let invalidHeader = Code(.invalidHeader)
        /// An address is not a plain `local@domain` that fits between angle brackets.
        public static let invalidAddress = Code(.invalidAddress)
        /// A `Message-ID` is not `left@right` in printable ASCII, or cannot name a file.
        public static let invalidMessageID = Code(.invalidMessageID)
        /// A value cannot be folded into lines of at most 998 octets (RFC 5322 §2.1.1).
        public static let headerTooLong = Code(.headerTooLong)
        /// The bytes handed to the signer are not a message: no header/body separator.
        public static let invalidMessage = Code(.invalidMessage)
        /// A DKIM private key cannot be read, or is too weak (RFC 8301: at least 1024 bits).
        public static let invalidKey = Code(.invalidKey)
        /// The crypto library refused to sign.
        public static let signingFailed = Code(.signingFailed)
        /// A file transport could not create, write, sync or rename its file.
        public static let writeFailed = Code(.writeFailed)
        /// A message template is missing, unreadable or does not compile.
        public static let template = Code(.template)

        public var description: String { base.rawValue }

        /// A sentence an operator can read, with no data in it.
        var summary: String {
            switch base {
            case .headerInjection: "a header value contains CR, LF or NUL"
            case .invalidHeader: "a header name or value is not allowed"
            case .invalidAddress: "an email address cannot be written into a header"
            case .invalidMessageID: "a Message-ID is malformed"
            case .headerTooLong: "a header value cannot be folded into 998-octet lines"
            case .invalidMessage: "the message has no header section"
            case .invalidKey: "a DKIM private key is unreadable or too weak"
            case .signingFailed: "DKIM signing failed"
            case .writeFailed: "the message file could not be written"
            case .template: "a message template is missing or invalid"
            }
        }
    }

    public var code: Code
    /// The header field concerned (`Subject`, `From`, `List-Unsubscribe`, …), when there is one.
    public var field: String?
    /// The offending value, a path or a library message; may hold customer data.
    var details: String

    public init(_ code: Code, field: String? = nil, details: String = "") {
        self.code = code
        self.field = field
        self.details = details
    }

    public var description: String {
        "MailError.\(code): \(code.summary)\(field.map { " (field \($0))" } ?? "")"
    }

    public var debugDescription: String {
        details.isEmpty ? description : "\(description): \(details)"
    }
}
