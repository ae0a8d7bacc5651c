/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A PHY's journal budget: at most burst events per interval; what is dropped is counted and
 * handed back, once, with the first event let through in a later interval.
 */

#include <stdbool.h>
#include <stdint.h>

typedef struct PhyJournalLimit {
        uint64_t window_start_usec;
        unsigned in_window;
        unsigned suppressed;
} PhyJournalLimit;

/* Whether an event at now_usec may be logged. *ret_suppressed is the number dropped since
 * the last event logged, to report now (0: nothing to report). */
bool phy_journal_limit_allow(PhyJournalLimit *l, uint64_t now_usec, uint64_t interval_usec,
                             unsigned burst, unsigned *ret_suppressed);
