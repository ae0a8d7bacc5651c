/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The PHY model on virtual time: the Clause 22 register semantics of IEEE 802.3 22.2.4, the
 * Asix quirks of the phylib/Asix spec §7, fault injection, and a replay of the recorded
 * AX88772A kernel trace (spec kernel-traces/ax88772a-6.12.117-probe-plug-unplug.trace).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <linux/mii.h>

#include "phyd/clock.h"
#include "phyd/macro.h"
#include "phyd/phy-model.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(PhyModel *, phy_model_free);

/* Not at 0, so a model that confuses absolute and relative times shows it. */
#define T0 (10 * USEC_PER_SEC)
#define PARTNER_100FULL_PAUSE 0x05e1 /* the trace's partner: all 10/100 modes + PAUSE_CAP */
#define BMSR_ABILITIES 0x7809

static PhyModel *model_new_params(Clock *clock, const PhyModelParams *params)
{
        PhyModel *m = NULL;

        assert_int_equal(phy_model_new(params, clock, &m), 0);
        assert_non_null(m);
        return m;
}

static PhyModel *model_new(Clock *clock, PhyModelKind kind)
{
        PhyModelParams params;

        clock_virtual_init(clock, T0);
        phy_model_default_params(kind, &params);
        return model_new_params(clock, &params);
}

static void wr(PhyModel *m, uint16_t reg, uint16_t val)
{
        assert_int_equal(phy_model_write(m, reg, val), 0);
}

/* Plugs a partner and waits out the negotiation; the link must then be up. */
static void plug_and_wait(Clock *clock, PhyModel *m, uint16_t partner)
{
        phy_model_plug(m, partner);
        clock_sleep(clock, phy_model_params(m)->aneg_usec);
        assert_true(phy_model_link_is_up(m));
}

/* Reads BMSR until the latch shows the live link, as phylib's double read does. */
static void bmsr_settle(PhyModel *m)
{
        assert_true(phy_model_read(m, MII_BMSR) >= 0);
        assert_true(phy_model_read(m, MII_BMSR) >= 0);
}

/* Every enum round-trips through its string table (STYLE.md, systemd test-network-tables). */
static void test_string_tables(void **state)
{
        static const char *const kinds[] = { "ax88796b", "ax88772a", "ax88772c", "generic" };
        static const char *const quirks[] = { "lpa-zero", "stale-lpa" };
        static const char *const faults[] = {
                "none", "read-error", "write-error", "reset-stuck", "absent", "device-gone",
                "id-changed", "garbage",
        };

        assert_int_equal(ELEMENTSOF(kinds), _PHY_MODEL_KIND_MAX);
        for (int i = 0; i < _PHY_MODEL_KIND_MAX; i++) {
                assert_string_equal(phy_model_kind_to_string((PhyModelKind) i), kinds[i]);
                assert_int_equal(phy_model_kind_from_string(kinds[i]), i);
        }
        assert_int_equal(ELEMENTSOF(quirks), _PHY_MODEL_QUIRK_MAX);
        for (int i = 0; i < _PHY_MODEL_QUIRK_MAX; i++) {
                assert_string_equal(phy_model_quirk_to_string((PhyModelQuirk) i), quirks[i]);
                assert_int_equal(phy_model_quirk_from_string(quirks[i]), i);
        }
        assert_int_equal(ELEMENTSOF(faults), _PHY_MODEL_FAULT_MAX);
        for (int i = 0; i < _PHY_MODEL_FAULT_MAX; i++) {
                assert_string_equal(phy_model_fault_to_string((PhyModelFault) i), faults[i]);
                assert_int_equal(phy_model_fault_from_string(faults[i]), i);
        }

        assert_null(phy_model_kind_to_string(_PHY_MODEL_KIND_MAX));
        assert_null(phy_model_quirk_to_string(_PHY_MODEL_QUIRK_INVALID));
        assert_null(phy_model_fault_to_string(_PHY_MODEL_FAULT_MAX));
        assert_int_equal(phy_model_kind_from_string("ax88772b"), -EINVAL);
        assert_int_equal(phy_model_quirk_from_string(NULL), -EINVAL);
        assert_int_equal(phy_model_fault_from_string(""), -EINVAL);
}

/* Spec §1 (IDs, edge-triggered reset) and §7 (assumed defaults). */
static void test_default_params(void **state)
{
        static const struct {
                PhyModelKind kind;
                uint32_t phy_id;
                bool edge_only;
                bool pending;
        } cases[] = {
                { PHY_MODEL_AX88796B, 0x003b1841, true, true },
                { PHY_MODEL_AX88772A, 0x003b1861, true, false },
                { PHY_MODEL_AX88772C, 0x003b1881, true, false },
                { PHY_MODEL_GENERIC, 0x02a80150, false, false },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                PhyModelParams p;

                phy_model_default_params(cases[i].kind, &p);
                assert_int_equal(p.phy_id, cases[i].phy_id);
                assert_int_equal(p.reset_on_edge_only, cases[i].edge_only);
                assert_int_equal(p.reset_pending_at_power_up, cases[i].pending);
                assert_int_equal(p.bmcr_default, 0x3100);
                assert_int_equal(p.bmsr_abilities, BMSR_ABILITIES);
                assert_int_equal(p.advertise_default, 0x01e1);
                assert_int_equal(p.reset_usec, 3 * USEC_PER_MSEC);
                assert_int_equal(p.anrestart_usec, 0);
                assert_int_equal(p.aneg_usec, 1200 * USEC_PER_MSEC);
                assert_true(p.forced_link_usec > 0);
                assert_true(p.honours_pdown);
        }

        /* The generic PHY must not fall into the Asix OUI, nor match the 796B's model mask. */
        {
                PhyModelParams p;

                phy_model_default_params(PHY_MODEL_GENERIC, &p);
                assert_int_not_equal(p.phy_id >> 10, 0x003b1841 >> 10);
                assert_int_not_equal(p.phy_id & 0xfffffff0, 0x003b1840);
        }
}

/* IEEE 802.3 22.2.4.3.1: the PHY identifier in registers 2 and 3; spec §2.10. */
static void test_id_registers(void **state)
{
        static const struct {
                PhyModelKind kind;
                uint16_t id1, id2;
        } cases[] = {
                { PHY_MODEL_AX88796B, 0x003b, 0x1841 },
                { PHY_MODEL_AX88772A, 0x003b, 0x1861 },
                { PHY_MODEL_AX88772C, 0x003b, 0x1881 },
                { PHY_MODEL_GENERIC, 0x02a8, 0x0150 },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(phy_model_freep) PhyModel *m = NULL;
                Clock clock;

                m = model_new(&clock, cases[i].kind);
                assert_int_equal(phy_model_read(m, MII_PHYSID1), cases[i].id1);
                assert_int_equal(phy_model_read(m, MII_PHYSID2), cases[i].id2);
                /* Read-only. */
                wr(m, MII_PHYSID1, 0x1234);
                wr(m, MII_PHYSID2, 0x5678);
                assert_int_equal(phy_model_read(m, MII_PHYSID1), cases[i].id1);
                assert_int_equal(phy_model_read(m, MII_PHYSID2), cases[i].id2);
        }
}

/* Spec §7.1, §7.5: the power-up registers (BMCR 0x3100, BMSR 0x7809, ADVERTISE 0x01e1). */
static void test_power_up(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES);
        assert_int_equal(phy_model_read(m, MII_ADVERTISE), 0x01e1);
        assert_int_equal(phy_model_read(m, MII_LPA), 0);
        assert_int_equal(phy_model_read(m, MII_EXPANSION), 0);
        assert_false(phy_model_partner_present(m));
        assert_false(phy_model_link_is_up(m));

        /* With no partner, time alone brings no link. */
        clock_sleep(&clock, 10 * USEC_PER_SEC);
        assert_false(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES);

        assert_int_equal(phy_model_new(NULL, &clock, &m), -EINVAL);
}

/* IEEE 802.3 22.2.4.2.13: LSTATUS is latched low; a drop between two reads shows once. */
static void test_lstatus_latched_low(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        plug_and_wait(&clock, m, PARTNER_100FULL_PAUSE);

        /* The link was down since power-up: the first read shows that, the second the link
         * (the trace's 0x7829 then 0x782d). */
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES | BMSR_ANEGCOMPLETE);
        assert_int_equal(phy_model_read(m, MII_BMSR),
                         BMSR_ABILITIES | BMSR_ANEGCOMPLETE | BMSR_LSTATUS);
        assert_int_equal(phy_model_read(m, MII_BMSR),
                         BMSR_ABILITIES | BMSR_ANEGCOMPLETE | BMSR_LSTATUS);

        /* A flap between two reads: down, and up again before the next read. */
        phy_model_unplug(m);
        clock_sleep(&clock, 100 * USEC_PER_MSEC);
        plug_and_wait(&clock, m, PARTNER_100FULL_PAUSE);
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES | BMSR_ANEGCOMPLETE);
        assert_int_equal(phy_model_read(m, MII_BMSR),
                         BMSR_ABILITIES | BMSR_ANEGCOMPLETE | BMSR_LSTATUS);

        /* A drop that lasts reads 0 on every read. */
        phy_model_unplug(m);
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES);
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES);
}

/* phy_model_link_is_up() reports the wire without consuming the latch (IEEE 802.3
 * 22.2.4.2.13: only a read of register 1 clears it). */
static void test_link_is_up_keeps_latch(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        plug_and_wait(&clock, m, PARTNER_100FULL_PAUSE);
        assert_true(phy_model_link_is_up(m));
        assert_true(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_BMSR) & BMSR_LSTATUS, 0);
        assert_int_equal(phy_model_read(m, MII_BMSR) & BMSR_LSTATUS, BMSR_LSTATUS);
}

/* IEEE 802.3 22.2.4.2.10: ANEGCOMPLETE is live, not latched. */
static void test_anegcomplete_live(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        assert_int_equal(phy_model_read(m, MII_BMSR) & BMSR_ANEGCOMPLETE, 0);
        plug_and_wait(&clock, m, PARTNER_100FULL_PAUSE);
        for (int i = 0; i < 3; i++)
                assert_int_equal(phy_model_read(m, MII_BMSR) & BMSR_ANEGCOMPLETE,
                                 BMSR_ANEGCOMPLETE);
        phy_model_unplug(m);
        assert_int_equal(phy_model_read(m, MII_BMSR) & BMSR_ANEGCOMPLETE, 0);
        assert_int_equal(phy_model_read(m, MII_EXPANSION), 0);
}

/* IEEE 802.3 22.2.4.1.1, spec §7.1: RESET self-clears after reset_usec and restores the
 * defaults (BMCR, ADVERTISE, PDOWN cleared), then aneg starts over. */
static void test_reset_restores_defaults(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        uint64_t usec;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        usec = phy_model_params(m)->reset_usec;
        plug_and_wait(&clock, m, PARTNER_100FULL_PAUSE);

        wr(m, MII_ADVERTISE, 0x0de1);
        wr(m, 0x0d, 0x4003);
        wr(m, MII_BMCR, 0x3900); /* PDOWN: link drops */
        assert_false(phy_model_link_is_up(m));

        wr(m, MII_BMCR, 0xb900); /* a 0->1 edge of bit 15, PDOWN still written */
        assert_int_equal(phy_model_read(m, MII_BMCR), 0xb900);
        clock_sleep(&clock, usec - 1);
        assert_int_equal(phy_model_read(m, MII_BMCR) & BMCR_RESET, BMCR_RESET);
        assert_false(phy_model_link_is_up(m));
        clock_sleep(&clock, 1);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
        assert_int_equal(phy_model_read(m, MII_ADVERTISE), 0x01e1);
        assert_int_equal(phy_model_read(m, 0x0d), 0);

        /* Aneg starts from the reset's completion. */
        clock_sleep(&clock, phy_model_params(m)->aneg_usec - 1);
        assert_false(phy_model_link_is_up(m));
        clock_sleep(&clock, 1);
        assert_true(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_LPA), 0x45e1);
}

/* The reset completes at its own time even when the model is next evaluated much later:
 * events are processed in time order (reset done, then aneg done 1.2 s after it). */
static void test_lazy_events_in_order(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        phy_model_plug(m, PARTNER_100FULL_PAUSE);
        wr(m, MII_BMCR, 0x8000);
        clock_virtual_advance_to(&clock, T0 + 3 * USEC_PER_MSEC + 1200 * USEC_PER_MSEC - 1);
        assert_false(phy_model_link_is_up(m));
        clock_virtual_advance_to(&clock, T0 + 3 * USEC_PER_MSEC + 1200 * USEC_PER_MSEC);
        assert_true(phy_model_link_is_up(m));
}

/* IEEE 802.3 22.2.4.1.7: ANRESTART self-clears and restarts aneg. The default clears at once
 * (the trace reads 0x3100 right after writing 0x3300); a slower PHY reads 1 for a while. */
static void test_anrestart(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL, *slow = NULL;
        PhyModelParams p;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        plug_and_wait(&clock, m, PARTNER_100FULL_PAUSE);
        bmsr_settle(m);

        wr(m, MII_BMCR, 0x3300);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
        assert_false(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES);
        assert_int_equal(phy_model_read(m, MII_LPA), 0);
        clock_sleep(&clock, phy_model_params(m)->aneg_usec - 1);
        assert_false(phy_model_link_is_up(m));
        clock_sleep(&clock, 1);
        assert_true(phy_model_link_is_up(m));

        clock_virtual_init(&clock, T0);
        phy_model_default_params(PHY_MODEL_AX88772A, &p);
        p.anrestart_usec = 500;
        slow = model_new_params(&clock, &p);
        wr(slow, MII_BMCR, 0x3300);
        clock_sleep(&clock, 499);
        assert_int_equal(phy_model_read(slow, MII_BMCR), 0x3300);
        clock_sleep(&clock, 1);
        assert_int_equal(phy_model_read(slow, MII_BMCR), 0x3100);

        /* With ANENABLE clear, ANRESTART does nothing (22.2.4.1.7). */
        wr(slow, MII_BMCR, 0x2300);
        assert_int_equal(phy_model_read(slow, MII_BMCR), 0x2100);

        /* Simulator1.SetAnrestartTime: a hold set at run time applies to the next write. */
        phy_model_set_anrestart_usec(slow, 2000);
        wr(slow, MII_BMCR, 0x3300);
        clock_sleep(&clock, 1999);
        assert_int_equal(phy_model_read(slow, MII_BMCR), 0x3300);
        clock_sleep(&clock, 1);
        assert_int_equal(phy_model_read(slow, MII_BMCR), 0x3100);
}

/* Spec §2.2 step 3: with a link lead, BMSR reads LSTATUS without ANEGCOMPLETE for that long
 * before the negotiation completes; the link itself comes up with ANEGCOMPLETE. */
static void test_link_lead(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        PhyModelParams p;
        Clock clock;

        clock_virtual_init(&clock, T0);
        phy_model_default_params(PHY_MODEL_AX88772A, &p);
        m = model_new_params(&clock, &p);
        phy_model_set_link_lead_usec(m, 300);
        phy_model_plug(m, PARTNER_100FULL_PAUSE);
        clock_sleep(&clock, p.aneg_usec - 301);
        (void) phy_model_read(m, MII_BMSR);
        assert_false(phy_model_read(m, MII_BMSR) & BMSR_LSTATUS);
        clock_sleep(&clock, 1);
        (void) phy_model_read(m, MII_BMSR);
        assert_int_equal(phy_model_read(m, MII_BMSR) & (BMSR_LSTATUS | BMSR_ANEGCOMPLETE),
                         BMSR_LSTATUS);
        assert_false(phy_model_link_is_up(m));
        clock_sleep(&clock, 300);
        assert_int_equal(phy_model_read(m, MII_BMSR) & (BMSR_LSTATUS | BMSR_ANEGCOMPLETE),
                         BMSR_LSTATUS | BMSR_ANEGCOMPLETE);
        assert_true(phy_model_link_is_up(m));
}

/* Spec §1 "toggle" quirk, §7.1: an Asix PHY resets only on a written 0->1 edge of BMCR.15;
 * the generic PHY on every write of it (IEEE 802.3 22.2.4.1.1). A second write 2 ms into a
 * 3 ms reset either restarts the reset (done at 5 ms) or not (done at 3 ms). */
static void test_reset_edge_rule(void **state)
{
        static const struct {
                PhyModelKind kind;
                bool zero_between;
                bool restarts;
        } cases[] = {
                { PHY_MODEL_AX88772A, false, false }, /* 0x8000 after 0x8000: no edge */
                { PHY_MODEL_AX88772A, true, true },   /* 0x8000, 0, 0x8000: edge */
                { PHY_MODEL_AX88772C, false, false },
                { PHY_MODEL_AX88796B, true, true },
                { PHY_MODEL_GENERIC, false, true },   /* level: every write resets */
                { PHY_MODEL_GENERIC, true, true },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(phy_model_freep) PhyModel *m = NULL;
                Clock clock;

                m = model_new(&clock, cases[i].kind);
                /* Get every kind to "bit 15 last written as 0" first. */
                wr(m, MII_BMCR, 0x0000);
                wr(m, MII_BMCR, 0x8000);
                assert_int_equal(phy_model_read(m, MII_BMCR), 0x8000);

                clock_sleep(&clock, 1 * USEC_PER_MSEC);
                if (cases[i].zero_between)
                        wr(m, MII_BMCR, 0x0000);
                clock_sleep(&clock, 1 * USEC_PER_MSEC);
                wr(m, MII_BMCR, 0x8000);

                clock_sleep(&clock, 1 * USEC_PER_MSEC);
                assert_int_equal(phy_model_read(m, MII_BMCR),
                                 cases[i].restarts ? 0x8000 : 0x3100);
                clock_sleep(&clock, 2 * USEC_PER_MSEC);
                assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
        }
}

/* Spec §1/§7.1 (model assumption): the AX88796B powers up with BMCR.15 reading 1 and no
 * reset running. genphy_soft_reset's read-modify-write alone gives no edge and the kernel's
 * 600 ms poll would time out; asix_soft_reset's BMCR = 0 first makes the edge. */
static void test_ax88796b_pending_reset(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;
        int v;

        m = model_new(&clock, PHY_MODEL_AX88796B);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0xb100);

        /* genphy_soft_reset: RMW clear ISOLATE, set RESET|ANRESTART. */
        v = phy_model_read(m, MII_BMCR);
        wr(m, MII_BMCR, (uint16_t) ((v & ~BMCR_ISOLATE) | BMCR_RESET | BMCR_ANRESTART));
        for (int i = 0; i < 24; i++) {
                clock_sleep(&clock, 25 * USEC_PER_MSEC);
                assert_int_equal(phy_model_read(m, MII_BMCR) & BMCR_RESET, BMCR_RESET);
        }

        /* asix_soft_reset: BMCR = 0, then the same RMW. */
        wr(m, MII_BMCR, 0x0000);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x0000);
        wr(m, MII_BMCR, 0x8200);
        assert_int_equal(phy_model_read(m, MII_BMCR) & BMCR_RESET, BMCR_RESET);
        clock_sleep(&clock, phy_model_params(m)->reset_usec);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);

        /* After a completed reset the latch is clear, so a plain RMW resets. */
        wr(m, MII_BMCR, 0xb300);
        assert_int_equal(phy_model_read(m, MII_BMCR) & BMCR_RESET, BMCR_RESET);
        clock_sleep(&clock, phy_model_params(m)->reset_usec);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
}

/* IEEE 802.3 28.2.3 / 22.2.4.2.10: aneg completes aneg_usec after the plug, not before. */
static void test_aneg_timing(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772C);
        clock_sleep(&clock, 5 * USEC_PER_SEC); /* a late plug restarts the timer */
        phy_model_plug(m, PARTNER_100FULL_PAUSE);
        assert_true(phy_model_partner_present(m));
        clock_sleep(&clock, 1200 * USEC_PER_MSEC - 1);
        assert_false(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_BMSR) & BMSR_ANEGCOMPLETE, 0);
        assert_int_equal(phy_model_read(m, MII_LPA), 0);
        clock_sleep(&clock, 1);
        assert_true(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_BMSR) & BMSR_ANEGCOMPLETE, BMSR_ANEGCOMPLETE);
        assert_int_equal(phy_model_read(m, MII_EXPANSION), EXPANSION_NWAY);

        /* A new aneg time applies to the next negotiation. */
        phy_model_set_aneg_usec(m, 300 * USEC_PER_MSEC);
        assert_int_equal(phy_model_params(m)->aneg_usec, 300 * USEC_PER_MSEC);
        wr(m, MII_BMCR, 0x3300);
        clock_sleep(&clock, 300 * USEC_PER_MSEC - 1);
        assert_false(phy_model_link_is_up(m));
        clock_sleep(&clock, 1);
        assert_true(phy_model_link_is_up(m));
}

/* IEEE 802.3 Annex 28B.3 priority (100F > 100H > 10F > 10H); spec §2.4, §7.3: LPA =
 * partner | LPACK, BMCR speed/duplex follow the result; no common mode: no link. */
static void test_aneg_resolution(void **state)
{
        static const struct {
                uint16_t advertise; /* 0: the default 0x01e1 */
                uint16_t partner;
                bool link;
                uint16_t bmcr;
                uint16_t lpa;
        } cases[] = {
                { 0, 0x05e1, true, 0x3100, 0x45e1 },      /* the trace's partner */
                { 0, 0x01e1, true, 0x3100, 0x41e1 },
                { 0x0de1, 0x0de1, true, 0x3100, 0x4de1 },
                { 0, 0x00a1, true, 0x3000, 0x40a1 },      /* 100H + 10H */
                { 0, 0x0081, true, 0x3000, 0x4081 },      /* 100H */
                { 0, 0x0061, true, 0x1100, 0x4061 },      /* 10F + 10H */
                { 0, 0x0041, true, 0x1100, 0x4041 },      /* 10F */
                { 0, 0x0021, true, 0x1000, 0x4021 },      /* 10H only */
                { 0x0061, 0x01e1, true, 0x1100, 0x41e1 }, /* we offer 10 only */
                { 0x0021, 0x0041, false, 0x3100, 0 },     /* 10H vs 10F: nothing common */
                { 0, 0x0001, false, 0x3100, 0 },          /* partner offers no mode */
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(phy_model_freep) PhyModel *m = NULL;
                Clock clock;

                m = model_new(&clock, PHY_MODEL_AX88772C);
                if (cases[i].advertise != 0) {
                        wr(m, MII_ADVERTISE, cases[i].advertise);
                        wr(m, MII_BMCR, 0x3300);
                }
                phy_model_plug(m, cases[i].partner);
                clock_sleep(&clock, 10 * USEC_PER_SEC);

                assert_int_equal(phy_model_link_is_up(m), cases[i].link);
                assert_int_equal(phy_model_read(m, MII_BMCR), cases[i].bmcr);
                assert_int_equal(phy_model_read(m, MII_LPA), cases[i].lpa);
                assert_int_equal(phy_model_read(m, MII_EXPANSION),
                                 cases[i].link ? EXPANSION_NWAY : 0);
                assert_int_equal(phy_model_read(m, MII_BMSR) & BMSR_ANEGCOMPLETE,
                                 cases[i].link ? BMSR_ANEGCOMPLETE : 0);
        }
}

/* IEEE 802.3 22.2.4.1.5, spec §2.8/§7.6: PDOWN drops the link; clearing it renegotiates. A
 * PHY that does not honour PDOWN keeps its link. */
static void test_pdown(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL, *deaf = NULL;
        PhyModelParams p;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        plug_and_wait(&clock, m, PARTNER_100FULL_PAUSE);
        bmsr_settle(m);

        wr(m, MII_BMCR, 0x3900);
        assert_false(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3900);
        clock_sleep(&clock, 5 * USEC_PER_SEC);
        assert_false(phy_model_link_is_up(m));
        /* ANRESTART while powered down does nothing either. */
        wr(m, MII_BMCR, 0x3b00);
        clock_sleep(&clock, 5 * USEC_PER_SEC);
        assert_false(phy_model_link_is_up(m));

        wr(m, MII_BMCR, 0x3100);
        clock_sleep(&clock, phy_model_params(m)->aneg_usec - 1);
        assert_false(phy_model_link_is_up(m));
        clock_sleep(&clock, 1);
        assert_true(phy_model_link_is_up(m));

        clock_virtual_init(&clock, T0);
        phy_model_default_params(PHY_MODEL_GENERIC, &p);
        p.honours_pdown = false;
        deaf = model_new_params(&clock, &p);
        plug_and_wait(&clock, deaf, PARTNER_100FULL_PAUSE);
        wr(deaf, MII_BMCR, 0x3900);
        assert_true(phy_model_link_is_up(deaf));
}

/* IEEE 802.3 22.2.4.1.3/22.2.4.1.8: with ANENABLE clear the link comes up at the BMCR
 * speed/duplex, with no aneg result; turning ANENABLE back on renegotiates. */
static void test_forced_mode(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        uint64_t forced;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_GENERIC);
        forced = phy_model_params(m)->forced_link_usec;

        /* No partner: no link, however long. */
        wr(m, MII_BMCR, 0x2100);
        clock_sleep(&clock, 10 * USEC_PER_SEC);
        assert_false(phy_model_link_is_up(m));

        phy_model_plug(m, PARTNER_100FULL_PAUSE);
        clock_sleep(&clock, forced - 1);
        assert_false(phy_model_link_is_up(m));
        clock_sleep(&clock, 1);
        assert_true(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x2100);
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES);
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES | BMSR_LSTATUS);
        assert_int_equal(phy_model_read(m, MII_LPA), 0);
        assert_int_equal(phy_model_read(m, MII_EXPANSION), 0);

        /* A new speed drops the link and brings it up again. */
        wr(m, MII_BMCR, 0x0000);
        assert_false(phy_model_link_is_up(m));
        clock_sleep(&clock, forced);
        assert_true(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x0000);

        /* Rewriting the same value keeps the link. */
        wr(m, MII_BMCR, 0x0000);
        assert_true(phy_model_link_is_up(m));

        /* ANENABLE 0 -> 1 renegotiates. */
        wr(m, MII_BMCR, 0x1000);
        assert_false(phy_model_link_is_up(m));
        clock_sleep(&clock, phy_model_params(m)->aneg_usec);
        assert_true(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
        assert_int_equal(phy_model_read(m, MII_LPA), 0x45e1);
}

/* Spec §1, §7.3: the AX88772A's LPA reads 0 once aneg completed with link; BMCR still gives
 * the mode (the driver's fallback). */
static void test_quirk_lpa_zero(void **state)
{
        static const struct {
                uint16_t partner;
                uint16_t bmcr;
        } cases[] = {
                { 0x05e1, 0x3100 },
                { 0x0021, 0x1000 },
                { 0x0081, 0x3000 },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(phy_model_freep) PhyModel *m = NULL;
                Clock clock;

                m = model_new(&clock, PHY_MODEL_AX88772A);
                assert_false(phy_model_get_quirk(m, PHY_MODEL_QUIRK_LPA_ZERO));
                assert_int_equal(phy_model_set_quirk(m, PHY_MODEL_QUIRK_LPA_ZERO, true), 0);
                assert_true(phy_model_get_quirk(m, PHY_MODEL_QUIRK_LPA_ZERO));

                plug_and_wait(&clock, m, cases[i].partner);
                assert_int_equal(phy_model_read(m, MII_LPA), 0);
                assert_int_equal(phy_model_read(m, MII_BMCR), cases[i].bmcr);
                assert_int_equal(phy_model_read(m, MII_BMSR) & BMSR_ANEGCOMPLETE,
                                 BMSR_ANEGCOMPLETE);

                /* Turned off, the word is there again. */
                assert_int_equal(phy_model_set_quirk(m, PHY_MODEL_QUIRK_LPA_ZERO, false), 0);
                assert_int_equal(phy_model_read(m, MII_LPA), cases[i].partner | LPA_LPACK);
        }
}

/* Spec §1 (NOLINK reset notify), §7.4: the AX88772A's LPA keeps the old partner's word across
 * a link drop and a new negotiation, until a reset; without the quirk it clears. */
static void test_quirk_stale_lpa(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL, *plain = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        assert_int_equal(phy_model_set_quirk(m, PHY_MODEL_QUIRK_STALE_LPA, true), 0);

        plug_and_wait(&clock, m, PARTNER_100FULL_PAUSE);
        assert_int_equal(phy_model_read(m, MII_LPA), 0x45e1);
        phy_model_unplug(m);
        assert_int_equal(phy_model_read(m, MII_LPA), 0x45e1);

        /* A 10/half partner: the link follows it, LPA does not. */
        plug_and_wait(&clock, m, 0x0021);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x1000);
        assert_int_equal(phy_model_read(m, MII_LPA), 0x45e1);

        /* The notify's asix_soft_reset: after it, the next aneg fills LPA afresh. */
        wr(m, MII_BMCR, 0x0000);
        wr(m, MII_BMCR, 0x8200);
        clock_sleep(&clock, phy_model_params(m)->reset_usec);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
        assert_int_equal(phy_model_read(m, MII_LPA), 0);
        clock_sleep(&clock, phy_model_params(m)->aneg_usec);
        assert_true(phy_model_link_is_up(m));
        assert_int_equal(phy_model_read(m, MII_LPA), 0x4021);

        /* Without the quirk, a drop clears LPA. */
        plain = model_new(&clock, PHY_MODEL_AX88772A);
        plug_and_wait(&clock, plain, PARTNER_100FULL_PAUSE);
        assert_int_equal(phy_model_read(plain, MII_LPA), 0x45e1);
        phy_model_unplug(plain);
        assert_int_equal(phy_model_read(plain, MII_LPA), 0);
        plug_and_wait(&clock, plain, 0x0021);
        assert_int_equal(phy_model_read(plain, MII_LPA), 0x4021);

        assert_int_equal(phy_model_set_quirk(plain, _PHY_MODEL_QUIRK_MAX, true), -EINVAL);
        assert_false(phy_model_get_quirk(plain, _PHY_MODEL_QUIRK_INVALID));
}

/* Read and write errors, for one register or all, forever or for a count of accesses. A
 * failed access changes nothing (not even the BMSR latch). */
static void test_fault_read_write_error(void **state)
{
        static const struct {
                PhyModelFault fault;
                int reg;
                unsigned count;
                uint16_t access_reg;
                uint16_t other_reg;
                int expect_failures; /* -1: until cleared */
        } cases[] = {
                { PHY_MODEL_FAULT_READ_ERROR, -1, 0, MII_BMSR, MII_BMCR, -1 },
                { PHY_MODEL_FAULT_READ_ERROR, MII_BMSR, 0, MII_BMSR, MII_BMCR, -1 },
                { PHY_MODEL_FAULT_READ_ERROR, MII_BMSR, 2, MII_BMSR, MII_BMCR, 2 },
                { PHY_MODEL_FAULT_WRITE_ERROR, -1, 0, MII_ADVERTISE, MII_BMCR, -1 },
                { PHY_MODEL_FAULT_WRITE_ERROR, MII_ADVERTISE, 1, MII_ADVERTISE, MII_BMCR, 1 },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(phy_model_freep) PhyModel *m = NULL;
                bool is_read = cases[i].fault == PHY_MODEL_FAULT_READ_ERROR;
                Clock clock;
                int n;

                m = model_new(&clock, PHY_MODEL_AX88772A);
                plug_and_wait(&clock, m, PARTNER_100FULL_PAUSE);
                assert_int_equal(phy_model_inject_fault(m, cases[i].fault, cases[i].reg,
                                                        cases[i].count), 0);

                /* The other register: untouched by a per-register fault, and it uses up no
                 * count. */
                if (cases[i].reg >= 0) {
                        if (is_read)
                                assert_int_equal(phy_model_read(m, cases[i].other_reg), 0x3100);
                        else
                                wr(m, cases[i].other_reg, 0x3100);
                }

                n = cases[i].expect_failures < 0 ? 5 : cases[i].expect_failures;
                for (int k = 0; k < n; k++) {
                        if (is_read)
                                assert_int_equal(phy_model_read(m, cases[i].access_reg), -EIO);
                        else {
                                assert_int_equal(phy_model_write(m, cases[i].access_reg,
                                                                 0x0de1), -EIO);
                                assert_int_equal(phy_model_read(m, MII_ADVERTISE), 0x01e1);
                        }
                }
                if (cases[i].expect_failures < 0)
                        phy_model_clear_faults(m);

                if (is_read) {
                        /* The latch from power-up is still there: failed reads consumed
                         * nothing. */
                        assert_int_equal(phy_model_read(m, MII_BMSR),
                                         BMSR_ABILITIES | BMSR_ANEGCOMPLETE);
                } else {
                        wr(m, cases[i].access_reg, 0x0de1);
                        assert_int_equal(phy_model_read(m, MII_ADVERTISE), 0x0de1);
                }
        }
}

/* Reset stuck: BMCR.15 stays 1 (spec §2.1: phy_poll_reset gives -ETIMEDOUT after 600 ms);
 * count-limited, the next reset works; cleared, the hung reset finishes. */
static void test_fault_reset_stuck(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_RESET_STUCK, -1, 1), 0);
        wr(m, MII_BMCR, 0x8200);
        clock_sleep(&clock, 700 * USEC_PER_MSEC);
        assert_int_equal(phy_model_read(m, MII_BMCR) & BMCR_RESET, BMCR_RESET);

        /* The count is used up: the next edge gives a working reset. */
        wr(m, MII_BMCR, 0x0000);
        wr(m, MII_BMCR, 0x8200);
        clock_sleep(&clock, phy_model_params(m)->reset_usec);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);

        /* Until cleared: stuck; clearing lets it finish reset_usec later. */
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_RESET_STUCK, 5, 0), 0);
        wr(m, MII_BMCR, 0x8000);
        clock_sleep(&clock, 10 * USEC_PER_SEC);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x8000);
        wr(m, MII_BMCR, 0x0000);
        wr(m, MII_BMCR, 0x8000);
        clock_sleep(&clock, 10 * USEC_PER_SEC);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x8000);
        phy_model_clear_faults(m);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x8000);
        clock_sleep(&clock, phy_model_params(m)->reset_usec);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
}

/* An absent PHY: the bus pull-up answers 0xffff (spec §1: a bus scan rejects such an ID) and
 * writes are lost. A gone device: -ENODEV (spec §3.2: phylib stops polling). */
static void test_fault_absent_and_gone(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);

        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_ABSENT, -1, 0), 0);
        for (uint16_t reg = 0; reg <= 31; reg++)
                assert_int_equal(phy_model_read(m, reg), 0xffff);
        assert_int_equal(phy_model_write(m, MII_ADVERTISE, 0x0de1), 0);
        phy_model_clear_faults(m);
        assert_int_equal(phy_model_read(m, MII_ADVERTISE), 0x01e1);

        /* Count-limited: the next two accesses, reads or writes. */
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_ABSENT, -1, 2), 0);
        assert_int_equal(phy_model_write(m, MII_ADVERTISE, 0x0de1), 0);
        assert_int_equal(phy_model_read(m, MII_ADVERTISE), 0xffff);
        assert_int_equal(phy_model_read(m, MII_ADVERTISE), 0x01e1);

        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_DEVICE_GONE, -1, 0), 0);
        assert_int_equal(phy_model_read(m, MII_BMCR), -ENODEV);
        assert_int_equal(phy_model_write(m, MII_BMCR, 0x8000), -ENODEV);
        /* Gone wins over absent when both are set. */
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_ABSENT, -1, 0), 0);
        assert_int_equal(phy_model_read(m, MII_PHYSID1), -ENODEV);
        phy_model_clear_faults(m);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);

        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_DEVICE_GONE, 3, 1), 0);
        assert_int_equal(phy_model_read(m, MII_PHYSID1), -ENODEV);
        assert_int_equal(phy_model_read(m, MII_PHYSID1), 0x003b);
}

/* A PHY swapped under us: PHYSID1/2 answer another part's ID, nothing else changes (model
 * behaviour, docs/faults.md). */
static void test_fault_id_changed(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772C);

        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_ID_CHANGED, MII_BMCR, 0), 0);
        assert_int_equal(phy_model_read(m, MII_PHYSID1), 0x001c);
        assert_int_equal(phy_model_read(m, MII_PHYSID2), 0xc916);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
        phy_model_clear_faults(m);
        assert_int_equal(phy_model_read(m, MII_PHYSID2), 0x1881);

        /* Counted in ID reads only. */
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_ID_CHANGED, -1, 1), 0);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100);
        assert_int_equal(phy_model_read(m, MII_PHYSID1), 0x001c);
        assert_int_equal(phy_model_read(m, MII_PHYSID1), 0x003b);
}

/* A register answering garbage: the true word inverted; the read is real, so it consumes the
 * latch (IEEE 802.3 22.2.4.2.13) as a true read would (model behaviour, docs/faults.md). */
static void test_fault_garbage(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;
        int bmsr;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        plug_and_wait(&clock, m, 0x05e1);
        bmsr_settle(m);
        bmsr = phy_model_read(m, MII_BMSR);
        assert_true(bmsr & BMSR_LSTATUS);

        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_GARBAGE, MII_BMSR, 2), 0);
        assert_int_equal(phy_model_read(m, MII_BMCR), 0x3100); /* another register: true */
        assert_int_equal(phy_model_read(m, MII_BMSR), (uint16_t) ~bmsr);
        /* The link drops: the garbage read consumes the latch, the next read shows it low. */
        phy_model_unplug(m);
        assert_int_equal(phy_model_read(m, MII_BMSR), (uint16_t) ~(bmsr & ~BMSR_LSTATUS &
                                                                   ~BMSR_ANEGCOMPLETE));
        assert_false(phy_model_read(m, MII_BMSR) & BMSR_LSTATUS);
}

/* The fault interface refuses what it cannot mean; a repeated injection replaces its count. */
static void test_fault_arguments(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_NONE, -1, 0), -EINVAL);
        assert_int_equal(phy_model_inject_fault(m, _PHY_MODEL_FAULT_MAX, -1, 0), -EINVAL);
        assert_int_equal(phy_model_inject_fault(m, _PHY_MODEL_FAULT_INVALID, -1, 0), -EINVAL);
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_READ_ERROR, 32, 0), -EINVAL);

        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_READ_ERROR, 1, 5), 0);
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_READ_ERROR, 1, 1), 0);
        assert_int_equal(phy_model_read(m, MII_BMSR), -EIO);
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES);

        /* The table is small and says so when full. */
        for (int reg = 0; reg < 8; reg++)
                assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_READ_ERROR,
                                                        16 + reg, 0), 0);
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_READ_ERROR, 30, 0), -ENOSPC);
        phy_model_clear_faults(m);
        assert_int_equal(phy_model_inject_fault(m, PHY_MODEL_FAULT_READ_ERROR, 30, 0), 0);
}

/* IEEE 802.3 22.2.4: registers 0-31 exist; the model implements 0-6, 13, 14 and reads the
 * rest as 0 (model assumption); above 31 is refused. Read-only registers ignore writes. */
static void test_register_range(void **state)
{
        static const uint16_t unimplemented[] = {
                7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 20, 24, 28, 31,
        };
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_GENERIC);
        assert_int_equal(phy_model_read(m, 32), -EINVAL);
        assert_int_equal(phy_model_write(m, 32, 0), -EINVAL);
        assert_int_equal(phy_model_read(m, 0xffff), -EINVAL);

        for (size_t i = 0; i < ELEMENTSOF(unimplemented); i++) {
                assert_int_equal(phy_model_read(m, unimplemented[i]), 0);
                wr(m, unimplemented[i], 0xffff);
                assert_int_equal(phy_model_read(m, unimplemented[i]), 0);
        }

        wr(m, MII_BMSR, 0xffff);
        wr(m, MII_LPA, 0xffff);
        wr(m, MII_EXPANSION, 0xffff);
        assert_int_equal(phy_model_read(m, MII_BMSR), BMSR_ABILITIES);
        assert_int_equal(phy_model_read(m, MII_LPA), 0);
        assert_int_equal(phy_model_read(m, MII_EXPANSION), 0);
}

/* Spec §2.10: phylib's probe reads MMD 3.20 through regs 13/14; reading 0 means no EEE. */
static void test_mmd_indirect(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        Clock clock;

        m = model_new(&clock, PHY_MODEL_AX88772A);
        wr(m, 0x0d, 0x0003);
        wr(m, 0x0e, 0x0014);
        wr(m, 0x0d, 0x4003);
        assert_int_equal(phy_model_read(m, 0x0e), 0x0000);
        assert_int_equal(phy_model_read(m, 0x0d), 0x4003);
        wr(m, 0x0e, 0xffff);
        assert_int_equal(phy_model_read(m, 0x0e), 0x0000);
}

typedef enum TraceOp {
        TRACE_READ,
        TRACE_WRITE,
        TRACE_PLUG,
        TRACE_UNPLUG,
} TraceOp;

/* The PHY 0x10 accesses and partner events of the recorded AX88772A kernel trace (spec §9):
 * probe, attach, ip link set up, plug, link up, unplug (NOLINK re-init), plug, link up. */
static const struct {
        uint64_t usec;
        TraceOp op;
        uint16_t reg;
        uint16_t val;
} trace[] = {
        { 3580626, TRACE_READ, 0x02, 0x003b },
        { 3582990, TRACE_READ, 0x03, 0x1861 },
        { 3587132, TRACE_READ, 0x01, 0x7809 },
        { 3589293, TRACE_WRITE, 0x0d, 0x0003 },
        { 3591546, TRACE_WRITE, 0x0e, 0x0014 },
        { 3593934, TRACE_WRITE, 0x0d, 0x4003 },
        { 3595941, TRACE_READ, 0x0e, 0x0000 },
        { 3600624, TRACE_WRITE, 0x00, 0x0000 },
        { 3602917, TRACE_READ, 0x00, 0x0000 },
        { 3604866, TRACE_WRITE, 0x00, 0x8200 },
        { 3667452, TRACE_READ, 0x00, 0x3100 },
        { 3675037, TRACE_READ, 0x00, 0x3100 },
        { 3681998, TRACE_READ, 0x00, 0x3100 },
        { 3684843, TRACE_WRITE, 0x00, 0x3900 },
        { 4829411, TRACE_READ, 0x00, 0x3900 },
        { 4831692, TRACE_WRITE, 0x00, 0x3100 },
        { 4835889, TRACE_READ, 0x04, 0x01e1 },
        { 4838301, TRACE_WRITE, 0x04, 0x0de1 },
        { 4842651, TRACE_READ, 0x01, 0x7809 },
        { 4845617, TRACE_READ, 0x00, 0x3100 },
        { 4849921, TRACE_WRITE, 0x00, 0x3300 },
        { 4855165, TRACE_READ, 0x00, 0x3100 },
        { 4857277, TRACE_READ, 0x01, 0x7809 },
        { 4859178, TRACE_READ, 0x01, 0x7809 },
        { 4861448, TRACE_WRITE, 0x00, 0x0000 },
        { 4863115, TRACE_READ, 0x00, 0x0000 },
        { 4864791, TRACE_WRITE, 0x00, 0x8200 },
        { 4887529, TRACE_READ, 0x00, 0x3100 },
        { 4894142, TRACE_READ, 0x04, 0x01e1 },
        { 4895985, TRACE_WRITE, 0x04, 0x0de1 },
        { 4898096, TRACE_READ, 0x01, 0x7809 },
        { 4899864, TRACE_READ, 0x00, 0x3100 },
        { 4902114, TRACE_WRITE, 0x00, 0x3300 },
        { 4903752, TRACE_READ, 0x00, 0x3100 },
        { 4907930, TRACE_READ, 0x01, 0x7809 },
        { 4910077, TRACE_READ, 0x01, 0x7809 },
        { 5924290, TRACE_READ, 0x00, 0x3100 },
        { 5927789, TRACE_READ, 0x01, 0x7809 },
        { 5939794, TRACE_READ, 0x01, 0x7809 },
        { 6946493, TRACE_READ, 0x00, 0x3100 },
        { 6948394, TRACE_READ, 0x01, 0x7809 },
        { 6950157, TRACE_READ, 0x01, 0x7809 },
        { 7878749, TRACE_READ, 0x00, 0x3100 },
        { 7887973, TRACE_READ, 0x00, 0x3100 },
        { 7892627, TRACE_READ, 0x01, 0x7809 },
        { 7896409, TRACE_READ, 0x02, 0x003b },
        { 7899539, TRACE_READ, 0x03, 0x1861 },
        { 7903619, TRACE_READ, 0x04, 0x0de1 },
        { 7907149, TRACE_READ, 0x05, 0x0000 },
        { 7915736, TRACE_PLUG, 0, 0x05e1 },
        { 7970723, TRACE_READ, 0x00, 0x3100 },
        { 7972850, TRACE_READ, 0x01, 0x7809 },
        { 7974667, TRACE_READ, 0x01, 0x7809 },
        { 8995785, TRACE_READ, 0x00, 0x3100 },
        { 8998201, TRACE_READ, 0x01, 0x7809 },
        { 9000342, TRACE_READ, 0x01, 0x7809 },
        { 10020470, TRACE_READ, 0x00, 0x3100 },
        { 10022875, TRACE_READ, 0x01, 0x7829 },
        { 10030623, TRACE_READ, 0x01, 0x782d },
        { 10034255, TRACE_READ, 0x00, 0x3100 },
        { 10036295, TRACE_READ, 0x05, 0x45e1 },
        { 11042709, TRACE_READ, 0x00, 0x3100 },
        { 11044748, TRACE_READ, 0x01, 0x782d },
        { 11046638, TRACE_READ, 0x00, 0x3100 },
        { 11048333, TRACE_READ, 0x05, 0x45e1 },
        { 12067174, TRACE_READ, 0x00, 0x3100 },
        { 12069178, TRACE_READ, 0x01, 0x782d },
        { 12070977, TRACE_READ, 0x00, 0x3100 },
        { 12072779, TRACE_READ, 0x05, 0x45e1 },
        { 12947488, TRACE_READ, 0x00, 0x3100 },
        { 12953155, TRACE_READ, 0x01, 0x782d },
        { 12957562, TRACE_READ, 0x01, 0x782d },
        { 12961415, TRACE_READ, 0x05, 0x45e1 },
        { 13091132, TRACE_READ, 0x00, 0x3100 },
        { 13093206, TRACE_READ, 0x01, 0x782d },
        { 13095123, TRACE_READ, 0x00, 0x3100 },
        { 13106187, TRACE_READ, 0x05, 0x45e1 },
        { 14114644, TRACE_READ, 0x00, 0x3100 },
        { 14116707, TRACE_READ, 0x01, 0x782d },
        { 14118626, TRACE_READ, 0x00, 0x3100 },
        { 14120299, TRACE_READ, 0x05, 0x45e1 },
        { 15031048, TRACE_READ, 0x00, 0x3100 },
        { 15035287, TRACE_READ, 0x01, 0x782d },
        { 15043621, TRACE_UNPLUG, 0, 0x05e1 },
        { 15138786, TRACE_READ, 0x00, 0x3100 },
        { 15140790, TRACE_READ, 0x01, 0x7809 },
        { 15144924, TRACE_WRITE, 0x00, 0x0000 },
        { 15150606, TRACE_READ, 0x00, 0x0000 },
        { 15152717, TRACE_WRITE, 0x00, 0x8200 },
        { 15175327, TRACE_READ, 0x00, 0x3100 },
        { 15181958, TRACE_READ, 0x04, 0x01e1 },
        { 15184196, TRACE_WRITE, 0x04, 0x0de1 },
        { 15186358, TRACE_READ, 0x01, 0x7809 },
        { 15188261, TRACE_READ, 0x00, 0x3100 },
        { 15191359, TRACE_WRITE, 0x00, 0x3300 },
        { 15193360, TRACE_READ, 0x00, 0x3100 },
        { 15195464, TRACE_READ, 0x01, 0x7809 },
        { 15197445, TRACE_READ, 0x01, 0x7809 },
        { 16228692, TRACE_READ, 0x00, 0x3100 },
        { 16230981, TRACE_READ, 0x01, 0x7809 },
        { 16233078, TRACE_READ, 0x01, 0x7809 },
        { 17251127, TRACE_READ, 0x00, 0x3100 },
        { 17253213, TRACE_READ, 0x01, 0x7809 },
        { 17254979, TRACE_READ, 0x01, 0x7809 },
        { 18278626, TRACE_READ, 0x00, 0x3100 },
        { 18280839, TRACE_READ, 0x01, 0x7809 },
        { 18283814, TRACE_READ, 0x01, 0x7809 },
        { 19058280, TRACE_PLUG, 0, 0x05e1 },
        { 19299439, TRACE_READ, 0x00, 0x3100 },
        { 19301663, TRACE_READ, 0x01, 0x7809 },
        { 19303400, TRACE_READ, 0x01, 0x7809 },
        { 20322850, TRACE_READ, 0x00, 0x3100 },
        { 20324866, TRACE_READ, 0x01, 0x7829 },
        { 20326658, TRACE_READ, 0x01, 0x782d },
        { 20328389, TRACE_READ, 0x00, 0x3100 },
        { 20330208, TRACE_READ, 0x05, 0x45e1 },
        { 21347380, TRACE_READ, 0x00, 0x3100 },
        { 21349408, TRACE_READ, 0x01, 0x782d },
        { 21351358, TRACE_READ, 0x00, 0x3100 },
        { 21353173, TRACE_READ, 0x05, 0x45e1 },
        { 22371741, TRACE_READ, 0x00, 0x3100 },
        { 22374050, TRACE_READ, 0x01, 0x782d },
        { 22375962, TRACE_READ, 0x00, 0x3100 },
        { 22377993, TRACE_READ, 0x05, 0x45e1 },
};

/* Spec §9: the model, fed the recorded kernel's accesses at their times, answers every read
 * with the value the kernel saw. */
static void test_kernel_trace_replay(void **state)
{
        _cleanup_(phy_model_freep) PhyModel *m = NULL;
        PhyModelParams p;
        Clock clock;

        /* Powered up when the MAC probe reaches the PHY. */
        clock_virtual_init(&clock, trace[0].usec);
        phy_model_default_params(PHY_MODEL_AX88772A, &p);
        m = model_new_params(&clock, &p);

        for (size_t i = 0; i < ELEMENTSOF(trace); i++) {
                clock_virtual_advance_to(&clock, trace[i].usec);
                switch (trace[i].op) {
                case TRACE_READ:
                        if (phy_model_read(m, trace[i].reg) != trace[i].val)
                                fail_msg("trace line %zu (t=%" PRIu64 "): reg 0x%02x read 0x%04x, "
                                         "the kernel saw 0x%04x", i, trace[i].usec,
                                         trace[i].reg, phy_model_read(m, trace[i].reg),
                                         trace[i].val);
                        break;
                case TRACE_WRITE:
                        wr(m, trace[i].reg, trace[i].val);
                        break;
                case TRACE_PLUG:
                        phy_model_plug(m, trace[i].val);
                        break;
                case TRACE_UNPLUG:
                        phy_model_unplug(m);
                        break;
                }
        }
}

int main(void)
{
        static const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_string_tables),
                cmocka_unit_test(test_default_params),
                cmocka_unit_test(test_id_registers),
                cmocka_unit_test(test_power_up),
                cmocka_unit_test(test_lstatus_latched_low),
                cmocka_unit_test(test_link_is_up_keeps_latch),
                cmocka_unit_test(test_anegcomplete_live),
                cmocka_unit_test(test_reset_restores_defaults),
                cmocka_unit_test(test_lazy_events_in_order),
                cmocka_unit_test(test_anrestart),
                cmocka_unit_test(test_link_lead),
                cmocka_unit_test(test_reset_edge_rule),
                cmocka_unit_test(test_ax88796b_pending_reset),
                cmocka_unit_test(test_aneg_timing),
                cmocka_unit_test(test_aneg_resolution),
                cmocka_unit_test(test_pdown),
                cmocka_unit_test(test_forced_mode),
                cmocka_unit_test(test_quirk_lpa_zero),
                cmocka_unit_test(test_quirk_stale_lpa),
                cmocka_unit_test(test_fault_read_write_error),
                cmocka_unit_test(test_fault_reset_stuck),
                cmocka_unit_test(test_fault_absent_and_gone),
                cmocka_unit_test(test_fault_id_changed),
                cmocka_unit_test(test_fault_garbage),
                cmocka_unit_test(test_fault_arguments),
                cmocka_unit_test(test_register_range),
                cmocka_unit_test(test_mmd_indirect),
                cmocka_unit_test(test_kernel_trace_replay),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
