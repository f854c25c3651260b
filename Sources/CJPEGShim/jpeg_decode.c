#include "shim_internal.h"

static int color_space_code(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return CJPEG_CS_GRAY;
    case JCS_RGB: return CJPEG_CS_RGB;
    case JCS_YCbCr: return CJPEG_CS_YCBCR;
    case JCS_CMYK: return CJPEG_CS_CMYK;
    case JCS_YCCK: return CJPEG_CS_YCCK;
    default: return CJPEG_CS_UNKNOWN;
    }
}

static int output_channels(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return 1;
    case JCS_RGB: case JCS_YCbCr: case JCS_CMYK: case JCS_YCCK: return 3;
    default: return 0;
    }
}

// Adobe applications store CMYK inverted (0 = full ink) and mark the file with an Adobe APP14 segment.
static void cmyk_to_rgb(const JSAMPLE *cmyk, uint8_t *rgb, JDIMENSION width, int inverted) {
    for (JDIMENSION x = 0; x < width; x++, cmyk += 4, rgb += 3) {
        unsigned c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];
        if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        rgb[0] = (uint8_t)((c * k + 127) / 255);
        rgb[1] = (uint8_t)((m * k + 127) / 255);
        rgb[2] = (uint8_t)((y * k + 127) / 255);
    }
}

int cjpeg_read_header(const uint8_t *data, size_t size, const cjpeg_limits *limits, cjpeg_header *header,
                      cjpeg_component *components, int capacity, cjpeg_report *report) {
    struct jpeg_decompress_struct cinfo;
    shim_error_mgr err;
    if (data == NULL || size == 0 || limits == NULL || header == NULL || report == NULL) return CJPEG_INVALID_ARGUMENT;
    cinfo.err = shim_errors(&err, report, CJPEG_CORRUPT, 0);
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return err.status;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    header->width = cinfo.image_width;
    header->height = cinfo.image_height;
    header->components = cinfo.num_components;
    header->color_space = color_space_code(cinfo.jpeg_color_space);
    header->is_progressive = cinfo.progressive_mode ? 1 : 0;
    header->output_channels = output_channels(cinfo.jpeg_color_space);
    for (int i = 0; components != NULL && i < capacity && i < cinfo.num_components; i++) {
        jpeg_component_info *comp = &cinfo.comp_info[i];
        components[i].width_in_blocks = (int)comp->width_in_blocks;
        components[i].height_in_blocks = (int)comp->height_in_blocks;
        components[i].h_samp_factor = comp->h_samp_factor;
        components[i].v_samp_factor = comp->v_samp_factor;
    }
    shim_check_limits(&cinfo, limits);
    jpeg_destroy_decompress(&cinfo);
    return CJPEG_OK;
}

int cjpeg_decode(const uint8_t *data, size_t size, const cjpeg_limits *limits, int fail_on_warning,
                 uint8_t *pixels, size_t pixels_size, int channels, cjpeg_report *report) {
    struct jpeg_decompress_struct cinfo;
    shim_error_mgr err;
    if (data == NULL || size == 0 || limits == NULL || pixels == NULL || report == NULL) return CJPEG_INVALID_ARGUMENT;
    cinfo.err = shim_errors(&err, report, CJPEG_CORRUPT, fail_on_warning);
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return err.status;
    }
    jpeg_create_decompress(&cinfo);
    shim_watch_scans(&cinfo, limits->max_scans);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    shim_check_limits(&cinfo, limits);
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    if (output_channels(cinfo.jpeg_color_space) == 0) {
        shim_fail((j_common_ptr)&cinfo, CJPEG_UNSUPPORTED, "unsupported JPEG colour space");
    }
    if (channels != output_channels(cinfo.jpeg_color_space)) {
        shim_fail((j_common_ptr)&cinfo, CJPEG_INVALID_ARGUMENT, "channel count does not match the header");
    }
    cinfo.out_color_space = cmyk ? JCS_CMYK : (channels == 1 ? JCS_GRAYSCALE : JCS_RGB);
    jpeg_calc_output_dimensions(&cinfo);
    size_t stride = (size_t)cinfo.output_width * (size_t)channels;
    if (pixels_size / stride < cinfo.output_height) {
        shim_fail((j_common_ptr)&cinfo, CJPEG_INVALID_ARGUMENT, "pixel buffer too small");
    }
    jpeg_start_decompress(&cinfo);
    JSAMPARRAY scratch = NULL;
    if (cmyk) scratch = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE, cinfo.output_width * 4, 1);
    while (cinfo.output_scanline < cinfo.output_height) {
        uint8_t *row = pixels + (size_t)cinfo.output_scanline * stride;
        JSAMPROW target = cmyk ? scratch[0] : row;
        if (jpeg_read_scanlines(&cinfo, &target, 1) != 1) {
            shim_fail((j_common_ptr)&cinfo, CJPEG_CORRUPT, "libjpeg returned no scanline");
        }
        if (cmyk) cmyk_to_rgb(scratch[0], row, cinfo.output_width, cinfo.saw_Adobe_marker);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return CJPEG_OK;
}
