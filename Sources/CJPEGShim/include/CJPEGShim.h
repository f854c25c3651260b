// CJPEGShim: a thin C layer over libjpeg-turbo's classic API. Every fallible libjpeg call runs under the shim's
// own setjmp, so a libjpeg error becomes a status code and a message here; nothing exits, nothing prints.
// This header exposes plain C types only: Swift never sees jpeglib.h.
#ifndef CJPEG_SHIM_H
#define CJPEG_SHIM_H

#include <stddef.h>
#include <stdint.h>

// Status codes returned by every function (shared numbering with CPNGShim).
#define CJPEG_OK 0
#define CJPEG_TRUNCATED 1         // the data ends before the image does
#define CJPEG_CORRUPT 2           // the data is damaged or not a JPEG libjpeg can parse
#define CJPEG_TOO_LARGE 3         // dimensions exceed the caller's limits (report.width/height say which)
#define CJPEG_UNSUPPORTED 4       // a valid JPEG variant this shim does not decode
#define CJPEG_INVALID_ARGUMENT 5  // the caller passed an impossible value or a too-small buffer
#define CJPEG_ENCODE_FAILED 6     // libjpeg failed while encoding
#define CJPEG_LIMIT_EXCEEDED 7    // a limit other than the dimensions (the number of scans) was exceeded

// Source colour spaces.
#define CJPEG_CS_UNKNOWN 0
#define CJPEG_CS_GRAY 1
#define CJPEG_CS_RGB 2
#define CJPEG_CS_YCBCR 3
#define CJPEG_CS_CMYK 4
#define CJPEG_CS_YCCK 5

#define CJPEG_MESSAGE_CAPACITY 200

/// Checked after the header is parsed and before any pixel or coefficient buffer is sized.
typedef struct {
    uint32_t max_width;
    uint32_t max_height;
    uint64_t max_pixels;
    uint32_t max_scans;  // 0: no limit
} cjpeg_limits;

/// What went wrong, or the first warning of a repaired decode. Zero-initialise before a call.
typedef struct {
    int warning_count;                       // recoverable-damage warnings libjpeg raised
    uint32_t width;                          // image dimensions, when the header got that far
    uint32_t height;
    char message[CJPEG_MESSAGE_CAPACITY];    // NUL-terminated library message
} cjpeg_report;

/// Geometry of one component, in 8x8 blocks.
typedef struct {
    int width_in_blocks;
    int height_in_blocks;
    int h_samp_factor;
    int v_samp_factor;
} cjpeg_component;

typedef struct {
    uint32_t width;
    uint32_t height;
    int components;       // components in the file
    int color_space;      // CJPEG_CS_*
    int is_progressive;
    int output_channels;  // what cjpeg_decode produces: 1 (grey) or 3 (RGB); 0 when it cannot decode
} cjpeg_header;

/// Parses the header only. Fills `components[0 ..< min(header.components, capacity)]` when non-NULL.
int cjpeg_read_header(const uint8_t *data, size_t size, const cjpeg_limits *limits, cjpeg_header *header,
                      cjpeg_component *components, int capacity, cjpeg_report *report);

/// Decodes to interleaved 8-bit samples (`channels` from the header) into a buffer of `width*height*channels`.
/// CMYK and YCCK are converted to RGB (Adobe-inverted when an Adobe marker is present). With
/// `fail_on_warning`, any data damage libjpeg would repair fails the call instead.
int cjpeg_decode(const uint8_t *data, size_t size, const cjpeg_limits *limits, int fail_on_warning,
                 uint8_t *pixels, size_t pixels_size, int channels, cjpeg_report *report);

/// Reads quantised DCT coefficients. `expected` is the component geometry from cjpeg_read_header; `quant`
/// receives 64 natural-order values per component; `coefficients` receives, component after component, each
/// component's blocks in row-major order, 64 natural-order values per block.
int cjpeg_read_coefficients(const uint8_t *data, size_t size, const cjpeg_limits *limits, int fail_on_warning,
                            const cjpeg_component *expected, int component_count, uint16_t *quant,
                            int16_t *coefficients, size_t coefficient_count, cjpeg_report *report);

/// Encodes interleaved 8-bit grey (1), RGB (3) or CMYK (4) samples with the standard IJG tables scaled to
/// `quality`. On success `*out` is a malloc'd buffer the caller releases with cjpeg_free.
int cjpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int components, int quality,
                 int progressive, int full_chroma, uint8_t **out, size_t *out_size, cjpeg_report *report);

void cjpeg_free(void *buffer);

#endif
