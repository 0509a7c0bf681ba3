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

    /// Resident set size in bytes: the second field of `/proc/self/statm`, in pages.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
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
