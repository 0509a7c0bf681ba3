import Foundation
import Testing

/// Runs Debian's `/usr/bin/python3` on a message to check it the way receivers will: with
/// Python's `email` parser (`policy.default`, which records every RFC violation it works around
/// as a defect) and with dkimpy, a DKIM verifier written by other people than us.
///
/// Missing tools fail the test with the fix, never skip it: a skipped check reads as a passed one.
public enum PythonMailCheck {
    /// What Python's parser saw in a message.
    public struct ParsedMail: Decodable {
        public struct Mailbox: Decodable {
            public var name: String
            public var address: String
            public var count: Int
        }
        public struct Part: Decodable {
            public var type: String
            public var charset: String?
            public var transferEncoding: String
            public var content: String
        }
        public var defects: [String]
        public var subject: String?
        public var from: Mailbox?
        public var to: Mailbox?
        public var replyTo: Mailbox?
        public var messageID: String?
        public var dateHeader: String?
        public var dateTimestamp: Double?
        public var contentType: String
        public var parts: [Part]
        public var listUnsubscribe: String?
        public var listUnsubscribePost: String?
        public var headers: [String: String]
        /// `From` as RFC 2047's own decoder reads it (`email.header.decode_header`), which, unlike
        /// `policy.default`, drops the space between adjacent encoded words (§6.2).
        public var fromRFC2047: String?
        public var longestLine: Int
        public var longestHeaderLine: Int
        public var allLinesEndInCRLF: Bool

        /// The decoded part of this type, with MIME's CRLF line breaks read as Swift's "\n".
        public func body(_ type: String) -> String? {
            parts.first { $0.type == type }?.content.replacingOccurrences(of: "\r\n", with: "\n")
        }
    }

    private static let parseScript = #"""
        import email, email.header, email.policy, email.utils, json, sys
        data = sys.stdin.buffer.read()
        legacy = email.message_from_bytes(data, policy=email.policy.compat32)
        def rfc2047(name):
            raw = legacy[name]
            return None if raw is None else str(email.header.make_header(email.header.decode_header(raw)))
        msg = email.message_from_bytes(data, policy=email.policy.default)
        defects = [repr(d) for d in msg.defects]
        headers = {}
        for name, value in msg.items():
            defects += [name + ": " + repr(d) for d in getattr(value, "defects", ())]
            headers[name] = str(value)
        parts = []
        for part in msg.walk():
            defects += [repr(d) for d in part.defects]
            if part.is_multipart():
                continue
            parts.append({"type": part.get_content_type(), "charset": part.get_content_charset(),
                          "transferEncoding": part.get("Content-Transfer-Encoding", ""),
                          "content": part.get_content()})
        def mailbox(name):
            header = msg[name]
            if header is None:
                return None
            first = header.addresses[0]
            return {"name": first.display_name, "address": first.addr_spec, "count": len(header.addresses)}
        lines = data.split(b"\r\n")
        head = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        date = msg["Date"]
        print(json.dumps({
            "defects": defects, "subject": msg["Subject"], "from": mailbox("From"), "to": mailbox("To"),
            "replyTo": mailbox("Reply-To"), "messageID": msg["Message-ID"],
            "dateHeader": date, "dateTimestamp": email.utils.parsedate_to_datetime(date).timestamp() if date else None,
            "contentType": msg.get_content_type(), "parts": parts,
            "listUnsubscribe": msg["List-Unsubscribe"], "listUnsubscribePost": msg["List-Unsubscribe-Post"],
            "headers": headers, "fromRFC2047": rfc2047("From"), "longestLine": max(len(line) for line in lines),
            "longestHeaderLine": max(len(line) for line in head),
            "allLinesEndInCRLF": data.endswith(b"\r\n") and not any(b"\r" in l or b"\n" in l for l in lines),
        }))
        """#

    private static let verifyScript = #"""
        import json, logging, sys
        try:
            import dkim, nacl
        except ImportError as error:
            print(f"missing Python module: {error}", file=sys.stderr)
            sys.exit(3)
        import io
        log = io.StringIO()
        logging.basicConfig(stream=log, level=logging.DEBUG)
        records = json.loads(sys.argv[1])
        data = sys.stdin.buffer.read()
        def dnsfunc(name, timeout=5):
            selector = name.decode().split("._domainkey.")[0]
            return records.get(selector, "").encode()
        head = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        count = sum(1 for line in head if line.lower().startswith(b"dkim-signature:"))
        verifier = dkim.DKIM(data, logger=logging.getLogger("dkim"))
        def verify(index):
            try:
                return bool(verifier.verify(idx=index, dnsfunc=dnsfunc))
            except dkim.DKIMException as error:
                log.write(f"signature {index}: {error}\n")
                return False
        results = [verify(i) for i in range(count)]
        print(json.dumps({"results": results, "log": log.getvalue()}))
        """#

    /// Parses a message with `email.message_from_bytes(data, policy=email.policy.default)`.
    public static func parse(_ message: [UInt8]) async throws -> ParsedMail {
        try JSONDecoder().decode(ParsedMail.self, from: await run(parseScript, input: message))
    }

    /// What dkimpy said about each DKIM-Signature, topmost first, and its debug log.
    public struct Verification: Decodable {
        public var results: [Bool]
        public var log: String
    }

    /// Verifies every DKIM-Signature of a message with dkimpy. `records` maps a selector to the
    /// TXT record dkimpy gets instead of a DNS answer.
    public static func verifyDKIM(_ message: [UInt8], records: [String: String]) async throws -> Verification {
        let argument = String(decoding: try JSONEncoder().encode(records), as: UTF8.self)
        return try JSONDecoder().decode(
            Verification.self, from: await run(verifyScript, input: message, arguments: [argument]))
    }

    static func run(_ script: String, input: [UInt8], arguments: [String] = []) async throws -> Data {
        try await PythonScript.run(script, input: input, arguments: arguments)
    }
}
