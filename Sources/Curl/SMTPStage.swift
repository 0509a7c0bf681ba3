/// How far an SMTP transaction got before it failed: which command the failing reply (or
/// silence) answered. libcurl reports a refusal only as a reply code and a `CURLcode` that
/// several stages share (`CURLE_SEND_ERROR` for a refused `MAIL FROM`, `RCPT TO` or `DATA`;
/// `CURLE_WEIRD_SERVER_REPLY` for a refused greeting or final dot), yet a 5xx to the login and a
/// 5xx to one recipient mean opposite things: the relay is unusable, or this one address is.
///
/// The stage is the last command libcurl wrote (it hands each command line to the debug
/// callback as `CURLINFO_HEADER_OUT`), or ``message`` once the whole body went out.
public enum SMTPStage: String, Sendable, Hashable, CaseIterable {
    /// Connecting, the TLS handshake of `smtps://`, or the server's greeting: no command yet.
    case connect
    /// `EHLO`, or the `HELO` libcurl falls back to.
    case hello
    case startTLS
    /// `AUTH` and its SASL continuation lines.
    case auth
    case mailFrom
    case rcptTo
    /// The `DATA` command itself, before the body.
    case data
    /// The body and its final dot went out: the reply is about the message.
    case message

    /// The stage a command line starts, or `nil` for a line that starts none (a SASL
    /// continuation, which stays in ``auth``; `QUIT` after a refusal, which must not hide the
    /// stage that was refused). Only the verb is read: an `AUTH` line carries the credentials.
    static func started(byCommand line: UnsafeRawBufferPointer) -> SMTPStage? {
        // ASCII as libcurl writes it: commands in capitals.
        func starts(with verb: String) -> Bool { line.starts(with: verb.utf8) }
        if starts(with: "MAIL FROM:") { return .mailFrom }
        if starts(with: "RCPT TO:") { return .rcptTo }
        if starts(with: "DATA\r\n") { return .data }
        if starts(with: "EHLO ") || starts(with: "HELO ") { return .hello }
        if starts(with: "STARTTLS\r\n") { return .startTLS }
        if starts(with: "AUTH ") { return .auth }
        return nil
    }
}
