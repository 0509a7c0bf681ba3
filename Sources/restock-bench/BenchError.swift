/// A benchmark whose setup or result is not what it must be: the figure would be meaningless.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
