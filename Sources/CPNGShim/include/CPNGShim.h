// CPNGShim: a thin C layer over libpng 1.6. Every libpng call runs under the shim's own setjmp, so a libpng
// error becomes a status code and a message here; nothing aborts, nothing prints. Input and output are memory
// buffers. This header exposes plain C types only: Swift never sees png.h.
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H

#include <stddef.h>
#include <stdint.h>

// Status codes (same numbering as CJPEGShim).
#define CPNG_OK 0
#define CPNG_TRUNCATED 1
#define CPNG_CORRUPT 2
#define CPNG_TOO_LARGE 3
#define CPNG_UNSUPPORTED 4
#define CPNG_INVALID_ARGUMENT 5
#define CPNG_ENCODE_FAILED 6

// PNG colour types, with the numbers the PNG specification gives them.
#define CPNG_COLOR_GRAY 0
#define CPNG_COLOR_RGB 2
#define CPNG_COLOR_PALETTE 3
#define CPNG_COLOR_GRAY_ALPHA 4
#define CPNG_COLOR_RGBA 6

#define CPNG_MESSAGE_CAPACITY 200

/// Checked after IHDR is parsed and before any pixel buffer is sized.
typedef struct {
    uint32_t max_width;
    uint32_t max_height;
    uint64_t max_pixels;
} cpng_limits;

/// What went wrong. Zero-initialise before a call.
typedef struct {
    int warning_count;
    uint32_t width;   // image dimensions, when IHDR was read
    uint32_t height;
    char message[CPNG_MESSAGE_CAPACITY];
} cpng_report;

typedef struct {
    uint32_t width;
    uint32_t height;
    int bit_depth;
    int color_type;       // CPNG_COLOR_*
    int is_interlaced;
    int output_channels;  // what cpng_decode produces: 1 (grey, grey+alpha) or 3 (RGB, RGBA, palette)
} cpng_header;

int cpng_read_header(const uint8_t *data, size_t size, const cpng_limits *limits, cpng_header *header,
                     cpng_report *report);

/// Decodes any PNG to interleaved 8-bit grey or RGB: 16-bit samples are scaled to 8, alpha is dropped,
/// palettes and low bit depths are expanded. No gamma correction is applied.
int cpng_decode(const uint8_t *data, size_t size, const cpng_limits *limits, uint8_t *pixels, size_t pixels_size,
                int channels, cpng_report *report);

/// Encodes raw samples (16-bit samples big-endian, as PNG stores them). `palette` holds `palette_entries` RGB
/// triples and is used only for CPNG_COLOR_PALETTE. On success `*out` is a malloc'd buffer the caller
/// releases with cpng_free.
int cpng_encode(const uint8_t *samples, uint32_t width, uint32_t height, int color_type, int bit_depth,
                const uint8_t *palette, int palette_entries, int interlaced, uint8_t **out, size_t *out_size,
                cpng_report *report);

void cpng_free(void *buffer);

#endif
