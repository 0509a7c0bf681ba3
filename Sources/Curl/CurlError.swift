/// A libcurl call that failed: the `CURLcode`, and for protocols with replies (SMTP) the last
/// reply code and line the server sent. The reply may name a recipient, so it stays out of
/// ``description``.
public struct CurlError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// libcurl's `CURLcode`, e.g. 7 for `CURLE_COULDNT_CONNECT`, 28 for `CURLE_OPERATION_TIMEDOUT`.
    public var code: Int
    /// `curl_easy_strerror` of ``code``: names the failure, never the data.
    public var message: String
    /// `CURLINFO_RESPONSE_CODE`: libcurl closes an SMTP connection after any non-2xx reply and
    /// reports the code only here. `nil` when no reply was read.
    public var responseCode: Int?
    /// The server's last reply line, e.g. `550 5.1.1 <x@example.com>: Recipient address rejected`.
    public var reply: String?
    /// Whether libcurl had taken every byte of the message before the failure: a connection that
    /// breaks then may have delivered it.
    public var sentWholeMessage: Bool
    /// For SMTP, the command the failure answered; `nil` for other protocols.
    public var stage: SMTPStage?

    public init(
        code: Int, message: String, responseCode: Int? = nil, reply: String? = nil, sentWholeMessage: Bool = false,
        stage: SMTPStage? = nil
    ) {
        self.stage = stage
        self.code = code
        self.message = message
        self.responseCode = responseCode
        self.reply = reply
        self.sentWholeMessage = sentWholeMessage
    }

    public var description: String {
        "libcurl error \(code) (\(message))\(responseCode.map { ", reply \($0)" } ?? "")"
            + (stage.map { " at \($0.rawValue)" } ?? "")
    }

    public var debugDescription: String {
        description + (reply.map { ": \($0)" } ?? "")
    }
}
