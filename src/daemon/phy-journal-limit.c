/* SPDX-License-Identifier: GPL-2.0-or-later */

#include "phy-journal-limit.h"

bool phy_journal_limit_allow(PhyJournalLimit *l, uint64_t now_usec, uint64_t interval_usec,
                             unsigned burst, unsigned *ret_suppressed)
{
        *ret_suppressed = 0;

        if (now_usec - l->window_start_usec >= interval_usec) {
                l->window_start_usec = now_usec;
                l->in_window = 0;
        }

        if (l->in_window >= burst) {
                l->suppressed++;
                return false;
        }
        l->in_window++;
        /* The drops are reported by the first event that gets through after them. */
        *ret_suppressed = l->suppressed;
        l->suppressed = 0;
        return true;
}
