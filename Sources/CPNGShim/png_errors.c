#include <stdlib.h>
#include <string.h>

#include "png_internal.h"

static void copy_message(cpng_report *report, const char *message) {
    strncpy(report->message, message, CPNG_MESSAGE_CAPACITY - 1);
    report->message[CPNG_MESSAGE_CAPACITY - 1] = '\0';
}

void shim_png_error(png_structp png, png_const_charp message) {
    shim_png_errors *errors = (shim_png_errors *)png_get_error_ptr(png);
    copy_message(errors->report, message);
    png_longjmp(png, 1);
}

void shim_png_warning(png_structp png, png_const_charp message) {
    (void)message;
    shim_png_errors *errors = (shim_png_errors *)png_get_error_ptr(png);
    errors->report->warning_count++;
}

void shim_png_fail(png_structp png, int status, const char *message) {
    shim_png_errors *errors = (shim_png_errors *)png_get_error_ptr(png);
    copy_message(errors->report, message);
    errors->status = status;
    png_longjmp(png, 1);
}

void cpng_free(void *buffer) {
    free(buffer);
}
