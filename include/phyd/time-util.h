/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Time spans as systemd writes them (systemd.time(7)): "30s", "500ms", "1min 30s", "1.5". The
 * one parser of phyd.conf, phyctl and phyd-dispatcher; "infinity" is the caller's word, handled
 * before calling. */

#include <stdint.h>

typedef enum TimespanFlags {
        /* Also d, day, days (phyctl, the dispatcher; not the configuration files). */
        TIMESPAN_DAYS = 1 << 0,
        /* A number without a unit only as the whole span: "1 2" and "1s 2" are refused. */
        TIMESPAN_BARE_NUMBER_ALONE = 1 << 1,
        /* A decimal point is followed by a digit: "5." is refused. */
        TIMESPAN_DIGIT_AFTER_POINT = 1 << 2,
} TimespanFlags;

/* A sum of numbers with units (us, ms, s, min, h and their long forms), each optionally with a
 * decimal fraction (digits below a microsecond are dropped); a number without a unit is seconds.
 * Returns 0, -EINVAL on garbage, -ERANGE on a negative span or overflow; *ret_usec is untouched
 * on failure. */
int parse_timespan_full(const char *s, TimespanFlags flags, uint64_t *ret_usec);
