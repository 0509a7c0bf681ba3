import Foundation
import RestockFuzzTargets

#if FUZZING
    import CLibFuzzer
#endif

/// `restock-fuzz`: the fuzz targets of RestockFuzzTargets as one program.
///
/// ```
/// restock-fuzz --list                 # each target and its -max_len
/// restock-fuzz TARGET FILE|DIR …      # replays files through a target (any build)
/// RESTOCK_FUZZ_TARGET=TARGET restock-fuzz [libFuzzer options] [CORPUS …]   # -DFUZZING build
/// ```
///
/// Built with `-DFUZZING` (as `.ci/fuzz` builds it), `main` hands control to libFuzzer's driver
/// with the target named by `RESTOCK_FUZZ_TARGET`; an invariant a target finds broken aborts, so
/// libFuzzer keeps the input as a crash. Built normally, it replays files, which is how a finding
/// is reproduced with a readable backtrace.
@main
enum RestockFuzz {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count == 2, arguments[1] == "--list" {
            for target in FuzzTarget.allCases { print(target.rawValue, target.maxLength) }
            return
        }
        #if FUZZING
            fuzz()
        #else
            replay(Array(arguments.dropFirst()))
        #endif
    }

    /// Prints `message` to standard error and exits with status 2 (a usage error).
    static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("restock-fuzz: \(message)\n".utf8))
        exit(2)
    }

    static func target(named name: String?) -> FuzzTarget {
        guard let name, let target = FuzzTarget(rawValue: name) else {
            usage(
                "unknown target \(name.map { "'\($0)'" } ?? "(none)"); targets: "
                    + FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return target
    }

    /// Runs every file named, or found one level inside a directory named, through the target.
    static func replay(_ arguments: [String]) {
        guard let name = arguments.first, arguments.count >= 2 else {
            usage("usage: restock-fuzz TARGET FILE|DIR … (or --list)")
        }
        let target = target(named: name)
        var files: [String] = []
        for path in arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                usage("no such file \(path)")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.sorted().filter { !$0.hasPrefix(".") }.map { "\(path)/\($0)" }
            } else {
                files.append(path)
            }
        }
        var failures = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { usage("cannot read \(file)") }
            do {
                try target.run(FuzzInput(Array(data)))
            } catch {
                failures += 1
                print("\(file): \(error)")
            }
        }
        print("\(target.rawValue): \(files.count) inputs, \(failures) failed")
        exit(failures == 0 ? 0 : 1)
    }

    #if FUZZING
        /// The target libFuzzer's callback runs; chosen once, before the driver starts.
        nonisolated(unsafe) static var selected = FuzzTarget.standardWebhook

        static func fuzz() {
            selected = target(named: ProcessInfo.processInfo.environment["RESTOCK_FUZZ_TARGET"])
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
                let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
                do {
                    try RestockFuzz.selected.run(FuzzInput(bytes))
                } catch {
                    FileHandle.standardError.write(
                        Data("restock-fuzz: \(RestockFuzz.selected.rawValue): \(error)\n".utf8))
                    abort()
                }
                return 0
            }
            exit(status)
        }
    #endif
}
