import CCurl

/// What the server answered to a message it accepted.
public struct SMTPReply: Sendable, Hashable {
    /// 250 for an accepted message.
    public var code: Int
    /// The reply line after the final `.`, e.g. `250 2.0.0 Ok: queued as 4Xyz`.
    public var text: String
    /// Whether this message opened a new connection (false when it reused one).
    public var newConnection: Bool
}

/// One SMTP connection through one reused libcurl easy handle. Not `Sendable`: it belongs to
/// one ``SMTPConnectionActor``, on that actor's thread.
///
/// libcurl speaks the protocol (EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA and the
/// dot-stuffing of the body); this type feeds it the message and reads the replies, which
/// libcurl hands to the header callback line by line, and follows which command each reply
/// answers (``SMTPStage``) through the debug callback.
final class SMTPConnection {
    private let easy: CurlEasy
    private let configuration: SMTPConfiguration

    init(configuration: SMTPConfiguration) throws(CurlError) {
        self.configuration = configuration
        easy = try CurlEasy()
        try easy.set(CURLOPT_URL, configuration.url)
        if let username = configuration.username { try easy.set(CURLOPT_USERNAME, username) }
        if let password = configuration.password { try easy.set(CURLOPT_PASSWORD, password) }
        let tls: curl_usessl =
            switch configuration.effectiveTLS {
            case .whenOffered: CURLUSESSL_TRY
            case .required: CURLUSESSL_ALL
            case .never: CURLUSESSL_NONE
            }
        try easy.set(CURLOPT_USE_SSL, Int(tls.rawValue))
        // Signals are process-wide; libcurl must not use SIGALRM for timeouts in a threaded
        // process (CURLOPT_NOSIGNAL, "for multi-threaded applications").
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
        try easy.set(CURLOPT_TIMEOUT_MS, configuration.messageTimeout.milliseconds)
        try easy.set(CURLOPT_UPLOAD, 1)
        try easy.setRead(readMessage)
        try easy.setWrite(CURLOPT_HEADERFUNCTION, collectReply)
        // The commands libcurl writes reach the debug callback only in verbose mode; with a
        // callback set, verbose mode prints nothing of its own.
        try easy.setDebug(followCommands)
        try easy.set(CURLOPT_VERBOSE, 1)
    }

    /// Submits one message. A reply that is not 2xx throws, with the reply code and line.
    func send(sender: String, recipients: [String], data: [UInt8]) throws(CurlError) -> SMTPReply {
        let transfer = Transfer(data: data)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var list: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(list) }
        for recipient in recipients {
            guard let appended = curl_slist_append(list, "<\(recipient)>") else {
                throw CurlError(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed")
            }
            list = appended
        }
        try easy.set(CURLOPT_MAIL_FROM, "<\(sender)>")
        try easy.set(CURLOPT_MAIL_RCPT, list: list)
        let code = try withExtendedLifetime(transfer) { () throws(CurlError) -> CURLcode in
            try easy.set(CURLOPT_READDATA, pointer: context)
            try easy.set(CURLOPT_HEADERDATA, pointer: context)
            try easy.set(CURLOPT_DEBUGDATA, pointer: context)
            let code = easy.perform()
            // libcurl may still call back after the transfer (the QUIT it sends when the handle
            // closes its connection): never with a pointer to this freed transfer.
            for option in [CURLOPT_READDATA, CURLOPT_HEADERDATA, CURLOPT_DEBUGDATA] {
                try easy.set(option, pointer: nil)
            }
            return code
        }
        let responseCode = easy.info(CURLINFO_RESPONSE_CODE)
        guard code == CURLE_OK else {
            let reply = transfer.refusal ?? transfer.replies.last
            throw CurlError(
                code: Int(code.rawValue), message: CurlEasy.describe(code),
                responseCode: responseCode == 0 ? nil : responseCode, reply: reply,
                sentWholeMessage: transfer.finished, stage: transfer.finished ? .message : transfer.stage)
        }
        return SMTPReply(
            code: responseCode, text: transfer.replies.last ?? "\(responseCode)",
            newConnection: easy.info(CURLINFO_NUM_CONNECTS) > 0)
    }
}

/// The message being uploaded and the replies read, for the C callbacks.
private final class Transfer {
    let data: [UInt8]
    var offset = 0
    /// Set once the read callback has handed libcurl the last byte.
    var finished = false
    var replies: [String] = []
    /// The stage of the last command libcurl wrote in this transfer.
    var stage = SMTPStage.connect

    init(data: [UInt8]) { self.data = data }

    /// The first 4xx or 5xx reply line: after a refusal libcurl sends `QUIT`, so the last line
    /// would be the server's goodbye, not its reason.
    var refusal: String? {
        replies.first { line in line.first.map { $0 == "4" || $0 == "5" } ?? false }
    }
}

/// `CURLOPT_READFUNCTION`: copies the next piece of the message; 0 ends the upload.
private let readMessage: curl_read_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let remaining = transfer.data.count - transfer.offset
    guard remaining > 0 else {
        transfer.finished = true
        return 0
    }
    let length = min(remaining, size * count)
    transfer.data.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(
            from: bytes.baseAddress! + transfer.offset, byteCount: length)
    }
    transfer.offset += length
    return length
}

/// `CURLOPT_HEADERFUNCTION`: for SMTP, libcurl passes each server reply line here.
private let collectReply: curl_write_callback = { pointer, size, count, context in
    let length = size * count
    guard let pointer, let context else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
    var line = String(decoding: bytes, as: UTF8.self)
    while line.last?.isNewline == true { line.removeLast() }
    if !line.isEmpty { transfer.replies.append(line) }
    return length
}

/// `CURLOPT_DEBUGFUNCTION`: of everything verbose mode reports, only the command lines
/// (`CURLINFO_HEADER_OUT`) are read, and of those only the verb (``SMTPStage``): an `AUTH`
/// line carries the credentials, and nothing of it is kept.
private let followCommands: curl_debug_callback = { _, type, data, size, context in
    guard type == CURLINFO_HEADER_OUT, let data, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    if let stage = SMTPStage.started(byCommand: UnsafeRawBufferPointer(start: data, count: size)) {
        transfer.stage = stage
    }
    return 0
}
