/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "phyd/macro.h"
#include "phyctl-format.h"
#include "phyctl-parse.h"

char *format_speed(uint32_t mbps, char *buf, size_t size)
{
        if (mbps == 0)
                snprintf(buf, size, "unknown");
        else
                snprintf(buf, size, "%" PRIu32 "Mb/s", mbps);
        return buf;
}

const char *format_flow_control(bool rx, bool tx)
{
        if (rx && tx)
                return "rx/tx";
        if (rx)
                return "rx";
        if (tx)
                return "tx";
        return "off";
}

#define USEC_PER_MINUTE (60 * USEC_PER_SEC)
#define USEC_PER_HOUR (60 * USEC_PER_MINUTE)
#define USEC_PER_DAY (24 * USEC_PER_HOUR)

static void format_two_units(uint64_t usec, uint64_t big, const char *big_name, uint64_t small,
                             const char *small_name, char *buf, size_t size)
{
        uint64_t rest = (usec % big) / small;

        if (rest == 0)
                snprintf(buf, size, "%" PRIu64 "%s", usec / big, big_name);
        else
                snprintf(buf, size, "%" PRIu64 "%s %" PRIu64 "%s", usec / big, big_name, rest,
                         small_name);
}

char *format_timespan(uint64_t usec, char *buf, size_t size)
{
        if (usec == USEC_INFINITY)
                snprintf(buf, size, "infinity");
        else if (usec < USEC_PER_MSEC)
                snprintf(buf, size, "%" PRIu64 "us", usec);
        else if (usec < USEC_PER_SEC)
                snprintf(buf, size, "%" PRIu64 "ms", usec / USEC_PER_MSEC);
        else if (usec < USEC_PER_MINUTE) {
                uint64_t tenths = (usec % USEC_PER_SEC) / (USEC_PER_SEC / 10);

                if (tenths == 0)
                        snprintf(buf, size, "%" PRIu64 "s", usec / USEC_PER_SEC);
                else
                        snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "s", usec / USEC_PER_SEC,
                                 tenths);
        } else if (usec < USEC_PER_HOUR)
                format_two_units(usec, USEC_PER_MINUTE, "min", USEC_PER_SEC, "s", buf, size);
        else if (usec < USEC_PER_DAY)
                format_two_units(usec, USEC_PER_HOUR, "h", USEC_PER_MINUTE, "min", buf, size);
        else
                format_two_units(usec, USEC_PER_DAY, "d", USEC_PER_HOUR, "h", buf, size);
        return buf;
}

char *format_relative(uint64_t then_usec, uint64_t now_usec, char *buf, size_t size)
{
        char span[FORMAT_TIMESPAN_MAX];

        if (then_usec == 0)
                snprintf(buf, size, "n/a");
        else if (then_usec > now_usec)
                snprintf(buf, size, "now");
        else
                snprintf(buf, size, "%s ago",
                         format_timespan(now_usec - then_usec, span, sizeof(span)));
        return buf;
}

char *format_poll(const char *mode, uint64_t interval_usec, char *buf, size_t size)
{
        char span[FORMAT_TIMESPAN_MAX];

        if (!mode || !*mode)
                mode = "n/a";
        if (interval_usec == 0 || interval_usec == USEC_INFINITY)
                snprintf(buf, size, "%s", mode);
        else
                snprintf(buf, size, "%s, every %s", mode,
                         format_timespan(interval_usec, span, sizeof(span)));
        return buf;
}

int phy_path_index(const char *path, uint64_t *ret)
{
        static const char prefix[] = "/io/phyd/phy/";

        if (!path || strncmp(path, prefix, strlen(prefix)) != 0)
                return -EINVAL;
        return parse_unsigned_arg(path + strlen(prefix), UINT64_MAX - 1, ret) < 0 ? -EINVAL : 0;
}
