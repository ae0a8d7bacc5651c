/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Pause through the whole stack: the local advertisement set with phy_set_asym_pause()
 * (spec §2.7), a partner advertising each Pause/Asym_Pause combination, aneg to RUNNING on
 * the AX88772C, and the MAC's flow control from phy_get_pause(): IEEE 802.3 Annex 28B
 * Table 28B-3 in full duplex, nothing in half duplex.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "phy-harness.h"
#include "phyd/macro.h"
#include "spec-traces.h"

typedef struct PauseCase {
        bool local_pause, local_asym;
        bool partner_pause, partner_asym;
        bool tx, rx; /* Table 28B-3: transmit / receive PAUSE */
} PauseCase;

/* IEEE 802.3 Annex 28B, Table 28B-3 "Pause resolution", every row expanded. */
static const PauseCase annex_28b[] = {
        /* local P A  partner P A   tx     rx */
        { 0, 0, 0, 0, false, false },
        { 0, 0, 0, 1, false, false },
        { 0, 0, 1, 0, false, false },
        { 0, 0, 1, 1, false, false },
        { 0, 1, 0, 0, false, false },
        { 0, 1, 0, 1, false, false },
        { 0, 1, 1, 0, false, false },
        { 0, 1, 1, 1, true, false },  /* asymmetric: we send PAUSE, never honour it */
        { 1, 0, 0, 0, false, false },
        { 1, 0, 0, 1, false, false },
        { 1, 0, 1, 0, true, true },
        { 1, 0, 1, 1, true, true },
        { 1, 1, 0, 0, false, false },
        { 1, 1, 0, 1, false, true },  /* asymmetric: we honour PAUSE, never send it */
        { 1, 1, 1, 0, true, true },
        { 1, 1, 1, 1, true, true },
};

static void run_case(const PauseCase *c, bool full_duplex)
{
        /* Full duplex: a 10/100 partner, 100/Full common. Half duplex: a partner with
         * the half-duplex modes only, 100/Half common. */
        uint16_t partner = full_duplex ? 0x01e1 : 0x00a1;
        bool rx, tx;
        Harness h;

        if (c->partner_pause)
                partner |= ADVERTISE_PAUSE_CAP;
        if (c->partner_asym)
                partner |= ADVERTISE_PAUSE_ASYM;

        harness_init(&h, PHY_MODEL_AX88772C);
        harness_probe(&h);
        assert_int_equal(phy_attach(h.phy, mac_profile_get(MAC_PROFILE_AX88772)), 0);

        /* §2.7 set_asym_pause: Pause = rx, Asym = rx ^ tx; solve for (rx, tx). */
        rx = c->local_pause;
        tx = c->local_asym ? !rx : rx;
        phy_set_asym_pause(h.phy, rx, tx);
        assert_int_equal(linkmode_test(h.phy->advertising, LINK_MODE(Pause)), c->local_pause);
        assert_int_equal(linkmode_test(h.phy->advertising, LINK_MODE(Asym_Pause)),
                         c->local_asym);

        phy_model_plug(h.model, partner);
        assert_int_equal(phy_start(h.phy), 0);
        harness_run_until(&h, clock_now(&h.clock) + 3 * USEC_PER_SEC);

        /* What went on the wire is what was asked. */
        assert_int_equal(phy_model_read(h.model, MII_ADVERTISE) & 0x0c00,
                         (c->local_pause ? ADVERTISE_PAUSE_CAP : 0) |
                                 (c->local_asym ? ADVERTISE_PAUSE_ASYM : 0));

        if (full_duplex) {
                harness_assert_link(&h, PHY_RUNNING, true, SPEED_100, DUPLEX_FULL, c->tx,
                                    c->rx);
                /* §2.4: phydev->pause/asym_pause are the partner's bits. */
                assert_int_equal(h.phy->pause, c->partner_pause);
                assert_int_equal(h.phy->asym_pause, c->partner_asym);
        } else {
                harness_assert_link(&h, PHY_RUNNING, true, SPEED_100, DUPLEX_HALF, false,
                                    false);
                assert_false(h.phy->pause);
                assert_false(h.phy->asym_pause);
        }
        harness_free(&h);
}

static void test_pause_full_duplex(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(annex_28b); i++)
                run_case(&annex_28b[i], true);
}

static void test_pause_half_duplex(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(annex_28b); i++)
                run_case(&annex_28b[i], false);
}

static void test_set_asym_pause_restarts_aneg(void **state)
{
        /* §2.7: a change of the advertisement with autoneg on starts aneg (writes
         * ADVERTISE, restarts); no change, no access. */
        static const TraceStep restart[] = {
                R(MII_ADVERTISE, ADV_PAUSE),   W(MII_ADVERTISE, 0x05e1),
                R(MII_BMSR, BMSR_LINK),        R(MII_BMCR, BMCR_DEFAULT),
                W(MII_BMCR, BMCR_RESTART),     R(MII_BMCR, BMCR_DEFAULT),
                R(MII_BMSR, BMSR_NOLINK),
        };
        Harness h;

        harness_init(&h, PHY_MODEL_AX88772C);
        phy_model_plug(h.model, PARTNER_100FD_PAUSE);
        harness_bring_up(&h, MAC_PROFILE_AX88772);
        harness_run_until(&h, clock_now(&h.clock) + 3 * USEC_PER_SEC);
        harness_skip_trace(&h);

        phy_set_asym_pause(h.phy, true, true); /* Pause only */
        HARNESS_EXPECT_TRACE(&h, restart, "§2.7 set_asym_pause -> phy_start_aneg");
        phy_set_asym_pause(h.phy, true, true);
        assert_int_equal(harness_pending_accesses(&h), 0);
        harness_free(&h);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_pause_full_duplex),
                cmocka_unit_test(test_pause_half_duplex),
                cmocka_unit_test(test_set_asym_pause_restarts_aneg),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
