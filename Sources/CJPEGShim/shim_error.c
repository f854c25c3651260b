#include <stdlib.h>
#include <string.h>

#include "shim_internal.h"

static void copy_message(cjpeg_report *report, const char *message) {
    strncpy(report->message, message, CJPEG_MESSAGE_CAPACITY - 1);
    report->message[CJPEG_MESSAGE_CAPACITY - 1] = '\0';
}

static void record_dimensions(j_common_ptr cinfo, cjpeg_report *report) {
    if (cinfo->is_decompressor) {
        j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
        report->width = dinfo->image_width;
        report->height = dinfo->image_height;
    }
}

static void shim_error_exit(j_common_ptr cinfo) {
    shim_error_mgr *err = (shim_error_mgr *)cinfo->err;
    char buffer[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buffer);
    copy_message(err->report, buffer);
    switch (cinfo->err->msg_code) {
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
        record_dimensions(cinfo, err->report);
        err->status = CJPEG_TOO_LARGE;
        break;
    case JERR_INPUT_EMPTY:
    case JERR_INPUT_EOF:
        err->status = CJPEG_TRUNCATED;
        break;
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_NOT_COMPILED:
        err->status = CJPEG_UNSUPPORTED;
        break;
    default:
        // An error after libjpeg ran out of data and inserted a fake EOI is a consequence of the truncation.
        err->status = err->saw_premature_end ? CJPEG_TRUNCATED : err->default_status;
    }
    longjmp(err->jump, 1);
}

// Warnings (level < 0) mean libjpeg repaired damaged data; trace messages (level >= 0) are ignored.
static void shim_emit_message(j_common_ptr cinfo, int msg_level) {
    shim_error_mgr *err = (shim_error_mgr *)cinfo->err;
    if (msg_level >= 0) return;
    cinfo->err->num_warnings++;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) err->saw_premature_end = 1;
    if (err->report->warning_count++ == 0) {
        char buffer[JMSG_LENGTH_MAX];
        (*cinfo->err->format_message)(cinfo, buffer);
        copy_message(err->report, buffer);
    }
    if (err->fail_on_warning) {
        err->status = err->saw_premature_end ? CJPEG_TRUNCATED : CJPEG_CORRUPT;
        longjmp(err->jump, 1);
    }
}

static void shim_output_message(j_common_ptr cinfo) {
    (void)cinfo;  // never print to stderr
}

static void shim_progress(j_common_ptr cinfo) {
    shim_error_mgr *err = (shim_error_mgr *)cinfo->err;
    j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
    if (err->max_scans > 0 && dinfo->input_scan_number > (int)err->max_scans) {
        shim_fail(cinfo, CJPEG_LIMIT_EXCEEDED, "JPEG has more scans than the configured limit");
    }
}

struct jpeg_error_mgr *shim_errors(shim_error_mgr *err, cjpeg_report *report, int default_status,
                                   int fail_on_warning) {
    memset(err, 0, sizeof(*err));
    jpeg_std_error(&err->pub);
    err->pub.error_exit = shim_error_exit;
    err->pub.emit_message = shim_emit_message;
    err->pub.output_message = shim_output_message;
    err->report = report;
    err->status = default_status;
    err->default_status = default_status;
    err->fail_on_warning = fail_on_warning;
    return &err->pub;
}

void shim_watch_scans(j_decompress_ptr cinfo, uint32_t max_scans) {
    shim_error_mgr *err = (shim_error_mgr *)cinfo->err;
    err->max_scans = max_scans;
    err->progress.progress_monitor = shim_progress;
    cinfo->progress = &err->progress;
}

void shim_fail(j_common_ptr cinfo, int status, const char *message) {
    shim_error_mgr *err = (shim_error_mgr *)cinfo->err;
    copy_message(err->report, message);
    err->status = status;
    longjmp(err->jump, 1);
}

void shim_check_limits(j_decompress_ptr cinfo, const cjpeg_limits *limits) {
    uint64_t width = cinfo->image_width, height = cinfo->image_height;
    record_dimensions((j_common_ptr)cinfo, ((shim_error_mgr *)cinfo->err)->report);
    if (width > limits->max_width || height > limits->max_height || width * height > limits->max_pixels) {
        shim_fail((j_common_ptr)cinfo, CJPEG_TOO_LARGE, "image dimensions exceed the configured limits");
    }
}

void cjpeg_free(void *buffer) {
    free(buffer);
}
