/// The requests of `tracking-clicks`: GETs of one tracked link from ever new clients, as a
/// reverse proxy on loopback forwards them (the client's address in `X-Forwarded-For`).
///
/// Client n sends its click 1 + n % 4 times in a row (a double click, a reload, a retry), and
/// every fifth client has a scanner's agent. A batch ends after exactly the clicks asked for,
/// cutting short its last client's repeats, so the clients of a batch are its unique events.
struct ClickLoad {
    let path: String
    /// Clients that have clicked so far, numbered from 1.
    private(set) var clients = 0
    /// Of them, those with a scanner's agent.
    private(set) var scannerClients = 0

    init(path: String) { self.path = path }

    mutating func next(_ count: Int) -> [[UInt8]] {
        var requests: [[UInt8]] = []
        requests.reserveCapacity(count)
        while requests.count < count {
            clients += 1
            let scanner = clients % 5 == 0
            if scanner { scannerClients += 1 }
            let request = Self.click(path, client: clients, scanner: scanner)
            for _ in 0..<min(1 + clients % 4, count - requests.count) { requests.append(request) }
        }
        return requests
    }

    /// Client n's click from 10.x.y.z, n in its low 24 bits.
    static func click(_ path: String, client: Int, scanner: Bool) -> [UInt8] {
        let address = "10.\(client >> 16 & 255).\(client >> 8 & 255).\(client & 255)"
        let agent = scanner ? TrackingClicksBenchmark.scannerAgent : TrackingClicksBenchmark.browserAgent
        return Array(
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: \(agent)\r\nX-Forwarded-For: \(address)\r\n\r\n"
                .utf8)
    }
}
