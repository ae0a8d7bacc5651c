/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/* A PHY's journal budget (phy-journal.c). */
typedef struct PhyJournalLimit {
        uint64_t window_start_usec;
        unsigned in_window;
        unsigned suppressed;
} PhyJournalLimit;
