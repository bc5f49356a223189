import FuzzSupport

// A closure, not the @_cdecl function itself, whose C entry point would be emitted twice.
runFuzzer { fuzzRetryAfter($0, $1) }
