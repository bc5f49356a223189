#ifndef NAKER_CZLIB_SHIM_H
#define NAKER_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2 is a macro Swift cannot call. windowBits -15: a raw deflate stream, which the
// caller wraps in its own gzip header and trailer.
static inline int naker_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

#endif
