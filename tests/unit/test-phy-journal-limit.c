/* SPDX-License-Identifier: GPL-2.0-or-later */

/* A flapping link does not flood the journal: at most BURST events per INTERVAL per PHY, the
 * rest counted and reported once by the next event let through. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "phy-journal-limit.h"
#include "phyd/macro.h"

#define INTERVAL (10 * USEC_PER_SEC)
#define BURST 20

static void test_burst_then_drops_then_report(void **state)
{
        PhyJournalLimit l = {};
        unsigned suppressed, logged = 0;
        uint64_t t = 5 * USEC_PER_SEC;

        /* 50 events in one second: the first 20 pass, 30 are dropped. */
        for (unsigned i = 0; i < 50; i++, t += 20 * USEC_PER_MSEC)
                if (phy_journal_limit_allow(&l, t, INTERVAL, BURST, &suppressed)) {
                        logged++;
                        assert_int_equal(suppressed, 0);
                }
        assert_int_equal(logged, BURST);

        /* Still inside the window: dropped, counted. */
        assert_false(phy_journal_limit_allow(&l, t + USEC_PER_SEC, INTERVAL, BURST, &suppressed));

        /* The next window: the event passes and carries the count, once. */
        t += INTERVAL;
        assert_true(phy_journal_limit_allow(&l, t, INTERVAL, BURST, &suppressed));
        assert_int_equal(suppressed, 31);
        assert_true(phy_journal_limit_allow(&l, t + 1, INTERVAL, BURST, &suppressed));
        assert_int_equal(suppressed, 0);
}

static void test_quiet_link_never_limited(void **state)
{
        PhyJournalLimit l = {};
        unsigned suppressed;

        /* One event a second, for a long time: all logged. */
        for (uint64_t t = 0; t < 1000 * USEC_PER_SEC; t += USEC_PER_SEC) {
                assert_true(phy_journal_limit_allow(&l, t, INTERVAL, BURST, &suppressed));
                assert_int_equal(suppressed, 0);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_burst_then_drops_then_report),
                cmocka_unit_test(test_quiet_link_never_limited),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
