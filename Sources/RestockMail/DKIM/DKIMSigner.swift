import Crypto
import _CryptoExtras

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signs composed messages with DKIM (RFC 6376): always `rsa-sha256`, and `ed25519-sha256`
/// (RFC 8463) as a second signature when an Ed25519 key is configured.
///
/// RFC 8463 §4 advises signing with both while receivers catch up: one that does not know
/// Ed25519 ignores that signature and checks the RSA one (RFC 6376 §6.1: a verifier "MUST ignore"
/// signatures with unknown algorithms). Canonicalization is relaxed/relaxed, which tolerates the
/// refolding and whitespace changes relays make.
public struct DKIMSigner: Sendable {
    /// An Ed25519 key and its own selector: its DNS record (`k=ed25519`) cannot share a name
    /// with the RSA one.
    public struct Ed25519Key: Sendable {
        public var selector: String
        public var privateKey: Curve25519.Signing.PrivateKey

        public init(selector: String, privateKey: Curve25519.Signing.PrivateKey) {
            self.selector = selector
            self.privateKey = privateKey
        }

        /// The PKCS #8 DER of an Ed25519 private key (RFC 8410) is this 16-byte prefix and the
        /// 32-byte seed.
        static let pkcs8Prefix: [UInt8] = [
            0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
        ]

        /// Reads the key as `openssl genpkey -algorithm ed25519` writes it (`BEGIN PRIVATE KEY`),
        /// or as the bare 32-byte seed in base64.
        public init(selector: String, keyText: String) throws(MailError) {
            var lines = keyText.split(whereSeparator: \.isNewline).map { String($0.filter { !$0.isWhitespace }) }
            let isPEM = keyText.contains("-----BEGIN PRIVATE KEY-----")
            if isPEM { lines = lines.filter { !$0.hasPrefix("-----") } }
            guard let der = Data(base64Encoded: lines.joined()) else {
                throw MailError(.signingFailed, details: "the Ed25519 key is neither PEM nor base64")
            }
            let bytes = Array(der)
            let seed: [UInt8]
            if bytes.count == 48, Array(bytes.prefix(16)) == Self.pkcs8Prefix {
                seed = Array(bytes.suffix(32))
            } else if bytes.count == 32, !isPEM {
                seed = bytes
            } else {
                throw MailError(
                    .signingFailed,
                    details: "not an Ed25519 private key (make one with `openssl genpkey -algorithm ed25519`)")
            }
            do {
                self.init(selector: selector, privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: seed))
            } catch {
                throw MailError(.signingFailed, details: "\(error)")
            }
        }
    }

    /// The fields we sign, in this order, when present. `From` is the one RFC 6376 §5.4 requires;
    /// RFC 8058 §4 requires `List-Unsubscribe` and `List-Unsubscribe-Post` to be signed for
    /// one-click unsubscribe to be trusted; the MIME fields keep a relay from re-labelling the
    /// body.
    static let signedFieldNames = [
        "from", "to", "subject", "date", "message-id", "reply-to", "list-unsubscribe",
        "list-unsubscribe-post", "mime-version", "content-type",
    ]

    /// The `d=` tag: the domain that answers for the message and publishes the keys.
    public let domain: String
    /// The `s=` tag of the RSA signature: the key lives at `<selector>._domainkey.<domain>`.
    public let selector: String
    private let rsaKey: _RSA.Signing.PrivateKey
    private let ed25519Key: Ed25519Key?

    /// Reads the RSA key from PEM (`BEGIN RSA PRIVATE KEY` or `BEGIN PRIVATE KEY`). Keys under
    /// 2048 bits are refused: RFC 8301 §3.2 "Signers SHOULD use RSA keys of at least 2048 bits".
    public init(
        domain: String, selector: String, rsaPrivateKeyPEM: String, ed25519: Ed25519Key? = nil
    ) throws(MailError) {
        let key: _RSA.Signing.PrivateKey
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: rsaPrivateKeyPEM)
        } catch {
            throw MailError(.invalidKey, details: "\(error)")
        }
        try self.init(domain: domain, selector: selector, rsaPrivateKey: key, ed25519: ed25519)
    }

    public init(
        domain: String, selector: String, rsaPrivateKey: _RSA.Signing.PrivateKey, ed25519: Ed25519Key? = nil
    ) throws(MailError) {
        guard rsaPrivateKey.keySizeInBits >= 2048 else {
            throw MailError(.invalidKey, details: "RSA key of \(rsaPrivateKey.keySizeInBits) bits")
        }
        var names = [("d=", domain), ("s=", selector)]
        if let ed25519 { names.append(("s=", ed25519.selector)) }
        for (tag, name) in names where !Self.isDomainName(name) {
            throw MailError(.invalidHeader, field: "DKIM-Signature \(tag)", details: name)
        }
        self.domain = domain
        self.selector = selector
        self.rsaKey = rsaPrivateKey
        self.ed25519Key = ed25519
    }

    /// Dot-separated labels of letters, digits, `-` and `_` (RFC 6376 §3.1 selectors are
    /// `sub-domain`s; `_` appears in real selectors and is accepted by DNS).
    private static func isDomainName(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return !name.isEmpty && name.utf8.count <= 253
            && labels.allSatisfy { label in
                !label.isEmpty && label.utf8.count <= 63
                    && label.unicodeScalars.allSatisfy {
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
                    }
            }
    }

    /// Returns the message with `DKIM-Signature` fields prepended: the RSA one first, so a
    /// verifier that checks only the topmost signature checks the one every receiver supports.
    /// `date` becomes the `t=` tag. The message must use CRLF line endings, as
    /// ``MessageComposer`` writes it: the signature covers the bytes as they go over SMTP.
    public func sign(_ message: [UInt8], at date: Date = Date()) throws(MailError) -> [UInt8] {
        let (fields, body) = try DKIMCanonicalization.split(message)
        let bodyHash = Data(SHA256.hash(data: DKIMCanonicalization.relaxedBody(body))).base64EncodedString()
        let signed = Self.selectFields(fields)
        let headerData = signed.flatMap { DKIMCanonicalization.relaxedHeader($0.raw) }
        let timestamp = Int64(date.timeIntervalSince1970.rounded(.down))
        let names = signed.map(\.lowercasedName)

        let rsaPrefix = Self.unsignedField(
            algorithm: "rsa-sha256", domain: domain, selector: selector, timestamp: timestamp,
            names: names, bodyHash: bodyHash)
        let rsaSignature: Data
        do {
            rsaSignature = try rsaKey.signature(
                for: SHA256.hash(data: Self.signingInput(headerData, rsaPrefix)), padding: .insecurePKCS1v1_5
            ).rawRepresentation
        } catch {
            throw MailError(.signingFailed, details: "\(error)")
        }
        var out = Self.complete(rsaPrefix, signature: rsaSignature)

        if let ed25519Key {
            let prefix = Self.unsignedField(
                algorithm: "ed25519-sha256", domain: domain, selector: ed25519Key.selector, timestamp: timestamp,
                names: names, bodyHash: bodyHash)
            // RFC 8463 §3: Ed25519 signs the SHA-256 hash of the data, not the data itself.
            let digest = Data(SHA256.hash(data: Self.signingInput(headerData, prefix)))
            do {
                let signature = try ed25519Key.privateKey.signature(for: digest)
                out += Self.complete(prefix, signature: signature)
            } catch {
                throw MailError(.signingFailed, details: "\(error)")
            }
        }
        return out + message
    }

    /// The fields to sign, each name once per instance, taken from the bottom up as RFC 6376
    /// §5.4.2 prescribes for repeated fields.
    private static func selectFields(_ fields: [DKIMCanonicalization.Field]) -> [DKIMCanonicalization.Field] {
        var selected: [DKIMCanonicalization.Field] = []
        for name in signedFieldNames {
            selected += fields.filter { $0.lowercasedName == name }.reversed()
        }
        return selected
    }

    /// The signed fields followed by the DKIM-Signature field with an empty `b=`, without its
    /// final CRLF (RFC 6376 §3.7).
    private static func signingInput(_ headerData: [UInt8], _ prefix: String) -> [UInt8] {
        headerData + DKIMCanonicalization.relaxedHeader(ArraySlice(prefix.utf8)).dropLast(2)
    }

    /// `DKIM-Signature: v=1; a=…; … bh=…; b=`, folded below 78 columns. The folds inside the
    /// `h=` list are allowed FWS (RFC 6376 §3.5, `sig-h-tag`) and survive relaxed
    /// canonicalization as single spaces, which the verifier reproduces from the same text.
    private static func unsignedField(
        algorithm: String, domain: String, selector: String, timestamp: Int64, names: [String], bodyHash: String
    ) -> String {
        var tokens: [(text: String, space: Bool)] = [
            ("v=1;", true), ("a=\(algorithm);", true), ("c=relaxed/relaxed;", true), ("d=\(domain);", true),
            ("s=\(selector);", true), ("t=\(timestamp);", true),
        ]
        for (index, name) in names.enumerated() {
            let text = (index == 0 ? "h=" : "") + name + (index == names.count - 1 ? ";" : ":")
            tokens.append((text, index == 0))
        }
        tokens += [("bh=\(bodyHash);", true), ("b=", true)]
        var field = "DKIM-Signature:"
        var lineLength = field.utf8.count
        for token in tokens {
            let extra = token.text.utf8.count + (token.space ? 1 : 0)
            if lineLength + extra > HeaderText.preferredLineLength || token.text == "b=" {
                field += "\r\n " + token.text
                lineLength = 1 + token.text.utf8.count
            } else {
                field += (token.space ? " " : "") + token.text
                lineLength += extra
            }
        }
        return field
    }

    /// The prefix with the base64 signature appended in lines of at most 78 columns; FWS inside
    /// `b=` is allowed and removed by verifiers (RFC 6376 §3.5, `sig-b-tag-data`).
    private static func complete(_ prefix: String, signature: Data) -> [UInt8] {
        let encoded = Array(signature.base64EncodedString().utf8)
        var out = Array(prefix.utf8)
        var start = 0
        var room = HeaderText.preferredLineLength - 3
        while start < encoded.count {
            if start > 0 { out += Array("\r\n ".utf8) }
            let end = min(start + room, encoded.count)
            out += encoded[start..<end]
            start = end
            room = HeaderText.preferredLineLength - 1
        }
        return out + [13, 10]
    }
}
