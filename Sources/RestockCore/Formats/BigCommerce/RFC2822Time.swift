/// BigCommerce v2 times, RFC 2822 as in `"Tue, 20 Nov 2018 15:17:07 +0000"`, read by
/// ``Timestamp/init(rfc5322:)``.
struct RFC2822Time: Decodable, Hashable {
    var timestamp: Timestamp

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let timestamp = Timestamp(rfc5322: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected an RFC 2822 time like Tue, 20 Nov 2018 15:17:07 +0000"))
        }
        self.timestamp = timestamp
    }
}
