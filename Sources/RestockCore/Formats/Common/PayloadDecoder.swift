import Foundation

/// The steps every platform normalizer shares: decoding, where a failure becomes a
/// ``PayloadError`` naming the JSON path so a 400 tells the shop developer which field was wrong,
/// and the checks of currencies, amounts and addresses.
enum PayloadDecoder {
    /// `root` names the body in messages when it is not the delivery itself (`products`).
    static func decode<T: Decodable>(_ type: T.Type, from body: Data, root: String = "") throws(PayloadError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as DecodingError {
            throw PayloadError(message: error.fieldMessage(under: root))
        } catch {
            throw PayloadError("body", "could not be decoded")
        }
    }

    /// The first candidate that is a valid address, normalized. Platforms send `""` or junk for
    /// guest and POS orders; an order without a usable address is still an order, so an invalid
    /// one is dropped rather than refusing the delivery.
    static func firstValidEmail(_ candidates: String?...) -> String? {
        for case let candidate? in candidates {
            if let email = try? EmailAddress.normalize(candidate) { return email }
        }
        return nil
    }

    /// Upper-cased ISO 4217 code, or a 400 naming `field`.
    static func currencyCode(_ text: String, field: String) throws(PayloadError) -> String {
        guard let code = CurrencyCode.normalized(text) else { throw PayloadError(field, CurrencyCode.requirement) }
        return code
    }

    /// Exact minor units of a required amount, or a 400 naming `field`.
    static func minor(_ amount: DecimalText, currency: String, field: String) throws(PayloadError) -> Int64 {
        guard let minor = amount.minorUnits(currency: currency) else {
            throw PayloadError(field, "expected a non-negative decimal like \"19.99\"")
        }
        return minor
    }
}

extension KeyedDecodingContainer {
    /// A field we only read opportunistically (a meta value, a note attribute): anything of the
    /// wrong type is treated as absent, since refusing the whole delivery over it would lose the
    /// order.
    func lenientString(forKey key: Key) -> String? {
        if let text = try? decodeIfPresent(String.self, forKey: key) { return text }
        if let number = try? decodeIfPresent(Int64.self, forKey: key) { return String(number) }
        return nil
    }
}

extension Optional<String> {
    /// Nil for absent, empty or all-space text: platforms send `""` where they mean "none".
    var nonBlank: String? {
        guard let text = self, !text.trimmingSpaces.isEmpty else { return nil }
        return text
    }
}
