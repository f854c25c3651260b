#include <string.h>

#include "shim_internal.h"

// Checks the caller's geometry (from cjpeg_read_header) against this parse and returns the coefficient count.
static size_t checked_coefficient_count(j_decompress_ptr cinfo, const cjpeg_component *expected, int count) {
    size_t total = 0;
    if (cinfo->num_components != count) {
        shim_fail((j_common_ptr)cinfo, CJPEG_INVALID_ARGUMENT, "component count does not match the header");
    }
    for (int i = 0; i < count; i++) {
        jpeg_component_info *comp = &cinfo->comp_info[i];
        if ((int)comp->width_in_blocks != expected[i].width_in_blocks ||
            (int)comp->height_in_blocks != expected[i].height_in_blocks) {
            shim_fail((j_common_ptr)cinfo, CJPEG_INVALID_ARGUMENT, "component geometry does not match the header");
        }
        total += (size_t)comp->width_in_blocks * (size_t)comp->height_in_blocks * DCTSIZE2;
    }
    return total;
}

// The table latched when the component's first scan began, else the one its frame header names.
static JQUANT_TBL *quant_table(j_decompress_ptr cinfo, jpeg_component_info *comp) {
    if (comp->quant_table != NULL) return comp->quant_table;
    int index = comp->quant_tbl_no;
    if (index >= 0 && index < NUM_QUANT_TBLS) return cinfo->quant_tbl_ptrs[index];
    return NULL;
}

int cjpeg_read_coefficients(const uint8_t *data, size_t size, const cjpeg_limits *limits, int fail_on_warning,
                            const cjpeg_component *expected, int component_count, uint16_t *quant,
                            int16_t *coefficients, size_t coefficient_count, cjpeg_report *report) {
    struct jpeg_decompress_struct cinfo;
    shim_error_mgr err;
    if (data == NULL || size == 0 || limits == NULL || expected == NULL || quant == NULL || report == NULL ||
        (coefficients == NULL && coefficient_count > 0)) {
        return CJPEG_INVALID_ARGUMENT;
    }
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
    if (checked_coefficient_count(&cinfo, expected, component_count) > coefficient_count) {
        shim_fail((j_common_ptr)&cinfo, CJPEG_INVALID_ARGUMENT, "coefficient buffer too small");
    }
    jvirt_barray_ptr *arrays = jpeg_read_coefficients(&cinfo);
    if (arrays == NULL) shim_fail((j_common_ptr)&cinfo, CJPEG_CORRUPT, "libjpeg returned no coefficients");
    int16_t *target = coefficients;
    for (int c = 0; c < component_count; c++) {
        jpeg_component_info *comp = &cinfo.comp_info[c];
        JQUANT_TBL *table = quant_table(&cinfo, comp);
        if (table == NULL) shim_fail((j_common_ptr)&cinfo, CJPEG_CORRUPT, "component has no quantization table");
        for (int k = 0; k < DCTSIZE2; k++) quant[c * DCTSIZE2 + k] = table->quantval[k];
        size_t row_values = (size_t)comp->width_in_blocks * DCTSIZE2;
        for (JDIMENSION by = 0; by < comp->height_in_blocks; by++) {
            JBLOCKARRAY rows = (*cinfo.mem->access_virt_barray)((j_common_ptr)&cinfo, arrays[c], by, 1, FALSE);
            memcpy(target, rows[0], row_values * sizeof(JCOEF));
            target += row_values;
        }
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return CJPEG_OK;
}
