/* SPDX-License-Identifier: GPL-2.0-or-later */

/* Probe and attach (spec §1, §2.7, §2.9, §2.10, §4, §9): the MDIO traffic, the driver bound
 * by ID, the abilities and the advertisement each MAC profile leaves. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "phy-harness.h"
#include "phyd/macro.h"
#include "phyd/mdio-sim.h"
#include "spec-traces.h"

#define SUPPORTED_AFTER_PROBE (LINK_MODES_BASIC | LINK_MODES_PAUSE)

typedef struct ProbeCase {
        PhyModelKind kind;
        uint32_t phy_id; /* 0: the model's own */
        const char *driver;
        bool internal;
} ProbeCase;

/* §1: the three Asix entries and their masks; anything else is "Generic PHY". */
static const ProbeCase probe_cases[] = {
        { PHY_MODEL_AX88772A, 0, "Asix Electronics AX88772A", true },
        { PHY_MODEL_AX88772C, 0, "Asix Electronics AX88772C", true },
        { PHY_MODEL_AX88796B, 0, "Asix Electronics AX88796B", false },
        /* Model mask 0xfffffff0: another revision nibble still matches. */
        { PHY_MODEL_AX88796B, 0x003b1845, "Asix Electronics AX88796B", false },
        { PHY_MODEL_AX88796B, 0x003b184f, "Asix Electronics AX88796B", false },
        /* Exact masks: another revision falls to Generic PHY. */
        { PHY_MODEL_AX88772A, 0x003b1862, "Generic PHY", false },
        { PHY_MODEL_AX88772C, 0x003b1880, "Generic PHY", false },
        /* 0x1850 is outside the AX88796B's model. */
        { PHY_MODEL_AX88796B, 0x003b1851, "Generic PHY", false },
        { PHY_MODEL_GENERIC, 0, "Generic PHY", false },
};

static void test_probe(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(probe_cases); i++) {
                const ProbeCase *c = &probe_cases[i];
                PhyModelParams params;
                Harness h;

                phy_model_default_params(c->kind, &params);
                if (c->phy_id)
                        params.phy_id = c->phy_id;
                harness_init_params(&h, &params);
                harness_probe(&h);

                const TraceStep probe[] = { PROBE_TRACE(params.phy_id) };
                HARNESS_EXPECT_TRACE(&h, probe, "§2.10 probe-time MDIO traffic");

                assert_int_equal(h.phy->phy_id, params.phy_id);
                assert_string_equal(h.phy->drv->name, c->driver);
                assert_int_equal(h.phy->is_internal, c->internal);
                assert_int_equal(h.phy->state, PHY_READY);
                assert_true(harness_saw_state_change(&h, PHY_DOWN, PHY_READY));

                /* §4: BASIC from BMSR 0x7809, then both pause bits; §2.7: advertised
                 * without pause. */
                assert_int_equal(h.phy->supported, SUPPORTED_AFTER_PROBE);
                assert_int_equal(h.phy->advertising, LINK_MODES_BASIC);
                assert_int_equal(h.phy->supported_eee, 0);
                assert_true(h.phy->autoneg);
                assert_int_equal(h.phy->speed, SPEED_UNKNOWN);
                assert_int_equal(h.phy->duplex, DUPLEX_UNKNOWN);
                assert_string_equal(h.phy->name, "sim0:10");

                harness_free(&h);
        }
}

static void test_probe_absent(void **state)
{
        PhyDevice *phy = NULL;
        Harness h;

        /* §1: an ID whose low 29 bits are all ones is nobody; an empty address reads all
         * ones through the bus pull-up, as does an absent PHY. */
        harness_init(&h, PHY_MODEL_AX88772A);
        assert_int_equal(phy_device_create(h.bus, 0x03, &h.clock, &phy), -ENODEV);
        assert_int_equal(phy_model_inject_fault(h.model, PHY_MODEL_FAULT_ABSENT, -1, 0), 0);
        assert_int_equal(phy_device_create(h.bus, HARNESS_ADDR, &h.clock, &phy), -ENODEV);
        assert_null(phy);

        /* A bus that fails the ID read reports that error. */
        phy_model_clear_faults(h.model);
        assert_int_equal(phy_model_inject_fault(h.model, PHY_MODEL_FAULT_READ_ERROR,
                                                MII_PHYSID2, 1), 0);
        assert_int_equal(phy_device_create(h.bus, HARNESS_ADDR, &h.clock, &phy), -EIO);
        assert_null(phy);
        harness_free(&h);
}

static void test_attach_ax88772(void **state)
{
        Harness h;

        /* §9: phy_attach_direct() resets (asix_soft_reset) and resumes (BMCR read, PDOWN
         * already clear: no write), then ax88772_init_phy() suspends (PDOWN set). The
         * AX88772 MAC supports symmetric and asymmetric pause (§2.7). */
        static const TraceStep attach[] = {
                ASIX_RESET_TRACE,
                R(MII_BMCR, BMCR_DEFAULT),                            /* genphy_resume */
                R(MII_BMCR, BMCR_DEFAULT), W(MII_BMCR, BMCR_PDOWN_SET), /* genphy_suspend */
        };
        /* §3.2 phy_start: __phy_resume clears PDOWN before the first run. */
        static const TraceStep start[] = {
                R(MII_BMCR, BMCR_PDOWN_SET),
                W(MII_BMCR, BMCR_DEFAULT),
        };

        harness_init(&h, PHY_MODEL_AX88772C);
        harness_probe(&h);
        harness_skip_trace(&h);
        assert_int_equal(phy_attach(h.phy, mac_profile_get(MAC_PROFILE_AX88772)), 0);
        HARNESS_EXPECT_TRACE(&h, attach, "§9 AX88772 attach");
        assert_true(h.phy->suspended);
        assert_int_equal(h.phy->advertising, LINK_MODES_BASIC | LINK_MODES_PAUSE);
        assert_int_equal(h.phy->work_due_usec, USEC_INFINITY);

        assert_int_equal(phy_start(h.phy), 0);
        HARNESS_EXPECT_TRACE(&h, start, "§3.2 phy_start");
        assert_false(h.phy->suspended);
        assert_int_equal(h.phy->state, PHY_UP);
        /* phy_start() enters UP without a run yet: the run is due now. */
        assert_int_equal(h.phy->work_due_usec, clock_now(&h.clock));
        harness_free(&h);
}

static void test_attach_xsurf(void **state)
{
        Harness h;

        /* The AX88796B has no suspend/resume (§1): attach is the reset alone. The X-Surf
         * MAC advertises no pause (DESIGN decision 7). */
        static const TraceStep attach[] = { ASIX_RESET_TRACE };

        harness_init(&h, PHY_MODEL_AX88796B);
        harness_probe(&h);
        harness_skip_trace(&h);
        assert_int_equal(phy_attach(h.phy, mac_profile_get(MAC_PROFILE_XSURF)), 0);
        HARNESS_EXPECT_TRACE(&h, attach, "§1 AX88796B attach");
        assert_false(h.phy->suspended);
        assert_int_equal(h.phy->advertising, LINK_MODES_BASIC);

        /* phy_start: nothing to resume, no access. */
        assert_int_equal(phy_start(h.phy), 0);
        assert_int_equal(harness_pending_accesses(&h), 0);
        harness_free(&h);
}

static void test_attach_generic(void **state)
{
        Harness h;

        /* Generic PHY: no soft_reset, so phy_init_hw() touches nothing (§2.9); resume
         * reads BMCR and writes nothing. */
        static const TraceStep attach[] = { R(MII_BMCR, BMCR_DEFAULT) };

        harness_init(&h, PHY_MODEL_GENERIC);
        harness_probe(&h);
        harness_skip_trace(&h);
        assert_int_equal(phy_attach(h.phy, mac_profile_get(MAC_PROFILE_NONE)), 0);
        HARNESS_EXPECT_TRACE(&h, attach, "§2.9 phy_init_hw without soft_reset");
        harness_free(&h);
}

static void test_state_changes_refused(void **state)
{
        Harness h;

        /* §3.2: phy_start only from READY or HALTED; phy_stop only when started, DOWN or
         * ERROR. The kernel WARNs and does nothing; phyd returns -EBUSY. */
        harness_init(&h, PHY_MODEL_AX88772C);
        assert_int_equal(phy_device_create(h.bus, HARNESS_ADDR, &h.clock, &h.phy), 0);
        assert_int_equal(phy_start(h.phy), -EBUSY);
        assert_int_equal(h.phy->state, PHY_DOWN);
        assert_int_equal(phy_probe(h.phy), 0);
        assert_int_equal(phy_stop(h.phy), -EBUSY);
        assert_int_equal(phy_probe(h.phy), -EBUSY);
        assert_int_equal(h.phy->state, PHY_READY);
        harness_free(&h);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_probe),
                cmocka_unit_test(test_probe_absent),
                cmocka_unit_test(test_attach_ax88772),
                cmocka_unit_test(test_attach_xsurf),
                cmocka_unit_test(test_attach_generic),
                cmocka_unit_test(test_state_changes_refused),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
