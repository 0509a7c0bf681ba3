import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The process's resident memory, as the kernel counts it.
enum ProcessMemory {
    /// CPU seconds this process has used, user and system, all threads.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Resident set size in bytes of this process or of `process` (a child's pid): the second
    /// field of `/proc/PID/statm`, in pages.
    static func residentBytes(process: Int32? = nil) -> Int {
        let path = "/proc/\(process.map(String.init) ?? "self")/statm"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Resets the kernel's peak resident size (`VmHWM`) to the current one: writing 5 to
    /// `/proc/self/clear_refs` does that (proc(5)).
    static func resetPeakResident() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Peak resident size in bytes since start or the last ``resetPeakResident()``: `VmHWM` in
    /// `/proc/self/status`.
    static func peakResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }

    /// Hands freed heap memory back to the kernel, so the next ``residentBytes()`` counts what is
    /// live rather than what glibc's allocator keeps cached. `malloc_trim(3)`: "attempts to
    /// release free memory from the heap … from all arenas", by `madvise(MADV_DONTNEED)` where
    /// the free memory is not at the top.
    ///
    /// Looked up at run time: `<malloc.h>` is not part of Swift's Glibc module.
    static func releaseFreedMemory() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }
}
