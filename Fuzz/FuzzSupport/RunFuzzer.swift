import CLibFuzzer

#if canImport(Glibc)
    import Glibc
#endif

/// What libFuzzer calls once per input: the bytes, their count, and 0 (any other value is reserved).
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer with the command line's options on `test`; each target's main.swift calls this.
///
/// SwiftPM links an executable's `main` to its main.swift, while `-sanitize=fuzzer` links libFuzzer's
/// own `main` too, which calls `LLVMFuzzerTestOneInput`: each target defines that as well (with
/// `@_cdecl`), as the same function, so whichever `main` runs tests the same thing.
public func runFuzzer(_ test: FuzzTest) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}
