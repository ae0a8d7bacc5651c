/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Property values in words, as status, list and monitor print them. Pure functions. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FORMAT_TIMESPAN_MAX 32

/* "100Mb/s", or "unknown" for 0. */
char *format_speed(uint32_t mbps, char *buf, size_t size);

/* "rx/tx", "rx", "tx" or "off". */
const char *format_flow_control(bool rx, bool tx);

/* A time span, two units at most: "250us", "500ms", "1s", "3.2s", "5min 3s", "2h 5min",
 * "1d 2h", "infinity". Below a minute, seconds keep one decimal (truncated). */
char *format_timespan(uint64_t usec, char *buf, size_t size);

/* "3.2s ago" for then against now (same clock); "n/a" when then is 0 (never changed);
 * "now" when then is ahead of now (another clock's value). */
char *format_relative(uint64_t then_usec, uint64_t now_usec, char *buf, size_t size);

/* "kernel, every 1s"; the mode alone when the interval is 0. */
char *format_poll(const char *mode, uint64_t interval_usec, char *buf, size_t size);

/* The n of an object path /io/phyd/phy/<n>, or -EINVAL for any other path. */
int phy_path_index(const char *path, uint64_t *ret);
