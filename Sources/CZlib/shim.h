#pragma once
#include <zlib.h>

/* inflateInit2 is a macro, which Swift cannot call. */
static inline int czlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);  /* 15-bit window; +32: detect gzip or zlib headers */
}
