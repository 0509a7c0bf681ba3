import ArgumentParser

/// How big each benchmark is. The defaults are the sizes issue 2 sets targets for; smaller ones
/// make a quick check or a profile (`perf record`, callgrind) affordable.
struct BenchSizes: ParsableArguments {
    @Option(help: "daemon-start: live watches.")
    var startWatches = 1_000_000

    @Option(help: "daemon-start: variants they are spread over.")
    var startVariants = 100_000

    @Option(help: "restock-100k: watchers of the restocked variant.")
    var restockWatchers = 100_000

    @Option(help: "http-deltas: requests counted per run.")
    var httpRequests = 20_000

    @Option(help: "http-deltas: requests sent before counting.")
    var httpWarmUp = 1_000

    @Option(help: "http-deltas: concurrent keep-alive connections.")
    var httpConnections = 16

    @Option(help: "http-deltas: distinct variants the deltas go to.")
    var httpVariants = 1_000

    @Option(help: "http-deltas: seconds after which a run stops sending.")
    var httpTimeLimit: Int64 = 120

    @Option(help: "rejected-request: refusals timed per shape and run.")
    var rejectedRequests = 200

    @Option(help: "event-scaling: total watches of the small store.")
    var scalingSmall = 10_000

    @Option(help: "event-scaling: total watches of the large store.")
    var scalingLarge = 1_000_000

    @Option(help: "event-scaling: variants the timed events touch.")
    var scalingVariants = 50

    @Option(help: "event-scaling: watchers of each touched variant.")
    var scalingWatchers = 100

    @Option(help: "event-scaling: back-in-stock/sold-out pairs per run.")
    var scalingPairs = 200

    @Option(help: "mail-throughput, mail-dkim: messages per run.")
    var mailMessages = 20_000

    @Option(help: "mail-throughput, mail-dkim: SMTP connections (and smtp-source sessions).")
    var mailConnections = 4

    @Option(help: "restock-latency: restocks timed per run.")
    var latencyRestocks = 200

    @Option(help: "stats-90d: events in the database, spread over 90 days.")
    var statsEvents = 5_000_000

    @Option(help: "stats-90d: variants the emails are about.")
    var statsVariants = 1_000

    @Option(help: "feed-100k: items in the generated feed.")
    var feedItems = 100_000

    @Option(help: "feed-100k: of them, variants someone watches (one watcher each).")
    var feedWatched = 2_000

    @Option(help: "tracking-clicks: clicks on the one link per run.")
    var trackingClicks = 10_000

    @Option(help: "tracking-clicks: clicks per timed chunk; the last chunk's time is compared with the first's.")
    var trackingChunk = 1_000

    @Option(help: "tracking-clicks: clicks sent before counting.")
    var trackingWarmUp = 500

    @Option(help: "tracking-clicks: concurrent keep-alive connections.")
    var trackingConnections = 16

    func validate() throws {
        guard startWatches > 0, startVariants > 0, restockWatchers > 0, httpRequests > 0, httpWarmUp >= 0,
            httpConnections > 0, httpVariants > 0, httpTimeLimit > 0, scalingVariants > 0, scalingWatchers > 0,
            scalingPairs > 0, mailMessages > 0, mailConnections > 0, latencyRestocks > 0, statsEvents >= 5,
            statsVariants > 0, feedItems > 0, feedWatched >= 0, feedWatched <= feedItems, trackingConnections > 0,
            trackingWarmUp >= 0, trackingChunk > 0, rejectedRequests > 0
        else { throw ValidationError("sizes must be positive") }
        guard trackingClicks >= 2 * trackingChunk, trackingClicks % trackingChunk == 0 else {
            throw ValidationError(
                "tracking-clicks needs --tracking-clicks a multiple of --tracking-chunk, at least two chunks")
        }
        let hot = (scalingVariants + 1) * scalingWatchers
        guard scalingSmall >= hot, scalingLarge >= scalingSmall else {
            throw ValidationError(
                "event-scaling needs --scaling-small ≥ (variants + 1) × watchers = \(hot) and --scaling-large ≥ --scaling-small"
            )
        }
    }
}
