/* SPDX-License-Identifier: GPL-2.0-or-later */

/* The Asix driver's own callbacks (spec §1, §7): the AX88772A's read_status with its LPA=0
 * fallback, the NOLINK re-init against stale LPA, and the pause advertisement it restores
 * (the v5.19 fix). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "phy-harness.h"
#include "phyd/macro.h"
#include "spec-traces.h"

#define PARTNER_10HD 0x0021 /* 10baseT/Half only, no pause */

static void bring_772a_up(Harness *h, bool lpa_zero, bool stale_lpa, uint16_t partner)
{
        harness_init(h, PHY_MODEL_AX88772A);
        assert_int_equal(phy_model_set_quirk(h->model, PHY_MODEL_QUIRK_LPA_ZERO, lpa_zero), 0);
        assert_int_equal(phy_model_set_quirk(h->model, PHY_MODEL_QUIRK_STALE_LPA, stale_lpa), 0);
        phy_model_plug(h->model, partner);
        harness_bring_up(h, MAC_PROFILE_AX88772);
        harness_run_until(h, clock_now(&h->clock) + 3 * USEC_PER_SEC);
        assert_int_equal(h->phy->state, PHY_RUNNING);
        harness_skip_trace(h);
        harness_clear_events(h);
}

static void test_772a_polls_bmcr_and_lpa_while_up(void **state)
{
        /* §1: no "up and still up" shortcut: BMCR and LPA are re-read on every poll. */
        static const TraceStep steady[] = {
                R(MII_BMCR, BMCR_DEFAULT), R(MII_BMSR, BMSR_LINK),
                R(MII_BMCR, BMCR_DEFAULT), R(MII_LPA, LPA_100FD_PAUSE),
        };
        Harness h;

        bring_772a_up(&h, false, false, PARTNER_100FD_PAUSE);
        for (int i = 0; i < 3; i++) {
                harness_run(&h);
                HARNESS_EXPECT_TRACE(&h, steady, "§1 asix_ax88772a_read_status");
        }
        harness_assert_link(&h, PHY_RUNNING, true, SPEED_100, DUPLEX_FULL, true, true);
        assert_int_equal(harness_count_events(&h, HARNESS_STATE), 0);
        harness_free(&h);
}

typedef struct LpaZeroCase {
        uint16_t partner;
        uint16_t bmcr; /* the sim's BMCR follows the resolved mode */
        int speed;
        int duplex;
} LpaZeroCase;

static const LpaZeroCase lpa_zero_cases[] = {
        { PARTNER_100FD_PAUSE, BMCR_DEFAULT, SPEED_100, DUPLEX_FULL },
        { 0x0081, 0x3000, SPEED_100, DUPLEX_HALF },
        { 0x0041, 0x1100, SPEED_10, DUPLEX_FULL },
        { PARTNER_10HD, 0x1000, SPEED_10, DUPLEX_HALF },
};

static void test_lpa_zero(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(lpa_zero_cases); i++) {
                const LpaZeroCase *c = &lpa_zero_cases[i];
                Harness h;

                /* §1 steps 3-5, §7 quirk 3: LPA reads 0, so nothing is common and
                 * speed/duplex stay as BMCR says; in full duplex pause and asym_pause
                 * become the partner's (zero) bits, and the MAC gets no flow control. */
                const TraceStep poll[] = {
                        R(MII_BMCR, c->bmcr), R(MII_BMSR, BMSR_LINK),
                        R(MII_BMCR, c->bmcr), R(MII_LPA, 0x0000),
                };

                bring_772a_up(&h, true, false, c->partner);
                harness_run(&h);
                HARNESS_EXPECT_TRACE(&h, poll, "§1 LPA=0 fallback to BMCR");
                harness_assert_link(&h, PHY_RUNNING, true, c->speed, c->duplex, false, false);
                assert_false(h.phy->pause);
                assert_false(h.phy->asym_pause);
                assert_int_equal(h.phy->lp_advertising, 0);
                harness_free(&h);
        }
}

static void test_stale_lpa_cleared_by_reinit(void **state)
{
        /* §7 quirk 4: LPA keeps the old partner's word across a link drop until a reset.
         * The NOLINK notify resets (§1), restores the pause advertisement the reset lost
         * (§7 v5.19 fix: ADVERTISE written back to 0x0de1) and restarts aneg, so the next
         * partner's LPA is read fresh. */
        static const TraceStep unplug_run[] = {
                R(MII_BMCR, BMCR_DEFAULT), R(MII_BMSR, BMSR_NOLINK),
                ASIX_RESET_TRACE,          START_ANEG_RESTORING_PAUSE_TRACE,
        };
        static const TraceStep new_partner_up[] = {
                R(MII_BMCR, 0x1000),      R(MII_BMSR, BMSR_ANEG_LATCHED),
                R(MII_BMSR, BMSR_LINK),   R(MII_BMCR, 0x1000),
                R(MII_LPA, 0x4021),
        };
        Harness h;

        bring_772a_up(&h, false, true, PARTNER_100FD_PAUSE);
        harness_idle(&h, 200 * USEC_PER_MSEC);
        phy_model_unplug(h.model);
        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, unplug_run, "§3.5 with the v5.19 pause restore");
        assert_int_equal(phy_model_read(h.model, MII_ADVERTISE), ADV_PAUSE);

        harness_idle(&h, 100 * USEC_PER_MSEC);
        phy_model_plug(h.model, PARTNER_10HD);
        harness_run_until(&h, clock_now(&h.clock) + 1200 * USEC_PER_MSEC);
        harness_skip_trace(&h);
        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, new_partner_up, "§1 read_status, fresh LPA");
        harness_assert_link(&h, PHY_RUNNING, true, SPEED_10, DUPLEX_HALF, false, false);
        harness_free(&h);
}

/* The same AX88772A without the notify, as if it had the 772C's driver: the stale LPA
 * of the first partner would be believed. This is why the workaround exists. */
static void no_notify(PhyDevice *phy)
{
}

static void test_stale_lpa_without_reinit(void **state)
{
        static PhyDriver without_notify;
        Harness h;

        bring_772a_up(&h, false, true, PARTNER_100FD_PAUSE);
        without_notify = *h.phy->drv;
        without_notify.link_change_notify = no_notify;
        h.phy->drv = &without_notify;

        harness_idle(&h, 200 * USEC_PER_MSEC);
        phy_model_unplug(h.model);
        harness_run(&h);
        harness_idle(&h, 100 * USEC_PER_MSEC);
        phy_model_plug(h.model, PARTNER_10HD);
        harness_run_until(&h, clock_now(&h.clock) + 3 * USEC_PER_SEC);
        assert_int_equal(h.phy->state, PHY_RUNNING);
        assert_int_equal(h.phy->regs[MII_LPA], LPA_100FD_PAUSE);
        /* Speed from the stale LPA ∩ advertising, while the wire runs 10/Half. */
        assert_int_equal(h.phy->speed, SPEED_100);
        harness_free(&h);
}

static void test_reinit_failure_is_ignored(void **state)
{
        /* §6: the notify ignores a failing phy_init_hw (here a reset that never ends) and
         * still runs _phy_start_aneg; no ERROR comes from the workaround itself. */
        Harness h;

        bring_772a_up(&h, false, false, PARTNER_100FD_PAUSE);
        harness_idle(&h, 200 * USEC_PER_MSEC);
        phy_model_unplug(h.model);
        assert_int_equal(phy_model_inject_fault(h.model, PHY_MODEL_FAULT_RESET_STUCK, -1, 0), 0);
        harness_run(&h);
        assert_int_equal(h.phy->state, PHY_NOLINK);
        assert_int_equal(harness_count_events(&h, HARNESS_ERROR), 0);
        /* After the timed-out reset poll, the aneg start still ran: ADVERTISE was read
         * after the reset was written. */
        bool reset_written = false, advertise_read_after = false;
        for (size_t i = h.mark; i < h.n_accesses; i++) {
                if (h.accesses[i].op == MDIO_WRITE && h.accesses[i].reg == MII_BMCR &&
                    (h.accesses[i].val & BMCR_RESET))
                        reset_written = true;
                if (reset_written && h.accesses[i].reg == MII_ADVERTISE)
                        advertise_read_after = true;
        }
        assert_true(advertise_read_after);
        harness_free(&h);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_772a_polls_bmcr_and_lpa_while_up),
                cmocka_unit_test(test_lpa_zero),
                cmocka_unit_test(test_stale_lpa_cleared_by_reinit),
                cmocka_unit_test(test_stale_lpa_without_reinit),
                cmocka_unit_test(test_reinit_failure_is_ignored),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
