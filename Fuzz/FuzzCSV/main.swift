import FuzzSupport

// A closure, not the @_cdecl function itself, whose C entry point would be emitted twice.
runFuzzer { fuzzCSV($0, $1) }
