/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the libFuzzer targets share. Each target is one LLVMFuzzerTestOneInput() that hands
 * the input to one parser of phyd, as systemd's src/fuzz targets do. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phyd/macro.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string, cut at its first NUL as a reader of text would see it. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
        return strndup((const char *) data, size);
}

/* Splits the input at the next NUL byte: *ret_part (not NUL-terminated) and its length, the
 * rest after the NUL. Returns 0 once the input is used up. Lets one input carry several
 * files or datagrams while libFuzzer's mutations stay meaningful. */
static inline int fuzz_next_part(const uint8_t **data, size_t *size, const uint8_t **ret_part,
                                 size_t *ret_len)
{
        const uint8_t *nul;

        if (*size == 0 && !*data)
                return 0;
        nul = memchr(*data, '\0', *size);
        *ret_part = *data;
        if (nul) {
                *ret_len = (size_t) (nul - *data);
                *size -= *ret_len + 1;
                *data = nul + 1;
        } else {
                *ret_len = *size;
                *size = 0;
                *data = NULL;
        }
        return 1;
}
