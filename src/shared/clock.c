/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <time.h>

#include "phyd/clock.h"
#include "phyd/macro.h"

static uint64_t monotonic_now(Clock *clock _unused_)
{
        struct timespec ts;

        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * USEC_PER_SEC + (uint64_t) ts.tv_nsec / 1000;
}

static void monotonic_sleep(Clock *clock _unused_, uint64_t usec)
{
        struct timespec ts = {
                .tv_sec = (time_t) (usec / USEC_PER_SEC),
                .tv_nsec = (long) (usec % USEC_PER_SEC) * 1000,
        };

        /* Sleep the whole interval even when a signal interrupts us: a reset poll that
         * wakes early would read BMCR sooner than the kernel does. */
        while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
                ;
}

static const ClockOps monotonic_ops = {
        .now = monotonic_now,
        .sleep = monotonic_sleep,
};

Clock *clock_monotonic(void)
{
        static Clock monotonic = { .ops = &monotonic_ops };

        return &monotonic;
}

static uint64_t virtual_now(Clock *clock)
{
        return clock->virtual_usec;
}

static void virtual_sleep(Clock *clock, uint64_t usec)
{
        clock->virtual_usec += usec;
}

static const ClockOps virtual_ops = {
        .now = virtual_now,
        .sleep = virtual_sleep,
};

void clock_virtual_init(Clock *clock, uint64_t start_usec)
{
        *clock = (Clock) {
                .ops = &virtual_ops,
                .virtual_usec = start_usec,
        };
}

void clock_virtual_advance_to(Clock *clock, uint64_t usec)
{
        if (usec > clock->virtual_usec)
                clock->virtual_usec = usec;
}
