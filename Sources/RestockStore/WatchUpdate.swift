import RestockCore

/// The columns `saveWatches` writes. A wave gives the same ones to all its watches (one state,
/// one cycle, one clock reading), so both stores group a save by them and write each group as
/// one UPDATE over a list of ids instead of one UPDATE per watch.
struct WatchUpdate: Hashable {
    var state: WatchState
    var cycleID: Int64?
    var notifiedAt: Timestamp?
    var updatedAt: Timestamp
    var expiresAt: Timestamp?

    init(_ watch: Watch) {
        state = watch.state
        cycleID = watch.cycleID
        notifiedAt = watch.notifiedAt
        updatedAt = watch.updatedAt
        expiresAt = watch.expiresAt
    }

    /// The watches' ids grouped by the values to write, each id once with the values of its last
    /// copy (what a loop of single updates would leave). Groups come in the order their first
    /// member appears, so a save that moves one watch out of a live state and another in keeps
    /// the order of the caller, which the one-live-watch unique index can notice.
    static func groups(_ watches: [Watch]) -> [(update: WatchUpdate, ids: [Int64])] {
        // The engine hands ids sorted, which proves there are no repeats without hashing them.
        let distinct = zip(watches, watches.dropFirst()).allSatisfy { $0.id < $1.id }
        var last: [Int64: Int] = [:]
        if !distinct {
            last.reserveCapacity(watches.count)
            for (index, watch) in watches.enumerated() { last[watch.id] = index }
        }

        var groups: [(update: WatchUpdate, ids: [Int64])] = []
        var groupOf: [WatchUpdate: Int] = [:]
        var previous: (update: WatchUpdate, group: Int)?
        for (index, watch) in watches.enumerated() where distinct || last[watch.id] == index {
            let update = WatchUpdate(watch)
            // Neighbours share their values almost always; comparing spares a hash per watch.
            let group: Int
            if let previous, previous.update == update {
                group = previous.group
            } else if let known = groupOf[update] {
                group = known
            } else {
                group = groups.count
                groupOf[update] = group
                groups.append((update, []))
            }
            groups[group].ids.append(watch.id)
            previous = (update, group)
        }
        return groups
    }
}
