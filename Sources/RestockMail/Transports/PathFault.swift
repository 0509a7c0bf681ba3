/// A fault of the way out rather than of a message: the relay refused our login, nothing
/// answers at its address, TLS with it failed, it turned the session or our sender away, or the
/// disk the file transport writes to is full. Every message would meet the same fault, so none
/// is failed for it: the dispatcher pauses and tries again (docs/ARCHITECTURE.md §5).
public struct PathFault: Sendable, Hashable, CustomStringConvertible {
    /// Why, in few enough values to label a metric (`restock_mail_path_faults_total{reason}`).
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The login was refused (535), or the relay wants one (530).
        case authentication = "auth"
        /// Nothing answered, the name did not resolve, or the connection broke before the
        /// message went out.
        case connection = "connect"
        /// The TLS handshake or certificate check failed, or `STARTTLS` was required and not
        /// offered.
        case tls
        /// The relay refused the session: 421 anywhere, a refusal of the greeting or `EHLO`.
        case refused
        /// The relay refused `MAIL FROM`: our bounce address, or a temporary refusal of any
        /// sender.
        case sender
        /// The file transport's directory cannot be written (full, read-only, gone).
        case disk

        /// What an operator reads in STATUS= and the log; never a value from the message.
        public var summary: String {
            switch self {
            case .authentication: "relay refused login"
            case .connection: "relay unreachable"
            case .tls: "TLS with the relay failed"
            case .refused: "relay refused the session"
            case .sender: "relay refused the sender"
            case .disk: "mail directory not writable"
            }
        }
    }

    public var reason: Reason
    /// The reply code, when the relay gave one.
    public var code: Int?

    public init(_ reason: Reason, code: Int? = nil) {
        self.reason = reason
        self.code = code
    }

    /// e.g. `relay refused login (535)`.
    public var description: String { reason.summary + (code.map { " (\($0))" } ?? "") }
}
