/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Time spans as systemd writes them ("30s", "500ms", "1min 30s", "infinity"), parsed (by
 * phyd/time-util.h, plus "infinity") and formatted. */

#include <stddef.h>
#include <stdint.h>

#define FORMAT_TIMESPAN_MAX 64

/* A sum of numbers with units (us, ms, s, min, h, d and their long forms), each optionally
 * with a decimal fraction; a number alone (and only alone) is seconds; or "infinity"
 * (USEC_INFINITY). Returns 0, or -EINVAL for anything else and -ERANGE on overflow;
 * *ret_usec is untouched on failure. */
int parse_timespan(const char *s, uint64_t *ret_usec);

/* "1min 30s", "500ms", "0", "infinity", at most FORMAT_TIMESPAN_MAX bytes; returns buf. */
char *format_timespan(char *buf, size_t size, uint64_t usec);
