/// A `RESTOCK_*` variable, `--set` key or credential that names no setting: most likely a typo
/// (`RESTOCK_MAIL_FORM`), which would otherwise leave the default in force without a word.
/// `check-config` lists each and `serve` logs each as a warning, with the nearest real name
/// when one is close; a value is never shown, since it may be a secret.
struct UnknownSetting: Equatable, CustomStringConvertible {
    let name: String
    /// `setting`, or `credential` for a file in the credentials directory.
    var kind = "setting"
    /// Where it was found: `the environment`, `the env file /etc/restockd/restockd.env`, …
    let places: [String]
    let suggestion: String?

    var description: String {
        "\(name) (in \(places.joined(separator: " and "))) is not a \(kind) restockd reads and is ignored"
            + (suggestion.map { "; did you mean \($0)?" } ?? "")
    }

    /// A suggestion is made within this many edits (a transposition counts two): enough for
    /// `RESTOCK_MAIL_FORM` → `RESTOCK_MAIL_FROM`, not so many that it guesses at random.
    static let closeEnough = 3

    /// The real name closest to `name`, ignoring case, when it is close enough.
    static func nearest(_ name: String, among names: some Sequence<String>) -> String? {
        let target = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in names {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance <= closeEnough, distance < best?.distance ?? .max { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance: insertions, deletions and substitutions of one character.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension ConfigSources {
    /// Every name given that no key reads, sorted: `RESTOCK_*` variables of the environment and
    /// the env file, `--set` keys, and files in the credentials directory.
    var unknownSettings: [UnknownSetting] {
        let known = Set(SettingKey.allCases.map(\.environmentName)).union(SettingKey.environmentOnlyNames)
        let variables = Set(environment.keys).union(envFile.keys).filter {
            $0.hasPrefix("RESTOCK_") && !known.contains($0)
        }
        var unknown = variables.sorted().map { name in
            UnknownSetting(
                name: name,
                places: (environment[name] == nil ? [] : ["the environment"])
                    + (envFile[name] == nil ? [] : ["the env file \(envFilePath)"]),
                suggestion: UnknownSetting.nearest(name, among: SettingKey.allCases.map(\.environmentName)))
        }
        let keys = Set(SettingKey.allCases.map(\.rawValue))
        unknown += commandLine.keys.filter { !keys.contains($0) }.sorted().map { key in
            UnknownSetting(
                name: key, places: ["--set"], suggestion: UnknownSetting.nearest(key, among: keys.sorted()))
        }
        if let credentialsDirectory {
            let credentialKeys = SettingKey.credentials.map(\.rawValue)
            unknown += credentialNames.filter { !credentialKeys.contains($0) }.map { name in
                UnknownSetting(
                    name: name, kind: "credential", places: ["the credentials directory \(credentialsDirectory)"],
                    suggestion: UnknownSetting.nearest(name, among: credentialKeys))
            }
        }
        return unknown
    }
}
