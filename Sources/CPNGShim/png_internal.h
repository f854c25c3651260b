// Internal to CPNGShim: error handlers shared by the reader and the writer.
#ifndef CPNG_SHIM_INTERNAL_H
#define CPNG_SHIM_INTERNAL_H

#include <png.h>

#include "CPNGShim.h"

/// `png_get_error_ptr` of every struct the shim creates.
typedef struct {
    cpng_report *report;
    int status;  // what the next libpng error means
} shim_png_errors;

/// Copies libpng's message and jumps to the wrapper's setjmp (libpng would abort if this returned).
void shim_png_error(png_structp png, png_const_charp message);

/// Counts a warning; never prints.
void shim_png_warning(png_structp png, png_const_charp message);

/// Records `message` with `status` and jumps to the wrapper's setjmp. Never returns.
void shim_png_fail(png_structp png, int status, const char *message);

#endif
