#include <stdlib.h>

#include "shim_internal.h"

static J_COLOR_SPACE input_space(int components) {
    switch (components) {
    case 1: return JCS_GRAYSCALE;
    case 3: return JCS_RGB;
    case 4: return JCS_CMYK;
    default: return JCS_UNKNOWN;
    }
}

int cjpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int components, int quality,
                 int progressive, int full_chroma, uint8_t **out, size_t *out_size, cjpeg_report *report) {
    struct jpeg_compress_struct cinfo;
    shim_error_mgr err;
    // jpeg_mem_dest reallocates through this pointer; its address escapes, so it is reread after a longjmp.
    unsigned char *buffer = NULL;
    unsigned long length = 0;
    if (pixels == NULL || out == NULL || out_size == NULL || report == NULL || width == 0 || height == 0 ||
        width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION || input_space(components) == JCS_UNKNOWN ||
        quality < 1 || quality > 100) {
        return CJPEG_INVALID_ARGUMENT;
    }
    cinfo.err = shim_errors(&err, report, CJPEG_ENCODE_FAILED, 0);
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return err.status;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buffer, &length);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = components;
    cinfo.in_color_space = input_space(components);
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (full_chroma) {
        cinfo.comp_info[0].h_samp_factor = 1;
        cinfo.comp_info[0].v_samp_factor = 1;
    }
    if (progressive) jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    size_t stride = (size_t)width * (size_t)components;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)cinfo.next_scanline * stride);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *out = buffer;
    *out_size = (size_t)length;
    return CJPEG_OK;
}
