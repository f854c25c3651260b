#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "png_internal.h"

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
} png_sink;

static void write_fn(png_structp png, png_bytep bytes, size_t length) {
    png_sink *sink = (png_sink *)png_get_io_ptr(png);
    if (length > sink->capacity - sink->size) {
        size_t capacity = sink->capacity > 0 ? sink->capacity : 4096;
        while (capacity - sink->size < length) {
            if (capacity > SIZE_MAX / 2) shim_png_fail(png, CPNG_ENCODE_FAILED, "PNG output too large");
            capacity *= 2;
        }
        uint8_t *grown = realloc(sink->data, capacity);
        if (grown == NULL) shim_png_fail(png, CPNG_ENCODE_FAILED, "out of memory");
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->size, bytes, length);
    sink->size += length;
}

static void flush_fn(png_structp png) {
    (void)png;  // memory output: nothing to flush
}

static int channels_of(int color_type) {
    switch (color_type) {
    case CPNG_COLOR_GRAY: case CPNG_COLOR_PALETTE: return 1;
    case CPNG_COLOR_GRAY_ALPHA: return 2;
    case CPNG_COLOR_RGB: return 3;
    case CPNG_COLOR_RGBA: return 4;
    default: return 0;
    }
}

static int valid_request(const uint8_t *samples, uint32_t width, uint32_t height, int color_type, int bit_depth,
                         const uint8_t *palette, int palette_entries) {
    if (samples == NULL || width == 0 || height == 0 || width > 0x7fffffff || height > 0x7fffffff) return 0;
    if (channels_of(color_type) == 0 || (bit_depth != 8 && bit_depth != 16)) return 0;
    if (color_type == CPNG_COLOR_PALETTE) {
        return bit_depth == 8 && palette != NULL && palette_entries >= 1 && palette_entries <= 256;
    }
    return 1;
}

int cpng_encode(const uint8_t *samples, uint32_t width, uint32_t height, int color_type, int bit_depth,
                const uint8_t *palette, int palette_entries, int interlaced, uint8_t **out, size_t *out_size,
                cpng_report *report) {
    shim_png_errors errors = {report, CPNG_ENCODE_FAILED};
    png_sink sink = {NULL, 0, 0};
    if (out == NULL || out_size == NULL || report == NULL ||
        !valid_request(samples, width, height, color_type, bit_depth, palette, palette_entries)) {
        return CPNG_INVALID_ARGUMENT;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &errors, shim_png_error, shim_png_warning);
    if (png == NULL) return CPNG_ENCODE_FAILED;
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, &info);
        return CPNG_ENCODE_FAILED;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(sink.data);
        return errors.status;
    }
    png_set_write_fn(png, &sink, write_fn, flush_fn);
    png_set_IHDR(png, info, width, height, bit_depth, color_type,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (color_type == CPNG_COLOR_PALETTE) {
        png_color colors[256];
        for (int i = 0; i < palette_entries; i++) {
            colors[i].red = palette[3 * i];
            colors[i].green = palette[3 * i + 1];
            colors[i].blue = palette[3 * i + 2];
        }
        png_set_PLTE(png, info, colors, palette_entries);
    }
    png_write_info(png, info);
    int passes = png_set_interlace_handling(png);
    size_t stride = (size_t)width * (size_t)channels_of(color_type) * (size_t)(bit_depth / 8);
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < height; y++) png_write_row(png, samples + (size_t)y * stride);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *out = sink.data;
    *out_size = sink.size;
    return CPNG_OK;
}
