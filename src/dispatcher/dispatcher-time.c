/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dispatcher-time.h"
#include "phyd/macro.h"
#include "phyd/time-util.h"

int parse_timespan(const char *s, uint64_t *ret_usec)
{
        uint64_t usec;
        int r;

        if (!s)
                return -EINVAL;
        if (streq(s + strspn(s, " \t"), "infinity")) {
                *ret_usec = USEC_INFINITY;
                return 0;
        }

        /* No sign ("-1s" is garbage, not a negative span) and no line breaks. */
        if (strpbrk(s, "-\n\r"))
                return -EINVAL;

        r = parse_timespan_full(s, TIMESPAN_DAYS | TIMESPAN_BARE_NUMBER_ALONE, &usec);
        if (r < 0)
                return r;
        /* A finite span: the sum may not reach USEC_INFINITY. */
        if (usec == USEC_INFINITY)
                return -ERANGE;

        *ret_usec = usec;
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
