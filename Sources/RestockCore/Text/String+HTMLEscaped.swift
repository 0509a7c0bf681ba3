extension String {
    /// The text safe inside HTML, in elements and quoted attributes alike: the five characters
    /// Mustache escapes (`< > & " '`), the same way, so text filled in after rendering reads as
    /// if the template had rendered it.
    public var htmlEscaped: String {
        guard contains(where: { "<>&\"'".contains($0) }) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 16)
        for character in self {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
