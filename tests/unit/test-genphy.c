/* SPDX-License-Identifier: GPL-2.0-or-later */

/* The genphy helpers on their own (spec §2): the soft reset and the AX88796B's reset edge
 * (§1, §7 quirk 1), the write-only-if-changed rule, MMD indirect access (§2.10). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "phy-harness.h"
#include "phyd/genphy.h"
#include "phyd/macro.h"
#include "spec-traces.h"

/* §2.1 phy_poll_reset: sleeps at least 12.501 ms before each read, 600 ms budget, then one
 * last read. */
#define POLL_SLEEP_USEC 12501
#define POLL_BUDGET_USEC (600 * USEC_PER_MSEC)

static void test_genphy_reset_times_out_on_ax88796b(void **state)
{
        uint64_t start, elapsed;
        size_t n;
        Harness h;

        /* A fresh X-Surf PHY reads RESET set. genphy_soft_reset's RMW writes it set again:
         * no 0->1 edge, no reset, and the poll gives up after 600 ms (§1 rationale, §7). */
        harness_init(&h, PHY_MODEL_AX88796B);
        harness_probe(&h);
        harness_skip_trace(&h);

        start = clock_now(&h.clock);
        assert_int_equal(genphy_soft_reset(h.phy), -ETIMEDOUT);
        elapsed = clock_now(&h.clock) - start;
        assert_true(elapsed > POLL_BUDGET_USEC);
        assert_true(elapsed <= POLL_BUDGET_USEC + POLL_SLEEP_USEC);

        n = harness_pending_accesses(&h);
        /* One read per 12.501 ms sleep until the budget is spent, then the last read. */
        assert_int_equal(n, 2 + POLL_BUDGET_USEC / POLL_SLEEP_USEC + 1 + 1);
        assert_int_equal(h.accesses[h.mark].op, MDIO_READ);
        assert_true(h.accesses[h.mark].val & BMCR_RESET);
        assert_int_equal(h.accesses[h.mark + 1].op, MDIO_WRITE);
        assert_int_equal(h.accesses[h.mark + 1].val,
                         (h.accesses[h.mark].val & ~BMCR_ISOLATE) | BMCR_RESET | BMCR_ANRESTART);
        for (size_t i = 2; i < n; i++) {
                assert_int_equal(h.accesses[h.mark + i].op, MDIO_READ);
                assert_true(h.accesses[h.mark + i].val & BMCR_RESET);
        }
        harness_skip_trace(&h);

        /* asix_soft_reset writes 0 first: the edge, and the reset completes. */
        static const TraceStep asix_reset[] = { ASIX_RESET_TRACE };
        assert_int_equal(phy_init_hw(h.phy), 0);
        HARNESS_EXPECT_TRACE(&h, asix_reset, "§1 asix_soft_reset");
        harness_free(&h);
}

static void test_genphy_reset_generic(void **state)
{
        /* A level-triggered PHY resets on the RMW alone (§2.1). */
        static const TraceStep reset[] = {
                R(MII_BMCR, BMCR_DEFAULT),
                W(MII_BMCR, 0xb300),
                R(MII_BMCR, BMCR_DEFAULT),
        };
        Harness h;

        harness_init(&h, PHY_MODEL_GENERIC);
        harness_probe(&h);
        harness_skip_trace(&h);
        h.phy->suspended = true;
        assert_int_equal(genphy_soft_reset(h.phy), 0);
        HARNESS_EXPECT_TRACE(&h, reset, "§2.1 genphy_soft_reset");
        /* A reset clears PDOWN: no longer suspended. */
        assert_false(h.phy->suspended);
        harness_free(&h);
}

static void test_genphy_reset_forced(void **state)
{
        /* §2.1 step 4: with autoneg off the reset is followed by setup_forced, since the
         * reset restored BMCR's defaults (and no ANRESTART is requested). */
        static const TraceStep reset[] = {
                R(MII_BMCR, BMCR_DEFAULT), W(MII_BMCR, 0xb100), R(MII_BMCR, BMCR_DEFAULT),
                R(MII_BMCR, BMCR_DEFAULT), W(MII_BMCR, 0x0000),
        };
        Harness h;

        harness_init(&h, PHY_MODEL_GENERIC);
        harness_probe(&h);
        harness_skip_trace(&h);
        h.phy->autoneg = false;
        h.phy->speed = SPEED_10;
        h.phy->duplex = DUPLEX_HALF;
        assert_int_equal(genphy_soft_reset(h.phy), 0);
        HARNESS_EXPECT_TRACE(&h, reset, "§2.1 step 4");
        harness_free(&h);
}

static void test_reset_stuck(void **state)
{
        Harness h;

        /* A reset that never completes: asix_soft_reset fails with -ETIMEDOUT too, and
         * phy_attach() reports it. */
        harness_init(&h, PHY_MODEL_AX88772A);
        harness_probe(&h);
        assert_int_equal(phy_model_inject_fault(h.model, PHY_MODEL_FAULT_RESET_STUCK, -1, 0), 0);
        assert_int_equal(phy_attach(h.phy, mac_profile_get(MAC_PROFILE_AX88772)), -ETIMEDOUT);
        harness_free(&h);
}

static void test_modify_writes_only_changes(void **state)
{
        Harness h;

        /* §2 RMW rule: read, compute (old & ~mask) | set, write only if it changed. */
        static const TraceStep unchanged[] = { R(MII_ADVERTISE, ADV_NO_PAUSE) };
        static const TraceStep changed[] = { R(MII_ADVERTISE, ADV_NO_PAUSE),
                                             W(MII_ADVERTISE, ADV_PAUSE) };
        static const TraceStep failed[] = { R_ERR(MII_ADVERTISE, -EIO) };

        harness_init(&h, PHY_MODEL_AX88772C);
        harness_probe(&h);
        harness_skip_trace(&h);

        assert_int_equal(phy_modify_changed(h.phy, MII_ADVERTISE, 0x0fe0, 0x01e0), 0);
        HARNESS_EXPECT_TRACE(&h, unchanged, "§2 RMW, unchanged");
        assert_int_equal(phy_modify_changed(h.phy, MII_ADVERTISE, 0x0fe0, 0x0de0), 1);
        HARNESS_EXPECT_TRACE(&h, changed, "§2 RMW, changed");

        /* A read error aborts before the write. */
        assert_int_equal(phy_model_inject_fault(h.model, PHY_MODEL_FAULT_READ_ERROR,
                                                MII_ADVERTISE, 1), 0);
        assert_int_equal(phy_modify(h.phy, MII_ADVERTISE, 0x0fe0, 0), -EIO);
        HARNESS_EXPECT_TRACE(&h, failed, "§2 RMW, read error");
        harness_free(&h);
}

static void test_read_mmd(void **state)
{
        Harness h;
        static const TraceStep mmd[] = {
                W(MII_MMD_CTRL, 0x0007), W(MII_MMD_DATA, 0x003c),
                W(MII_MMD_CTRL, 0x4007), R(MII_MMD_DATA, 0x0000),
        };

        harness_init(&h, PHY_MODEL_AX88772C);
        harness_probe(&h);
        harness_skip_trace(&h);
        /* §2.10: devad 7 reg 60 (EEE advertisement) by C22 indirect access. */
        assert_int_equal(phy_read_mmd(h.phy, 7, 60), 0);
        HARNESS_EXPECT_TRACE(&h, mmd, "§2.10 MMD indirect read");
        assert_int_equal(phy_read_mmd(h.phy, 32, 0), -EINVAL);
        harness_free(&h);
}

static void test_config_aneg_restarts_when_off(void **state)
{
        /* §2.6 step 5: the advertisement is unchanged, but aneg is off in BMCR: restart. */
        static const TraceStep restart[] = {
                R(MII_ADVERTISE, ADV_NO_PAUSE), R(MII_BMSR, BMSR_NOLINK),
                R(MII_BMCR, 0x2100),            R(MII_BMCR, 0x2100),
                W(MII_BMCR, 0x3300),
        };
        Harness h;

        harness_init(&h, PHY_MODEL_GENERIC);
        harness_probe(&h);
        assert_int_equal(phy_write(h.phy, MII_BMCR, 0x2100), 0);
        harness_skip_trace(&h);
        assert_int_equal(genphy_config_aneg(h.phy), 0);
        HARNESS_EXPECT_TRACE(&h, restart, "§2.6 check_and_restart_aneg");
        harness_free(&h);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_genphy_reset_times_out_on_ax88796b),
                cmocka_unit_test(test_genphy_reset_generic),
                cmocka_unit_test(test_genphy_reset_forced),
                cmocka_unit_test(test_reset_stuck),
                cmocka_unit_test(test_modify_writes_only_changes),
                cmocka_unit_test(test_read_mmd),
                cmocka_unit_test(test_config_aneg_restarts_when_off),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
