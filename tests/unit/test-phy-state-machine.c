/* SPDX-License-Identifier: GPL-2.0-or-later */

/* phylib's state machine (spec §2.2-§2.6, §3, §9) on each Asix model: aneg to RUNNING,
 * forced mode, link loss, the latched-low status, the notify condition, stop, errors. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "phy-harness.h"
#include "phyd/genphy.h"
#include "phyd/macro.h"
#include "spec-traces.h"

#define ANEG_USEC (1200 * USEC_PER_MSEC) /* the sim's default aneg time */

/* First run after phy_start on an AX88772C (no notify): §2.6 aneg start writing the pause
 * advertisement and restarting aneg, then §2.2 with the link down. */
static const TraceStep start_run_772c[] = { START_ANEG_RESTORING_PAUSE_TRACE };

/* Brings an AX88772C (ax88772 MAC) with a 100/Full partner to RUNNING; checks every run. */
static void bring_772c_to_running(Harness *h)
{
        /* §2.2 + §2.5: link seen with the latch still low on the first read; the link was
         * down, so a second read; then genphy_read_status reads LPA and resolves. */
        static const TraceStep link_up[] = {
                R(MII_BMCR, BMCR_DEFAULT), R(MII_BMSR, BMSR_ANEG_LATCHED),
                R(MII_BMSR, BMSR_LINK), R(MII_LPA, LPA_100FD_PAUSE),
        };

        harness_init(h, PHY_MODEL_AX88772C);
        phy_model_plug(h->model, PARTNER_100FD_PAUSE);
        harness_bring_up(h, MAC_PROFILE_AX88772);

        harness_run(h);
        HARNESS_EXPECT_TRACE(h, start_run_772c, "§2.6 + §2.2, first run");
        harness_assert_link(h, PHY_NOLINK, false, SPEED_UNKNOWN, DUPLEX_UNKNOWN, false, false);
        assert_true(harness_saw_state_change(h, PHY_UP, PHY_NOLINK));
        assert_int_equal(harness_count_events(h, HARNESS_LINK_DOWN), 1);

        /* Aneg takes 1.2 s: the run 1 s later still sees no link. */
        static const TraceStep nolink[] = { POLL_NOLINK_TRACE };
        harness_run(h);
        HARNESS_EXPECT_TRACE(h, nolink, "§2.2, link down");

        harness_clear_events(h);
        harness_run(h);
        HARNESS_EXPECT_TRACE(h, link_up, "§2.2 + §2.3 + §2.5, link up");
        /* §2.4: 100/Full; §2.7: both advertise Pause -> TX and RX. */
        harness_assert_link(h, PHY_RUNNING, true, SPEED_100, DUPLEX_FULL, true, true);
        assert_true(h->phy->pause);
        assert_false(h->phy->asym_pause);
        assert_true(harness_saw_state_change(h, PHY_NOLINK, PHY_RUNNING));
        assert_int_equal(harness_count_events(h, HARNESS_LINK_UP), 1);
        harness_clear_events(h);
}

static void test_aneg_100_full(void **state)
{
        /* §2.5: up before and up now -> BMCR and one BMSR, nothing else. */
        static const TraceStep steady[] = {
                R(MII_BMCR, BMCR_DEFAULT),
                R(MII_BMSR, BMSR_LINK),
        };
        Harness h;

        bring_772c_to_running(&h);
        for (int i = 0; i < 3; i++) {
                harness_run(&h);
                HARNESS_EXPECT_TRACE(&h, steady, "§2.5 steady state, 2 reads");
        }
        harness_assert_link(&h, PHY_RUNNING, true, SPEED_100, DUPLEX_FULL, true, true);
        assert_int_equal(h.phy->lp_advertising,
                         LINK_MODES_10_100 | LINK_MODE(Autoneg) | LINK_MODE(Pause));
        /* Registers as last read by the state machine. */
        assert_int_equal(h.phy->regs[MII_BMCR], BMCR_DEFAULT);
        assert_int_equal(h.phy->regs[MII_BMSR], BMSR_LINK);
        assert_int_equal(h.phy->regs[MII_LPA], LPA_100FD_PAUSE);
        assert_int_equal(h.phy->regs[MII_ADVERTISE], ADV_PAUSE); /* as written at aneg start */
        assert_int_equal(h.phy->link_down_events, 1);
        harness_free(&h);
}

static void test_aneg_10_half_xsurf(void **state)
{
        /* AX88796B on the X-Surf MAC: the reset at attach already started aneg and the
         * advertisement (no pause) equals the register, so §2.6 restarts nothing: RMW
         * ADVERTISE without a write, BMSR, BMCR checked (ANENABLE set, not isolated). */
        static const TraceStep first_run[] = {
                R(MII_ADVERTISE, ADV_NO_PAUSE), R(MII_BMSR, BMSR_NOLINK),
                R(MII_BMCR, BMCR_DEFAULT),      POLL_NOLINK_TRACE,
        };
        /* The partner can do 10/Half only: BMCR follows the resolved mode (0x1000), LPA
         * 0x4021. §2.4: half duplex leaves pause as it was (0). */
        static const TraceStep link_up[] = {
                R(MII_BMCR, 0x1000), R(MII_BMSR, BMSR_ANEG_LATCHED), R(MII_BMSR, BMSR_LINK),
                R(MII_LPA, 0x4021),
        };
        Harness h;

        harness_init(&h, PHY_MODEL_AX88796B);
        harness_bring_up(&h, MAC_PROFILE_XSURF);
        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, first_run, "§2.6 unchanged advertisement");

        harness_idle(&h, 100 * USEC_PER_MSEC);
        phy_model_plug(h.model, 0x0021);
        harness_run_until(&h, clock_now(&h.clock) + ANEG_USEC);
        harness_skip_trace(&h);
        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, link_up, "§2.2 + §2.5 at 10/Half");
        harness_assert_link(&h, PHY_RUNNING, true, SPEED_10, DUPLEX_HALF, false, false);
        assert_false(h.phy->pause);
        harness_free(&h);
}

static void test_forced_mode(void **state)
{
        /* §2.6 setup_forced: RMW BMCR keeping only LOOPBACK/ISOLATE/PDOWN, SPEED100 |
         * FULLDPLX. Then §2.2: the link was up, one BMSR read; the sim drops the link
         * when aneg goes off (latched low, no ANEGCOMPLETE). §2.5 with autoneg off:
         * lp_advertising zeroed without a read, speed and duplex from BMCR. */
        static const TraceStep forced[] = {
                R(MII_BMCR, BMCR_DEFAULT), W(MII_BMCR, 0x2100),
                R(MII_BMCR, 0x2100),       R(MII_BMSR, BMSR_NOLINK),
                R(MII_BMCR, 0x2100),
        };
        /* The link returns without aneg: LSTATUS set, ANEGCOMPLETE clear. The link was
         * down: the first read returns the latched drop, the second the live link. */
        static const TraceStep forced_up[] = {
                R(MII_BMCR, 0x2100),
                R(MII_BMSR, BMSR_NOLINK),
                R(MII_BMSR, 0x780d),
                R(MII_BMCR, 0x2100),
        };
        Harness h;

        bring_772c_to_running(&h);
        assert_int_equal(phy_ethtool_ksettings_set(h.phy, false, SPEED_100, DUPLEX_FULL,
                                                   h.phy->advertising), 0);
        /* §3.2 via ksettings: a started PHY goes to UP, no notify, and runs now. */
        assert_int_equal(h.phy->state, PHY_UP);
        assert_int_equal(h.phy->work_due_usec, clock_now(&h.clock));
        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, forced, "§2.6 setup_forced + §2.5 fixed");
        harness_assert_link(&h, PHY_NOLINK, false, SPEED_100, DUPLEX_FULL, false, false);
        assert_int_equal(h.phy->lp_advertising, 0);

        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, forced_up, "§2.2 + §2.5 forced link up");
        /* No aneg, no pause (setup_forced clears it; lp_advertising is empty). */
        harness_assert_link(&h, PHY_RUNNING, true, SPEED_100, DUPLEX_FULL, false, false);

        /* Invalid requests change nothing (phy_ethtool_ksettings_set). */
        assert_int_equal(phy_ethtool_ksettings_set(h.phy, false, 1000, DUPLEX_FULL, 0), -EINVAL);
        assert_int_equal(phy_ethtool_ksettings_set(h.phy, false, SPEED_100, 7, 0), -EINVAL);
        assert_int_equal(phy_ethtool_ksettings_set(h.phy, true, SPEED_100, DUPLEX_FULL, 0),
                         -EINVAL);
        assert_int_equal(h.phy->state, PHY_RUNNING);
        assert_false(h.phy->autoneg);
        harness_free(&h);
}

static void test_forced_mode_sanitized(void **state)
{
        Harness h;

        /* §2.6: with autoneg off, a forced mode the PHY lacks snaps to the nearest one it
         * has: remove 100/Full from supported and ask for it. */
        bring_772c_to_running(&h);
        h.phy->supported &= ~LINK_MODE(100baseT_Full);
        assert_int_equal(phy_ethtool_ksettings_set(h.phy, false, SPEED_100, DUPLEX_FULL, 0), 0);
        harness_run(&h);
        assert_int_equal(h.phy->speed, SPEED_100);
        assert_int_equal(h.phy->duplex, DUPLEX_HALF);
        assert_int_equal(h.phy->regs[MII_BMCR], 0x2000);
        harness_free(&h);
}

typedef struct LinkLossCase {
        PhyModelKind kind;
        uint64_t anrestart_usec;
        const TraceStep *trace;
        size_t n_trace;
        const char *cite;
} LinkLossCase;

/* §3.5: one AX88772A RUNNING -> NOLINK poll, ANRESTART cleared by the time it is read
 * (the recorded kernel trace's case): BMSR read twice at the end. */
static const TraceStep loss_772a[] = {
        R(MII_BMCR, BMCR_DEFAULT), R(MII_BMSR, BMSR_NOLINK), /* 1. single read: link 0 */
        ASIX_RESET_TRACE,                                    /* 2. notify: phy_init_hw */
        START_ANEG_RESTORING_PAUSE_TRACE,                    /* 3. _phy_start_aneg */
};

/* §3.5 step 3, the other timing: ANRESTART still set when update_link reads BMCR, so link
 * is 0 without reading BMSR. */
static const TraceStep loss_772a_slow_restart[] = {
        R(MII_BMCR, BMCR_DEFAULT),     R(MII_BMSR, BMSR_NOLINK),
        ASIX_RESET_TRACE,              R(MII_ADVERTISE, ADV_NO_PAUSE),
        W(MII_ADVERTISE, ADV_PAUSE),   R(MII_BMSR, BMSR_NOLINK),
        R(MII_BMCR, BMCR_DEFAULT),     W(MII_BMCR, BMCR_RESTART),
        R(MII_BMCR, BMCR_RESTART),
};

/* §2.5 on the AX88772C and AX88796B: link lost -> speed/duplex unknown, aneg not
 * complete so no LPA read, and no re-init (no notify). */
static const TraceStep loss_genphy[] = {
        R(MII_BMCR, BMCR_DEFAULT),
        R(MII_BMSR, BMSR_NOLINK),
};

static const LinkLossCase link_loss_cases[] = {
        { PHY_MODEL_AX88772A, 0, loss_772a, ELEMENTSOF(loss_772a), "§3.5" },
        { PHY_MODEL_AX88772A, 5 * USEC_PER_MSEC, loss_772a_slow_restart,
          ELEMENTSOF(loss_772a_slow_restart), "§3.5 step 3, ANRESTART still set" },
        { PHY_MODEL_AX88772C, 0, loss_genphy, ELEMENTSOF(loss_genphy), "§2.5, no notify" },
        { PHY_MODEL_AX88796B, 0, loss_genphy, ELEMENTSOF(loss_genphy), "§2.5, no notify" },
};

static void test_link_loss(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(link_loss_cases); i++) {
                const LinkLossCase *c = &link_loss_cases[i];
                PhyModelParams params;
                Harness h;

                phy_model_default_params(c->kind, &params);
                params.anrestart_usec = c->anrestart_usec;
                harness_init_params(&h, &params);
                phy_model_plug(h.model, PARTNER_100FD_PAUSE);
                harness_bring_up(&h, c->kind == PHY_MODEL_AX88796B ? MAC_PROFILE_XSURF
                                                                   : MAC_PROFILE_AX88772);
                harness_run_until(&h, clock_now(&h.clock) + 4 * USEC_PER_SEC);
                assert_int_equal(h.phy->state, PHY_RUNNING);
                harness_skip_trace(&h);
                harness_clear_events(&h);

                harness_idle(&h, 500 * USEC_PER_MSEC);
                phy_model_unplug(h.model);
                harness_run(&h);
                harness_expect_trace(&h, c->trace, c->n_trace, c->cite);

                assert_int_equal(h.phy->state, PHY_NOLINK);
                assert_false(h.phy->link);
                assert_int_equal(harness_count_events(&h, HARNESS_LINK_DOWN), 1);
                assert_true(harness_saw_state_change(&h, PHY_RUNNING, PHY_NOLINK));
                if (c->kind == PHY_MODEL_AX88772A) {
                        /* §1: read_status returned before touching speed/duplex: stale. */
                        assert_int_equal(h.phy->speed, SPEED_100);
                        assert_int_equal(h.phy->duplex, DUPLEX_FULL);
                } else {
                        assert_int_equal(h.phy->speed, SPEED_UNKNOWN);
                        assert_int_equal(h.phy->duplex, DUPLEX_UNKNOWN);
                }

                /* NOLINK -> NOLINK: no notify, so no re-init on the next run (§3.4). */
                static const TraceStep still_down[] = { POLL_NOLINK_TRACE };
                harness_run(&h);
                HARNESS_EXPECT_TRACE(&h, still_down, "§3.4 NOLINK -> NOLINK");
                assert_int_equal(h.phy->link_down_events, 2);
                harness_free(&h);
        }
}

static void test_latched_low_flap(void **state)
{
        /* A drop between two polls that is over by the time of the next poll: the first
         * (single, §2.2) BMSR read returns the latched 0, so phylib reports link down and
         * counts it, and resolves from LPA since aneg completed again (§2.5). */
        static const TraceStep flap[] = {
                R(MII_BMCR, BMCR_DEFAULT),
                R(MII_BMSR, BMSR_ANEG_LATCHED),
                R(MII_LPA, LPA_100FD_PAUSE),
        };
        /* Next poll: the link was down, the first read shows it up: no second read. */
        static const TraceStep back[] = {
                R(MII_BMCR, BMCR_DEFAULT),
                R(MII_BMSR, BMSR_LINK),
                R(MII_LPA, LPA_100FD_PAUSE),
        };
        Harness h;

        bring_772c_to_running(&h);
        phy_model_set_aneg_usec(h.model, 100 * USEC_PER_MSEC);
        harness_idle(&h, 100 * USEC_PER_MSEC);
        phy_model_unplug(h.model);
        harness_idle(&h, 100 * USEC_PER_MSEC);
        phy_model_plug(h.model, PARTNER_100FD_PAUSE);
        harness_idle(&h, 300 * USEC_PER_MSEC);
        assert_true(phy_model_link_is_up(h.model));

        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, flap, "§2.2 latched-low, single read while up");
        assert_int_equal(h.phy->state, PHY_NOLINK);
        assert_int_equal(harness_count_events(&h, HARNESS_LINK_DOWN), 1);
        assert_int_equal(h.phy->link_down_events, 2);

        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, back, "§2.2 link was down, first read shows link");
        harness_assert_link(&h, PHY_RUNNING, true, SPEED_100, DUPLEX_FULL, true, true);
        harness_free(&h);
}

static void test_link_without_aneg_complete(void **state)
{
        /* §2.2 step 3: with autoneg on, a link without "aneg complete" is no link. Someone
         * switched BMCR to forced 100/Full behind phylib's back (as mii-tool -F would): the
         * PHY brings the link up without aneg, BMSR shows LSTATUS but not ANEGCOMPLETE. */
        /* The link was up: one read, which returns the drop latched by the switch. */
        static const TraceStep drop[] = {
                R(MII_BMCR, 0x2100),
                R(MII_BMSR, BMSR_NOLINK),
        };
        /* The run after: the link was down, and the first read already shows LSTATUS
         * (without ANEGCOMPLETE), so there is no second read. */
        static const TraceStep forced_link[] = {
                R(MII_BMCR, 0x2100),
                R(MII_BMSR, 0x780d),
        };
        Harness h;

        bring_772c_to_running(&h);
        assert_int_equal(phy_write(h.phy, MII_BMCR, 0x2100), 0);
        harness_skip_trace(&h);
        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, drop, "§2.2, the drop to forced mode");
        assert_int_equal(h.phy->state, PHY_NOLINK);

        assert_true(phy_model_link_is_up(h.model));
        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, forced_link, "§2.2 step 3, link without aneg complete");
        assert_int_equal(h.phy->state, PHY_NOLINK);
        assert_false(h.phy->link);
        harness_free(&h);
}

/* The AX88772A driver with its notify wrapped, to see exactly when phylib calls it. */
static PhyDriver recording_driver;
static const PhyDriver *wrapped_driver;
static PhyState notified[32];
static size_t n_notified;

static void recording_notify(PhyDevice *phy)
{
        assert_true(n_notified < ELEMENTSOF(notified));
        notified[n_notified++] = phy->state;
        wrapped_driver->link_change_notify(phy);
}

static void wrap_notify(Harness *h)
{
        wrapped_driver = h->phy->drv;
        recording_driver = *wrapped_driver;
        recording_driver.link_change_notify = recording_notify;
        h->phy->drv = &recording_driver;
        n_notified = 0;
}

static void test_notify_condition(void **state)
{
        Harness h;

        harness_init(&h, PHY_MODEL_AX88772A);
        harness_probe(&h);
        assert_int_equal(phy_attach(h.phy, mac_profile_get(MAC_PROFILE_AX88772)), 0);
        wrap_notify(&h);

        /* §3.4: phy_start's READY -> UP is not notified. */
        assert_int_equal(phy_start(h.phy), 0);
        assert_int_equal(n_notified, 0);

        /* UP -> NOLINK: notified with state NOLINK, once; the nested changes inside the
         * notify's own _phy_start_aneg are not. */
        harness_run(&h);
        assert_int_equal(n_notified, 1);
        assert_int_equal(notified[0], PHY_NOLINK);

        /* NOLINK -> NOLINK: not notified. */
        harness_run_n(&h, 3);
        assert_int_equal(n_notified, 1);

        /* NOLINK -> RUNNING: notified. */
        phy_model_plug(h.model, PARTNER_100FD_PAUSE);
        harness_run_until(&h, clock_now(&h.clock) + 3 * USEC_PER_SEC);
        assert_int_equal(h.phy->state, PHY_RUNNING);
        assert_int_equal(n_notified, 2);
        assert_int_equal(notified[1], PHY_RUNNING);

        /* RUNNING -> RUNNING: not notified. */
        harness_run_n(&h, 2);
        assert_int_equal(n_notified, 2);

        /* A state change made outside a run (phy_start_aneg from ethtool, here through
         * set_asym_pause changing the advertisement) is not notified, and the next run
         * starts from the new state (§3.4). The sim drops the link on the restart. */
        phy_set_asym_pause(h.phy, false, false);
        assert_int_equal(h.phy->state, PHY_NOLINK);
        assert_int_equal(n_notified, 2);
        harness_run(&h);
        assert_int_equal(n_notified, 2);

        /* X -> HALTED by phy_stop: notified with HALTED (nothing to do for the 772A). */
        harness_skip_trace(&h);
        assert_int_equal(phy_stop(h.phy), 0);
        assert_int_equal(n_notified, 3);
        assert_int_equal(notified[2], PHY_HALTED);
        harness_free(&h);
}

static void test_stop_clears_link(void **state)
{
        /* §3.2 phy_stop + §9: HALTED with the link up clears speed, duplex and
         * lp_advertising, takes the link down, and suspends (PDOWN). */
        static const TraceStep stop[] = {
                R(MII_BMCR, BMCR_DEFAULT),
                W(MII_BMCR, BMCR_PDOWN_SET),
        };
        static const TraceStep restart[] = {
                R(MII_BMCR, BMCR_PDOWN_SET), W(MII_BMCR, BMCR_DEFAULT), /* __phy_resume */
        };
        Harness h;

        bring_772c_to_running(&h);
        assert_int_equal(phy_stop(h.phy), 0);
        HARNESS_EXPECT_TRACE(&h, stop, "§3.2 phy_stop, §2.8 suspend");
        harness_assert_link(&h, PHY_HALTED, false, SPEED_UNKNOWN, DUPLEX_UNKNOWN, false, false);
        assert_int_equal(h.phy->lp_advertising, 0);
        assert_true(h.phy->suspended);
        assert_int_equal(harness_count_events(&h, HARNESS_LINK_DOWN), 1);
        assert_int_equal(h.phy->link_down_events, 2);
        assert_int_equal(h.phy->work_due_usec, USEC_INFINITY);

        /* Suspend again: already suspended, no access (§2.8). */
        assert_int_equal(phy_suspend(h.phy), 0);
        assert_int_equal(harness_pending_accesses(&h), 0);

        /* And start again from HALTED. */
        assert_int_equal(phy_start(h.phy), 0);
        HARNESS_EXPECT_TRACE(&h, restart, "§3.2 phy_start from HALTED");
        assert_int_equal(h.phy->state, PHY_UP);
        harness_run_until(&h, clock_now(&h.clock) + 3 * USEC_PER_SEC);
        harness_assert_link(&h, PHY_RUNNING, true, SPEED_100, DUPLEX_FULL, true, true);
        harness_free(&h);
}

static void test_suspend_resume(void **state)
{
        Harness h;

        /* §2.8 on the AX88772C: PDOWN set and cleared by RMW; the sim drops the link. */
        static const TraceStep suspend[] = { R(MII_BMCR, BMCR_DEFAULT),
                                             W(MII_BMCR, BMCR_PDOWN_SET) };
        static const TraceStep resume[] = { R(MII_BMCR, BMCR_PDOWN_SET),
                                            W(MII_BMCR, BMCR_DEFAULT) };

        bring_772c_to_running(&h);
        assert_int_equal(phy_suspend(h.phy), 0);
        HARNESS_EXPECT_TRACE(&h, suspend, "§2.8 genphy_suspend");
        assert_false(phy_model_link_is_up(h.model));
        assert_int_equal(phy_resume(h.phy), 0);
        HARNESS_EXPECT_TRACE(&h, resume, "§2.8 genphy_resume");
        assert_false(h.phy->suspended);

        /* Wake-on-LAN forbids suspend (§2.8). */
        h.phy->wol_enabled = true;
        assert_int_equal(phy_suspend(h.phy), -EBUSY);
        assert_int_equal(harness_pending_accesses(&h), 0);
        harness_free(&h);

        /* The AX88796B has no suspend/resume: success without an access, never
         * "suspended" (§1). */
        harness_init(&h, PHY_MODEL_AX88796B);
        harness_bring_up(&h, MAC_PROFILE_XSURF);
        assert_int_equal(phy_suspend(h.phy), 0);
        assert_int_equal(phy_resume(h.phy), 0);
        assert_int_equal(harness_pending_accesses(&h), 0);
        assert_false(h.phy->suspended);
        harness_free(&h);
}

static void test_error_and_recovery(void **state)
{
        /* §3.2: an MDIO error in a run -> phy_error_precise: ERROR, notify, run again now;
         * that run takes the link down and suspends (whose read fails too), and nothing is
         * queued after it (ERROR < UP). */
        static const TraceStep failing[] = { R_ERR(MII_BMCR, -EIO) };
        static const TraceStep error_run[] = { R_ERR(MII_BMCR, -EIO) }; /* genphy_suspend */
        Harness h;

        bring_772c_to_running(&h);
        assert_int_equal(phy_model_inject_fault(h.model, PHY_MODEL_FAULT_READ_ERROR, -1, 0), 0);
        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, failing, "§3.2 error in phy_check_link_status");
        assert_int_equal(h.phy->state, PHY_ERROR);
        assert_true(harness_saw_state_change(&h, PHY_RUNNING, PHY_ERROR));
        assert_int_equal(harness_count_events(&h, HARNESS_ERROR), 1);
        assert_string_equal(harness_last_event(&h, HARNESS_ERROR)->func, "phy_check_link_status");
        assert_int_equal(harness_last_event(&h, HARNESS_ERROR)->err, -EIO);
        assert_int_equal(h.phy->work_due_usec, clock_now(&h.clock));

        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, error_run, "§3.2 ERROR run: link down, suspend");
        assert_false(h.phy->link);
        assert_int_equal(harness_count_events(&h, HARNESS_LINK_DOWN), 1);
        assert_int_equal(h.phy->work_due_usec, USEC_INFINITY);

        /* §3.2: phy_start from ERROR is refused; recovery is stop then start. */
        phy_model_clear_faults(h.model);
        assert_int_equal(phy_start(h.phy), -EBUSY);
        assert_int_equal(phy_stop(h.phy), 0);
        assert_int_equal(h.phy->state, PHY_HALTED);
        assert_int_equal(phy_start(h.phy), 0);
        harness_run_until(&h, clock_now(&h.clock) + 3 * USEC_PER_SEC);
        harness_assert_link(&h, PHY_RUNNING, true, SPEED_100, DUPLEX_FULL, true, true);
        harness_free(&h);
}

static void test_device_gone(void **state)
{
        /* §3.2: -ENODEV returns at once: no ERROR, no notify, no next run. */
        static const TraceStep gone[] = { R_ERR(MII_BMCR, -ENODEV) };
        Harness h;

        bring_772c_to_running(&h);
        assert_int_equal(phy_model_inject_fault(h.model, PHY_MODEL_FAULT_DEVICE_GONE, -1, 0), 0);
        harness_run(&h);
        HARNESS_EXPECT_TRACE(&h, gone, "§3.2 -ENODEV");
        assert_int_equal(h.phy->state, PHY_RUNNING);
        assert_true(h.phy->link);
        assert_int_equal(h.n_events, h.events_mark);
        assert_int_equal(h.phy->work_due_usec, USEC_INFINITY);
        harness_free(&h);
}

static void test_error_in_aneg_start(void **state)
{
        /* A write error in the first run's _phy_start_aneg: ERROR with that function. */
        Harness h;

        harness_init(&h, PHY_MODEL_AX88772C);
        harness_bring_up(&h, MAC_PROFILE_AX88772);
        assert_int_equal(phy_model_inject_fault(h.model, PHY_MODEL_FAULT_WRITE_ERROR,
                                                MII_ADVERTISE, 1), 0);
        harness_run(&h);
        assert_int_equal(h.phy->state, PHY_ERROR);
        assert_string_equal(harness_last_event(&h, HARNESS_ERROR)->func, "_phy_start_aneg");
        assert_int_equal(harness_last_event(&h, HARNESS_ERROR)->err, -EIO);
        harness_free(&h);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_aneg_100_full),
                cmocka_unit_test(test_aneg_10_half_xsurf),
                cmocka_unit_test(test_forced_mode),
                cmocka_unit_test(test_forced_mode_sanitized),
                cmocka_unit_test(test_link_loss),
                cmocka_unit_test(test_latched_low_flap),
                cmocka_unit_test(test_link_without_aneg_complete),
                cmocka_unit_test(test_notify_condition),
                cmocka_unit_test(test_stop_clears_link),
                cmocka_unit_test(test_suspend_resume),
                cmocka_unit_test(test_error_and_recovery),
                cmocka_unit_test(test_device_gone),
                cmocka_unit_test(test_error_in_aneg_start),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
