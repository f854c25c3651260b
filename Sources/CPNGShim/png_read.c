#include <stdio.h>
#include <string.h>

#include "png_internal.h"

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
} png_source;

static void read_fn(png_structp png, png_bytep out, size_t length) {
    png_source *source = (png_source *)png_get_io_ptr(png);
    if (length > source->size - source->offset) shim_png_fail(png, CPNG_TRUNCATED, "unexpected end of PNG data");
    memcpy(out, source->data + source->offset, length);
    source->offset += length;
}

// Reads everything before the first IDAT and checks the limits. Runs under the caller's setjmp.
static void read_info(png_structp png, png_infop info, png_source *source, const cpng_limits *limits,
                      cpng_report *report) {
    if (source->size < 8) shim_png_fail(png, CPNG_TRUNCATED, "PNG signature incomplete");
    if (png_sig_cmp(source->data, 0, 8) != 0) shim_png_fail(png, CPNG_CORRUPT, "not a PNG signature");
    png_set_read_fn(png, source, read_fn);
    // libpng's own default limit (1,000,000 per side) would fail as a generic IHDR error; ours reports tooLarge.
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_read_info(png, info);
    uint64_t width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    report->width = (uint32_t)width;
    report->height = (uint32_t)height;
    if (width > limits->max_width || height > limits->max_height || width * height > limits->max_pixels) {
        shim_png_fail(png, CPNG_TOO_LARGE, "image dimensions exceed the configured limits");
    }
}

static int output_channels(int color_type) {
    return (color_type & PNG_COLOR_MASK_COLOR) ? 3 : 1;
}

static png_structp create_reader(shim_png_errors *errors, cpng_report *report) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, errors, shim_png_error, shim_png_warning);
    if (png == NULL) snprintf(report->message, CPNG_MESSAGE_CAPACITY, "%s", "could not create a libpng reader");
    return png;
}

int cpng_read_header(const uint8_t *data, size_t size, const cpng_limits *limits, cpng_header *header,
                     cpng_report *report) {
    shim_png_errors errors = {report, CPNG_CORRUPT};
    png_source source = {data, size, 0};
    if (data == NULL || limits == NULL || header == NULL || report == NULL) return CPNG_INVALID_ARGUMENT;
    png_structp png = create_reader(&errors, report);
    if (png == NULL) return CPNG_CORRUPT;
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, &info, NULL);
        return CPNG_CORRUPT;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return errors.status;
    }
    read_info(png, info, &source, limits, report);
    header->width = png_get_image_width(png, info);
    header->height = png_get_image_height(png, info);
    header->bit_depth = png_get_bit_depth(png, info);
    header->color_type = png_get_color_type(png, info);
    header->is_interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    header->output_channels = output_channels(header->color_type);
    png_destroy_read_struct(&png, &info, NULL);
    return CPNG_OK;
}

int cpng_decode(const uint8_t *data, size_t size, const cpng_limits *limits, uint8_t *pixels, size_t pixels_size,
                int channels, cpng_report *report) {
    shim_png_errors errors = {report, CPNG_CORRUPT};
    png_source source = {data, size, 0};
    if (data == NULL || limits == NULL || pixels == NULL || report == NULL) return CPNG_INVALID_ARGUMENT;
    png_structp png = create_reader(&errors, report);
    if (png == NULL) return CPNG_CORRUPT;
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, &info, NULL);
        return CPNG_CORRUPT;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return errors.status;
    }
    read_info(png, info, &source, limits, report);
    int color_type = png_get_color_type(png, info), bit_depth = png_get_bit_depth(png, info);
    if (channels != output_channels(color_type)) {
        shim_png_fail(png, CPNG_INVALID_ARGUMENT, "channel count does not match the header");
    }
    if (bit_depth == 16) png_set_scale_16(png);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    png_set_strip_alpha(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t stride = png_get_rowbytes(png, info);
    uint32_t width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    if (png_get_channels(png, info) != channels || png_get_bit_depth(png, info) != 8 ||
        stride != (size_t)width * (size_t)channels) {
        shim_png_fail(png, CPNG_UNSUPPORTED, "PNG layout not reducible to 8-bit grey or RGB");
    }
    if (pixels_size / stride < height) shim_png_fail(png, CPNG_INVALID_ARGUMENT, "pixel buffer too small");
    // Interlaced passes fill each row in steps; start from a defined state.
    if (passes > 1) memset(pixels, 0, stride * height);
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < height; y++) png_read_row(png, pixels + (size_t)y * stride, NULL);
    }
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    return CPNG_OK;
}
