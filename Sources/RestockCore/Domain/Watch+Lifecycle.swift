extension Watch {
    /// Runs `event` through ``WatchLifecycle`` and records it on the watch: the new state, the
    /// update time, and the notification time when a wave picked it. Throws, leaving the watch
    /// unchanged, when the event is not allowed.
    ///
    /// The queue position is never touched, which is what lets a re-subscribe after "sold out
    /// again" keep the customer's original place. The cycle is the caller's to set: it knows
    /// which cycle the wave belongs to.
    @discardableResult
    public mutating func apply(_ event: WatchLifecycle.Event, at time: Timestamp)
        throws(WatchLifecycleError) -> [WatchLifecycle.Action]
    {
        var lifecycle = WatchLifecycle(state: state)
        let actions = try lifecycle.handle(event)
        state = lifecycle.state
        updatedAt = time
        if event == .selectedInWave { notifiedAt = time }
        return actions
    }
}
