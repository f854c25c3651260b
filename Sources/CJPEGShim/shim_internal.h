// Internal to CJPEGShim: the error manager every wrapper installs. jpeglib.h forgets its own prerequisites,
// so <stdio.h> and <stddef.h> come first.
#ifndef CJPEG_SHIM_INTERNAL_H
#define CJPEG_SHIM_INTERNAL_H

#include <stdio.h>
#include <stddef.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>

#include "CJPEGShim.h"

typedef struct {
    struct jpeg_error_mgr pub;       // first, so cinfo->err can be cast back to this struct
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    cjpeg_report *report;
    int status;                      // set before every longjmp
    int default_status;              // what an unclassified libjpeg error means for this call
    int fail_on_warning;
    int saw_premature_end;
    uint32_t max_scans;
} shim_error_mgr;

/// Points `err` at the shim's handlers; returns the `jpeg_error_mgr` to assign to `cinfo.err`.
struct jpeg_error_mgr *shim_errors(shim_error_mgr *err, cjpeg_report *report, int default_status,
                                   int fail_on_warning);

/// Installs the scan-count limit on a created decompressor.
void shim_watch_scans(j_decompress_ptr cinfo, uint32_t max_scans);

/// Records `message` with `status` and jumps back to the wrapper's setjmp. Never returns.
void shim_fail(j_common_ptr cinfo, int status, const char *message);

/// Fails with CJPEG_TOO_LARGE when the parsed header exceeds `limits`.
void shim_check_limits(j_decompress_ptr cinfo, const cjpeg_limits *limits);

#endif
