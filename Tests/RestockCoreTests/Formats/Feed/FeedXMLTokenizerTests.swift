import Testing

@testable import RestockCore

@Suite struct FeedXMLTokenizerTests {
    /// The document's tokens as `start:name[/]`, `end:name`, `text:…` (decoded), `cdata:…`, fed in
    /// chunks of `chunkSize`; whitespace-only text is left out.
    static func tokens(_ document: String, chunkSize: Int = .max) throws(FeedError) -> [String] {
        var tokenizer = FeedXMLTokenizer()
        var out: [String] = []
        let bytes = Array(document.utf8)
        var offset = 0
        repeat {
            let end = min(bytes.count, offset &+ chunkSize)
            bytes[offset..<end].withUnsafeBufferPointer { tokenizer.append($0) }
            offset = end
            while let token = try tokenizer.next(atEnd: offset == bytes.count) {
                out.append(describe(token, in: tokenizer))
            }
        } while offset < bytes.count
        return out.filter { $0 != "text:" }
    }

    static func describe(_ token: FeedXMLToken, in tokenizer: FeedXMLTokenizer) -> String {
        func string(_ range: Range<Int>) -> String { String(decoding: tokenizer.buffer[range], as: UTF8.self) }
        switch token {
        case .startTag(let name, let attributes, let selfClosing):
            let values = (tokenizer.attributes(in: attributes) ?? []).map {
                var decoded: [UInt8] = []
                tokenizer.appendDecoded($0.value, to: &decoded)
                return " \(string($0.name))=\(String(decoding: decoded, as: UTF8.self))"
            }
            return "start:\(string(name))\(values.joined())\(selfClosing ? "/" : "")"
        case .endTag(let name): return "end:\(string(name))"
        case .text(let range):
            var decoded: [UInt8] = []
            tokenizer.appendDecoded(range, to: &decoded)
            return "text:" + (FeedItemBuilder.trimmedString(decoded) ?? "")
        case .cdata(let range): return "cdata:\(string(range))"
        }
    }

    @Test func declarationCommentsAndProcessingInstructionsAreSkipped() throws {
        let document = "<?xml version='1.0'?><!-- a > b -- c --><a><?php echo 1 ?>x<!---->y</a>"
        #expect(try Self.tokens(document) == ["start:a", "text:x", "text:y", "end:a"])
    }

    @Test func doctypeWithInternalSubsetIsSkippedAndItsEntitiesNeverExpand() throws {
        let document = """
            <!DOCTYPE rss [ <!ENTITY lol "lol"> <!ENTITY big "&lol;&lol;> ]"> ]>
            <rss>&lol;&big;</rss>
            """
        #expect(try Self.tokens(document) == ["start:rss", "text:&lol;&big;", "end:rss"])
    }

    @Test func entitiesAndCharacterReferencesDecode() throws {
        let document = "<t>&amp;&lt;&gt;&quot;&apos; &#65;&#x42;&#X43;&#x1F600; &#0; &nbsp; AT&T & co &#xZZ;</t>"
        #expect(try Self.tokens(document)[1] == "text:&<>\"' AB&#X43;😀 \u{FFFD} &nbsp; AT&T & co &#xZZ;")
    }

    @Test func cdataIsLiteral() throws {
        let document = "<t><![CDATA[a &amp; <b> ]] ]]></t>"
        #expect(try Self.tokens(document) == ["start:t", "cdata:a &amp; <b> ]] ", "end:t"])
    }

    @Test func attributesTakeEitherQuoteAndMayHoldAngleBrackets() throws {
        let document = "<link rel='alt\"ernate' href = \"https://s.example/?a=1&amp;b=>2\" /><x a=\"'\"></x>"
        #expect(
            try Self.tokens(document) == [
                "start:link rel=alt\"ernate href=https://s.example/?a=1&b=>2/", "start:x a='", "end:x",
            ])
    }

    @Test(arguments: [1, 2, 3, 5, 7])
    func chunkBoundariesAnywhereGiveTheSameTokens(chunkSize: Int) throws {
        let document =
            "<?xml version=\"1.0\"?><!DOCTYPE rss><rss a='1'><!-- c --><g:title>Żółta &amp; kurtka</g:title>"
            + "<![CDATA[x]]y]]><e/></rss>"
        #expect(try Self.tokens(document, chunkSize: chunkSize) == Self.tokens(document))
        #expect(try Self.tokens(document).contains("text:Żółta & kurtka"))
    }

    @Test func unescapedLessThanInTextIsAnError() {
        #expect(throws: FeedError("line 2: a '<' that starts no tag (write it as &lt;)")) {
            try Self.tokens("<t>\nprice < 5</t>")
        }
    }

    @Test func malformedAttributesAreAnError() {
        #expect(throws: FeedError("line 1: malformed attributes in <a>")) {
            try FeedFixtures.parse("<rss><a b=c></a></rss>")
        }
    }

    @Test func tokenBeyondOneMebibyteIsRefused() {
        var tokenizer = FeedXMLTokenizer()
        let chunk = [UInt8]("<rss a=\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        let more = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        #expect(throws: FeedError("line 1: a tag is longer than 1 MiB")) {
            chunk.withUnsafeBufferPointer { tokenizer.append($0) }
            while try tokenizer.next(atEnd: false) == nil {
                more.withUnsafeBufferPointer { tokenizer.append($0) }
            }
        }
        #expect(tokenizer.buffer.count <= FeedXMLTokenizer.maxTokenLength + 2 * more.count)
    }

    /// The buffer holds one chunk plus an unfinished token, however many items have gone by.
    @Test func bufferStaysBoundedOverALongFeed() throws {
        let item = "<item><g:id>12345</g:id><g:title>Żółta kurtka &amp; czapka</g:title></item>\n"
        let document = Array(("<rss><channel>" + String(repeating: item, count: 5_000) + "</channel></rss>").utf8)
        var tokenizer = FeedXMLTokenizer()
        var largest = 0
        var ends = 0
        for start in stride(from: 0, to: document.count, by: 4096) {
            document[start..<min(start + 4096, document.count)].withUnsafeBufferPointer { tokenizer.append($0) }
            largest = max(largest, tokenizer.buffer.count)
            while let token = try tokenizer.next(atEnd: false) {
                if case .endTag = token { ends += 1 }
            }
        }
        #expect(ends == 5_000 * 3 + 2)
        #expect(largest < 4096 + item.utf8.count)
    }

    @Test func linesAreCountedAcrossDroppedChunks() throws {
        var tokenizer = FeedXMLTokenizer()
        for chunk in ["<a>\n\n", "<b>\n", "x"] {
            Array(chunk.utf8).withUnsafeBufferPointer { tokenizer.append($0) }
            while try tokenizer.next(atEnd: false) != nil {}
        }
        // Reading has stopped at the unfinished text "\nx", which starts on line 3.
        #expect(tokenizer.line == 3)
    }
}
