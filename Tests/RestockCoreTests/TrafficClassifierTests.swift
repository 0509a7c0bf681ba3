import Testing

@testable import RestockCore

/// People against machines: each rule on its own, and what is left a person.
@Suite struct TrafficClassifierTests {
    let classifier = TrafficClassifier()
    let sent = Timestamp(microseconds: 1_800_000_000_000_000)
    static let browser =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
    var later: Timestamp { sent.adding(seconds: 3_600) }

    @Test func aBrowserOpeningLaterIsAPerson() {
        #expect(classifier.classifyOpen(userAgent: Self.browser, ip: "203.0.113.9", at: later, sentAt: sent) == .human)
    }

    @Test func appleMailPrivacyProtectionByAgentOrAddressIsAMachine() {
        #expect(
            classifier.classifyOpen(userAgent: "Mozilla/5.0", ip: "198.51.100.4", at: later, sentAt: sent).reason
                == "apple-mpp")
        #expect(
            classifier.classifyOpen(userAgent: Self.browser, ip: "17.58.101.3", at: later, sentAt: sent).reason
                == "apple-mpp")
        #expect(
            classifier.classifyOpen(userAgent: Self.browser, ip: "::ffff:17.58.101.3", at: later, sentAt: sent).reason
                == "apple-mpp")
    }

    @Test func anOpenWithinTheWindowOrBeforeTheSendIsRecordedIsAMachine() {
        #expect(
            classifier.classifyOpen(userAgent: Self.browser, ip: nil, at: sent.adding(seconds: 9), sentAt: sent).reason
                == "too-soon")
        #expect(
            classifier.classifyOpen(userAgent: Self.browser, ip: nil, at: sent.adding(seconds: 11), sentAt: sent)
                == .human)
        #expect(classifier.classifyOpen(userAgent: Self.browser, ip: nil, at: later, sentAt: nil).reason == "too-soon")
    }

    @Test func gmailsImageProxyCountsAsAPersonOutsideTheWindow() {
        let gmail = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
        #expect(classifier.classifyOpen(userAgent: gmail, ip: "66.249.84.1", at: later, sentAt: sent) == .human)
    }

    @Test func namedProxiesScannersLibrariesAndNoAgentAreMachines() {
        for agent in [
            "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html", "curl/8.5.0",
            "python-requests/2.32", "Slackbot-LinkExpanding 1.0", "Barracuda Sentinel (EE)", "",
        ] {
            #expect(classifier.classifyOpen(userAgent: agent, ip: nil, at: later, sentAt: sent).machine, "\(agent)")
            let (verdict, _) = classifier.classifyClick(
                method: "GET", userAgent: agent, linkID: 1, at: later, sentAt: sent, prior: [])
            #expect(verdict.machine, "\(agent)")
        }
    }

    @Test func clicksByHeadSoonAfterDeliveryOrInABurstAreScanners() {
        func click(_ method: String = "GET", at: Timestamp, link: Int64 = 1, prior: [TrafficClassifier.PriorClick] = [])
            -> (TrafficVerdict, [Int64])
        {
            let (verdict, burst) = classifier.classifyClick(
                method: method, userAgent: Self.browser, linkID: link, at: at, sentAt: sent, prior: prior)
            return (verdict, burst)
        }
        #expect(click(at: later).0 == .human)
        #expect(click("HEAD", at: later).0.reason == "head-request")
        #expect(click(at: sent.adding(seconds: 4)).0.reason == "too-soon")

        let first = TrafficClassifier.PriorClick(eventID: 7, linkID: 2, at: later, machine: false)
        let burst = click(at: later.adding(seconds: 0.4), prior: [first])
        #expect(burst.0.reason == "link-burst")
        #expect(burst.1 == [7], "the earlier click of the burst is a scanner's too")
        // The same link again, or another link a while later, is not a burst.
        #expect(click(at: later.adding(seconds: 0.4), link: 2, prior: [first]).0 == .human)
        #expect(click(at: later.adding(seconds: 30), prior: [first]).0 == .human)
    }

    @Test func addressBlocksParseAndMatchByPrefix() throws {
        let v4 = try #require(IPRange("17.0.0.0/8"))
        #expect(v4.contains("17.255.1.2") && !v4.contains("18.0.0.1") && !v4.contains("not an address"))
        let v6 = try #require(IPRange("2620:149:a00::/40"))
        #expect(v6.contains("2620:149:a12::1") && !v6.contains("2620:149:b00::1"))
        #expect(IPRange("10.1.2.3")?.contains("10.1.2.3") == true)
        #expect(IPRange("17.0.0.0/33") == nil && IPRange("300.1.1.1/8") == nil && IPRange("17.0.0.0/x") == nil)
        #expect(IPRange("17.1.2.3/8")?.description == "17.0.0.0/8")
    }
}
