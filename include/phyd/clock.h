/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The injectable clock (DESIGN decision 3). Everything in the PHY core and the simulator
 * that reads the time or sleeps does it through a Clock, so the unit tier runs a PHY's
 * state machine on virtual time, deterministically, and the daemon on CLOCK_MONOTONIC.
 */

#include <stdint.h>

typedef struct Clock Clock;

typedef struct ClockOps {
        /* Returns the current time in microseconds on the clock's monotonic scale. */
        uint64_t (*now)(Clock *clock);
        /* Blocks the calling thread for at least usec microseconds of this clock's time. */
        void (*sleep)(Clock *clock, uint64_t usec);
} ClockOps;

struct Clock {
        const ClockOps *ops;
        uint64_t virtual_usec; /* only for the virtual clock */
};

/* CLOCK_MONOTONIC and nanosleep(); one shared instance, safe to use from any thread. */
Clock *clock_monotonic(void);

/* A clock whose time moves only when someone sleeps on it or advances it. Not thread-safe:
 * it serves one test thread. */
void clock_virtual_init(Clock *clock, uint64_t start_usec);
void clock_virtual_advance_to(Clock *clock, uint64_t usec);

static inline uint64_t clock_now(Clock *clock)
{
        return clock->ops->now(clock);
}

static inline void clock_sleep(Clock *clock, uint64_t usec)
{
        clock->ops->sleep(clock, usec);
}
