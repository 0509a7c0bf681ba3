/// What judging one click needs to know of the email's earlier clicks
/// (``StoreTransaction/clickHistory(linkID:outboxID:visitor:repeatSince:near:)``). Each part is
/// read through an index or a count the store keeps, and is bounded by the rule that needs it,
/// not by how many clicks the email has had, so a click costs the same whatever came before.
public struct ClickHistory: Hashable, Sendable {
    /// The same visitor followed the same link since `repeatSince`: this click is a repeat,
    /// counted once already.
    public var repeated: Bool
    /// Clicks on the email's other links within the burst window: every person's (a burst makes
    /// them a scanner's) and at most one machine's, which is all the burst rule needs to know of
    /// machines.
    public var nearby: [TrafficClassifier.PriorClick]
    /// Whether a person's click on the email is stored: people's clicks count once per email.
    public var peopleClicked: Bool

    public init(repeated: Bool, nearby: [TrafficClassifier.PriorClick], peopleClicked: Bool) {
        self.repeated = repeated
        self.nearby = nearby
        self.peopleClicked = peopleClicked
    }
}
