extension PostgresStore {
    /// `connectionString` with the password hidden, in either form libpq accepts:
    /// `postgresql://user:secret@host/db?password=secret` and `host=… password='secret'`.
    ///
    /// Everything else stays as written, so an operator can still see which server and database
    /// the daemon uses.
    static func redactingPassword(in connectionString: String) -> String {
        let trimmed = connectionString.drop { $0 == " " }
        if trimmed.hasPrefix("postgresql://") || trimmed.hasPrefix("postgres://") {
            return redactingURI(connectionString)
        }
        return redactingKeywords(connectionString)
    }

    private static let mask = "***"

    /// `scheme://[user[:password]@]hosts[/db][?key=value&…]`: the password of the user info and a
    /// `password` query parameter.
    private static func redactingURI(_ uri: String) -> String {
        guard let schemeEnd = uri.firstRange(of: "://") else { return uri }
        let rest = uri[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var result = String(uri[..<schemeEnd.upperBound])
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                result += userInfo[..<colon] + ":" + mask
            } else {
                result += userInfo
            }
            result += authority[at...]
        } else {
            result += authority
        }
        let afterAuthority = rest[authorityEnd...]
        guard let queryStart = afterAuthority.firstIndex(of: "?") else { return result + afterAuthority }
        result += afterAuthority[...queryStart]
        let parameters = afterAuthority[afterAuthority.index(after: queryStart)...]
            .split(separator: "&", omittingEmptySubsequences: false)
            .map { parameter in
                parameter.split(separator: "=", maxSplits: 1).first == "password"
                    ? "password=" + mask : String(parameter)
            }
        return result + parameters.joined(separator: "&")
    }

    /// `key = value` pairs separated by white space, where a value may be single-quoted with
    /// `\'` and `\\` escapes (libpq's conninfo syntax). Copies everything but the value of
    /// `password`.
    private static func redactingKeywords(_ conninfo: String) -> String {
        var result = ""
        var characters = conninfo[...]
        while !characters.isEmpty {
            let spaces = characters.prefix { $0.isWhitespace }
            result += spaces
            characters = characters.dropFirst(spaces.count)
            let key = characters.prefix { !$0.isWhitespace && $0 != "=" }
            result += key
            characters = characters.dropFirst(key.count)
            let equals = characters.prefix { $0.isWhitespace || $0 == "=" }
            result += equals
            characters = characters.dropFirst(equals.count)
            let value = valuePrefix(characters)
            result += key == "password" ? Substring(mask) : value
            characters = characters.dropFirst(value.count)
        }
        return result
    }

    /// The value at the start of `text`: a quoted string with its quotes, or up to white space.
    private static func valuePrefix(_ text: Substring) -> Substring {
        guard text.first == "'" else { return text.prefix { !$0.isWhitespace } }
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            switch text[index] {
            case "\\":
                index = text.index(after: index)
                if index < text.endIndex { index = text.index(after: index) }
            case "'":
                return text[...index]
            default:
                index = text.index(after: index)
            }
        }
        return text
    }
}
