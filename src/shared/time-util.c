/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "phyd/macro.h"
#include "phyd/strv.h"
#include "phyd/time-util.h"

#define USEC_PER_MINUTE (60 * USEC_PER_SEC)
#define USEC_PER_HOUR (60 * USEC_PER_MINUTE)
#define USEC_PER_DAY (24 * USEC_PER_HOUR)

/* Longer names first where one is a prefix of another: the first match is taken. */
typedef struct TimeUnit {
        const char *name;
        uint64_t usec;
        bool day;
} TimeUnit;

static const TimeUnit time_units[] = {
        { "seconds", USEC_PER_SEC },
        { "second", USEC_PER_SEC },
        { "sec", USEC_PER_SEC },
        { "s", USEC_PER_SEC },
        { "minutes", USEC_PER_MINUTE },
        { "minute", USEC_PER_MINUTE },
        { "min", USEC_PER_MINUTE },
        { "msec", USEC_PER_MSEC },
        { "ms", USEC_PER_MSEC },
        { "m", USEC_PER_MINUTE },
        { "hours", USEC_PER_HOUR },
        { "hour", USEC_PER_HOUR },
        { "hr", USEC_PER_HOUR },
        { "h", USEC_PER_HOUR },
        { "days", USEC_PER_DAY, true },
        { "day", USEC_PER_DAY, true },
        { "d", USEC_PER_DAY, true },
        { "usec", 1 },
        { "us", 1 },
};

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static bool startswith(const char *s, const char *prefix)
{
        return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* One "<number>[<unit>]" component at *p; moves *p past it. *ret_bare: it had no unit. */
static int parse_timespan_one(const char **p, TimespanFlags flags, uint64_t *ret_usec,
                              bool *ret_bare)
{
        const char *s = *p, *q, *frac = NULL;
        uint64_t whole = 0, multiplier = USEC_PER_SEC, usec, fusec = 0, m;
        const TimeUnit *unit = NULL;
        size_t n_frac = 0;
        bool any = false;

        for (; is_digit(*s); s++, any = true) {
                if (whole > (UINT64_MAX - (uint64_t) (*s - '0')) / 10)
                        return -ERANGE;
                whole = whole * 10 + (uint64_t) (*s - '0');
        }
        if (*s == '.') {
                frac = ++s;
                n_frac = strspn(s, "0123456789");
                if (n_frac == 0 && (flags & TIMESPAN_DIGIT_AFTER_POINT))
                        return -EINVAL;
                s += n_frac;
                any = any || n_frac > 0;
        }
        if (!any)
                return -EINVAL;

        q = s + strspn(s, WHITESPACE);
        for (size_t i = 0; i < ELEMENTSOF(time_units) && !unit; i++)
                if ((!time_units[i].day || (flags & TIMESPAN_DAYS)) &&
                    startswith(q, time_units[i].name))
                        unit = &time_units[i];
        if (unit) {
                multiplier = unit->usec;
                s = q + strlen(unit->name);
        } else {
                /* No unit: the number ends the span or whitespace follows it ("1 2" is
                 * 3 s); "1.5.5" or "5x" is garbage. */
                if (q == s && *s != '\0')
                        return -EINVAL;
                s = q;
        }

        if (whole > UINT64_MAX / multiplier)
                return -ERANGE;
        usec = whole * multiplier;

        /* Digits below a microsecond are dropped, as systemd does. */
        m = multiplier;
        for (size_t i = 0; i < n_frac && m >= 10; i++) {
                m /= 10;
                fusec += (uint64_t) (frac[i] - '0') * m;
        }
        if (usec > UINT64_MAX - fusec)
                return -ERANGE;

        *ret_usec = usec + fusec;
        *ret_bare = !unit;
        *p = s;
        return 0;
}

int parse_timespan_full(const char *s, TimespanFlags flags, uint64_t *ret_usec)
{
        uint64_t total = 0;
        bool any_bare = false;
        size_t n = 0;
        int r;

        if (!s)
                return -EINVAL;

        for (const char *p = s;;) {
                uint64_t usec;
                bool bare;

                p += strspn(p, WHITESPACE);
                if (*p == '\0')
                        break;
                if (*p == '-')
                        return -ERANGE;

                r = parse_timespan_one(&p, flags, &usec, &bare);
                if (r < 0)
                        return r;
                if (total > UINT64_MAX - usec)
                        return -ERANGE;
                total += usec;
                n++;
                any_bare = any_bare || bare;
        }
        if (n == 0)
                return -EINVAL;
        if (any_bare && n > 1 && (flags & TIMESPAN_BARE_NUMBER_ALONE))
                return -EINVAL;

        *ret_usec = total;
        return 0;
}
