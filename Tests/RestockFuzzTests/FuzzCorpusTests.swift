import Foundation
import RestockFuzzTargets
import Testing

/// Every seed and every past finding, run through its fuzz target in an ordinary build: a finding
/// that comes back fails here, with the file named, before anyone fuzzes again.
@Suite struct FuzzCorpusTests {
    /// `Tests/Fuzz` of this checkout.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func files(_ kind: String, _ target: FuzzTarget) -> [URL] {
        let folder = root.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { folder.appendingPathComponent($0) }
    }

    static func replay(_ files: [URL], through target: FuzzTarget) throws {
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            #expect(bytes.count <= target.maxLength, "\(file.lastPathComponent) is longer than -max_len")
            #expect(throws: Never.self, "\(file.path)") { try target.run(FuzzInput(bytes)) }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsPass(_ target: FuzzTarget) throws {
        let seeds = Self.files("corpus", target)
        #expect(!seeds.isEmpty, "Tests/Fuzz/corpus/\(target.rawValue) has no seeds")
        try Self.replay(seeds, through: target)
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionsStayFixed(_ target: FuzzTarget) throws {
        try Self.replay(Self.files("regressions", target), through: target)
    }

    /// A folder named after no target would be skipped by `.ci/fuzz` and by the tests above.
    @Test func everyFolderNamesATarget() throws {
        for kind in ["corpus", "regressions"] {
            let folder = Self.root.appendingPathComponent(kind)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where !name.hasPrefix(".") {
                #expect(FuzzTarget(rawValue: name) != nil, "Tests/Fuzz/\(kind)/\(name) names no fuzz target")
            }
        }
    }
}
