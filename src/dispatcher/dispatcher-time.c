/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dispatcher-time.h"
#include "phyd/macro.h"

static const struct {
        const char *suffix;
        uint64_t usec;
} units[] = {
        { "us", 1 },
        { "usec", 1 },
        { "ms", USEC_PER_MSEC },
        { "msec", USEC_PER_MSEC },
        { "s", USEC_PER_SEC },
        { "sec", USEC_PER_SEC },
        { "second", USEC_PER_SEC },
        { "seconds", USEC_PER_SEC },
        { "m", 60 * USEC_PER_SEC },
        { "min", 60 * USEC_PER_SEC },
        { "minute", 60 * USEC_PER_SEC },
        { "minutes", 60 * USEC_PER_SEC },
        { "h", 3600 * USEC_PER_SEC },
        { "hr", 3600 * USEC_PER_SEC },
        { "hour", 3600 * USEC_PER_SEC },
        { "hours", 3600 * USEC_PER_SEC },
        { "d", 86400 * USEC_PER_SEC },
        { "day", 86400 * USEC_PER_SEC },
        { "days", 86400 * USEC_PER_SEC },
};

static int unit_usec(const char *s, size_t len, uint64_t *ret)
{
        if (len == 0) {
                *ret = USEC_PER_SEC;
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(units); i++)
                if (strlen(units[i].suffix) == len && strncmp(units[i].suffix, s, len) == 0) {
                        *ret = units[i].usec;
                        return 0;
                }
        return -EINVAL;
}

int parse_timespan(const char *s, uint64_t *ret_usec)
{
        uint64_t total = 0;
        const char *p = s;

        if (!s)
                return -EINVAL;
        p += strspn(p, " \t");
        if (strcmp(p, "infinity") == 0) {
                *ret_usec = USEC_INFINITY;
                return 0;
        }
        if (*p == '\0')
                return -EINVAL;

        while (*p) {
                uint64_t whole = 0, frac = 0, frac_div = 1, unit, part;
                const char *start = p, *suffix;
                int r;

                for (; isdigit((unsigned char) *p); p++) {
                        if (whole > (UINT64_MAX - 9) / 10)
                                return -ERANGE;
                        whole = whole * 10 + (uint64_t) (*p - '0');
                }
                if (*p == '.')
                        /* Six digits count, a millionth of the unit; more are dropped. */
                        for (p++; isdigit((unsigned char) *p); p++)
                                if (frac_div < 1000000) {
                                        frac = frac * 10 + (uint64_t) (*p - '0');
                                        frac_div *= 10;
                                }
                if (p == start || (p == start + 1 && *start == '.'))
                        return -EINVAL;

                p += strspn(p, " \t");
                suffix = p;
                while (isalpha((unsigned char) *p))
                        p++;
                r = unit_usec(suffix, (size_t) (p - suffix), &unit);
                if (r < 0)
                        return r;
                p += strspn(p, " \t");
                /* Only a number alone may leave its unit out. */
                if (p == suffix && (*p != '\0' || start != s + strspn(s, " \t")))
                        return -EINVAL;

                if (whole > UINT64_MAX / unit)
                        return -ERANGE;
                part = whole * unit + frac * unit / frac_div;
                if (part < whole * unit || total > UINT64_MAX - 1 - part)
                        return -ERANGE;
                total += part;
        }

        *ret_usec = total;
        return 0;
}

char *format_timespan(char *buf, size_t size, uint64_t usec)
{
        static const struct {
                const char *suffix;
                uint64_t usec;
        } table[] = {
                { "d", 86400 * USEC_PER_SEC },
                { "h", 3600 * USEC_PER_SEC },
                { "min", 60 * USEC_PER_SEC },
                { "s", USEC_PER_SEC },
                { "ms", USEC_PER_MSEC },
                { "us", 1 },
        };
        size_t n = 0;

        if (size == 0)
                return buf;
        buf[0] = '\0';
        if (usec == USEC_INFINITY) {
                snprintf(buf, size, "infinity");
                return buf;
        }
        if (usec == 0) {
                snprintf(buf, size, "0");
                return buf;
        }
        for (size_t i = 0; i < ELEMENTSOF(table) && usec > 0 && n < size; i++) {
                uint64_t k = usec / table[i].usec;
                int w;

                if (k == 0)
                        continue;
                usec -= k * table[i].usec;
                w = snprintf(buf + n, size - n, "%s%" PRIu64 "%s", n > 0 ? " " : "", k,
                             table[i].suffix);
                if (w < 0)
                        break;
                n += (size_t) w;
        }
        return buf;
}
