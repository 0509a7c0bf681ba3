/// Reads a feed `price` such as `15.00 USD`, `USD 15.00`, `15 USD` or `15.00USD` into exact minor
/// units through ``Money/minorUnits(_:currency:)``, never `Double`.
enum FeedPrice {
    /// Nil when there is no three-letter currency or the amount does not fit the currency's minor
    /// digits (`15.001 USD`, `1500.5 JPY`); a bad price is dropped, it never fails the feed.
    static func parse(_ text: String) -> (minor: Int64, currency: String)? {
        // Split on ASCII bytes: this runs for every item, and Character properties are slow.
        let words = text.utf8.split(whereSeparator: FeedItemBuilder.isSpace)
        let amount: Substring.UTF8View.SubSequence
        let currency: Substring.UTF8View.SubSequence
        switch words.count {
        case 2 where isCurrency(words[1]): (amount, currency) = (words[0], words[1])
        case 2 where isCurrency(words[0]): (amount, currency) = (words[1], words[0])
        case 1:
            // Some generators drop the space: split where letters meet the number.
            let word = words[0]
            guard
                let split = word.firstIndex(where: isLetter) == word.startIndex
                    ? word.firstIndex(where: { !isLetter($0) }) : word.firstIndex(where: isLetter)
            else { return nil }
            let (head, tail) = (word[..<split], word[split...])
            if isCurrency(tail) {
                (amount, currency) = (head, tail)
            } else if isCurrency(head) {
                (amount, currency) = (tail, head)
            } else {
                return nil
            }
        default: return nil
        }
        let code = String(decoding: currency.map { $0 & ~0x20 }, as: UTF8.self)
        guard let minor = Money.minorUnits(String(decoding: amount, as: UTF8.self), currency: code) else { return nil }
        return (minor, code)
    }

    private static func isCurrency(_ word: some Collection<UInt8>) -> Bool {
        word.count == 3 && word.allSatisfy(isLetter)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte & ~0x20)
    }
}
