import FuzzSupport
import NakerCore

/// `/metrics` content negotiation. Input: one flag byte (bit 0: no `Accept`, bit 1: no
/// `Accept-Encoding`; `0` in a seed file sends both), then the `Accept` value, a line feed, and the
/// `Accept-Encoding` value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNegotiation(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let flags = input.byte()
    let rest = Array(input.rest())
    let newline = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
    let acceptBytes = rest[..<newline]
    let encodingBytes = rest[min(newline + 1, rest.endIndex)...]
    let accept = flags & 1 == 0 ? String(decoding: acceptBytes, as: UTF8.self) : nil
    let encoding = flags & 2 == 0 ? String(decoding: encodingBytes, as: UTF8.self) : nil

    let format = ScrapeNegotiation.format(accept: accept)
    // Only a range naming OpenMetrics can get OpenMetrics; anything else is the text format.
    if !mentions("openmetrics", acceptBytes) || accept == nil {
        fuzzCheck(format == .text, "\(String(describing: accept).debugDescription) gave \(format)")
    }
    let gzip = ScrapeNegotiation.acceptsGzip(encoding)
    if !mentions("gzip", encodingBytes) && !encodingBytes.contains(UInt8(ascii: "*")) || encoding == nil {
        fuzzCheck(!gzip, "\(String(describing: encoding).debugDescription) accepted gzip")
    }
    return 0
}

/// Whether `bytes` holds `word` (lowercase ASCII) in any letter case.
private func mentions(_ word: String, _ bytes: ArraySlice<UInt8>) -> Bool {
    let word = Array(word.utf8)
    let folded = bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    guard folded.count >= word.count else { return false }
    return (0...(folded.count - word.count)).contains { folded[$0..<($0 + word.count)].elementsEqual(word) }
}
