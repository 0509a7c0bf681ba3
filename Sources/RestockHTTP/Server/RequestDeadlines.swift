/// When a request must have arrived by: the pure rules of ``RequestDeadlineHandler``.
///
/// A request's first bytes start the header clock, its complete head switches to the body clock,
/// and its end stops the clock: what the server then does with the request is not the client's
/// time. Between requests no clock runs here; the idle timeout (Hummingbird's) closes a
/// connection that sends nothing at all.
struct RequestDeadlines: Equatable {
    enum Phase: Equatable {
        case betweenRequests
        case readingHead
        case readingBody
    }

    enum Deadline: Equatable {
        case head
        case body
    }

    enum Action: Equatable {
        /// Replace any running deadline with this one, from now.
        case start(Deadline)
        case cancel
        case none
    }

    private(set) var phase = Phase.betweenRequests

    mutating func bytesArrived() -> Action {
        guard phase == .betweenRequests else { return .none }
        phase = .readingHead
        return .start(.head)
    }

    mutating func headReceived() -> Action {
        phase = .readingBody
        return .start(.body)
    }

    mutating func endReceived() -> Action {
        phase = .betweenRequests
        return .cancel
    }
}
