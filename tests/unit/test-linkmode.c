/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Link modes and the PHY core's enum tables. The expected values are written out from the
 * kernel's helpers (mii.h, linkmode.c, phy-core.c) and from IEEE 802.3 Annex 28B, not
 * derived from the code under test, so a change that keeps the code self-consistent but
 * moves it away from the kernel still fails here.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <linux/ethtool.h>

#include "phyd/linkmode.h"
#include "phyd/mac-profile.h"
#include "phyd/macro.h"
#include "phyd/phy-device.h"

#define M(bit) LINK_MODE(bit)

/* Modes an ADVERTISE or LPA word never touches: they must survive a conversion. */
#define OTHER_MODES (M(Autoneg) | M(TP) | M(MII) | M(1000baseT_Full))

/* Not one of the table's names, in the ways a caller gets a name wrong. */
static const char *const unknown_names[] = {
        "",
        "bogus",
        "Down",
        "NOLINK",
        "up ",
        " up",
        "AX88772",
        "100baseT/full",
        "100baseT-Full",
        "Asym-Pause",
        "pause",
};

static void assert_unknown_names(int (*from_string)(const char *s))
{
        for (size_t i = 0; i < ELEMENTSOF(unknown_names); i++)
                if (from_string(unknown_names[i]) >= 0)
                        fail_msg("\"%s\" is known", unknown_names[i]);
        assert_true(from_string(NULL) < 0);
}

static const char *const phy_state_names[_PHY_STATE_MAX] = {
        [PHY_DOWN] = "down",       [PHY_READY] = "ready", [PHY_HALTED] = "halted",
        [PHY_ERROR] = "error",     [PHY_UP] = "up",       [PHY_RUNNING] = "running",
        [PHY_NOLINK] = "nolink",
};

static int phy_state_from_string_int(const char *s)
{
        return phy_state_from_string(s);
}

static void test_phy_state_table(void **state)
{
        for (PhyState s = 0; s < _PHY_STATE_MAX; s++) {
                assert_non_null(phy_state_names[s]);
                assert_string_equal(phy_state_to_string(s), phy_state_names[s]);
                assert_int_equal(phy_state_from_string(phy_state_to_string(s)), s);
        }

        assert_null(phy_state_to_string(_PHY_STATE_MAX));
        assert_null(phy_state_to_string(_PHY_STATE_INVALID));
        assert_unknown_names(phy_state_from_string_int);
}

static const char *const mac_profile_kind_names[_MAC_PROFILE_KIND_MAX] = {
        [MAC_PROFILE_AX88772] = "ax88772",
        [MAC_PROFILE_XSURF] = "xsurf",
        [MAC_PROFILE_NONE] = "none",
};

static int mac_profile_kind_from_string_int(const char *s)
{
        return mac_profile_kind_from_string(s);
}

static void test_mac_profile_kind_table(void **state)
{
        for (MacProfileKind k = 0; k < _MAC_PROFILE_KIND_MAX; k++) {
                const MacProfile *p;

                assert_non_null(mac_profile_kind_names[k]);
                assert_string_equal(mac_profile_kind_to_string(k), mac_profile_kind_names[k]);
                assert_int_equal(mac_profile_kind_from_string(mac_profile_kind_to_string(k)), k);

                /* A profile answers to its kind's name, so the MacProfile property and
                 * the MacProfile= setting agree. */
                p = mac_profile_get(k);
                assert_non_null(p);
                assert_int_equal(p->kind, k);
                assert_string_equal(p->name, mac_profile_kind_names[k]);
        }

        assert_null(mac_profile_kind_to_string(_MAC_PROFILE_KIND_MAX));
        assert_null(mac_profile_kind_to_string(_MAC_PROFILE_KIND_INVALID));
        assert_null(mac_profile_get(_MAC_PROFILE_KIND_MAX));
        assert_null(mac_profile_get(_MAC_PROFILE_KIND_INVALID));
        assert_unknown_names(mac_profile_kind_from_string_int);
}

typedef struct LinkModeName {
        unsigned bit;
        const char *name;
} LinkModeName;

/* ethtool's names, as "ethtool eth0" prints them. */
static const LinkModeName link_mode_names[] = {
        { ETHTOOL_LINK_MODE_10baseT_Half_BIT, "10baseT/Half" },
        { ETHTOOL_LINK_MODE_10baseT_Full_BIT, "10baseT/Full" },
        { ETHTOOL_LINK_MODE_100baseT_Half_BIT, "100baseT/Half" },
        { ETHTOOL_LINK_MODE_100baseT_Full_BIT, "100baseT/Full" },
        { ETHTOOL_LINK_MODE_Autoneg_BIT, "Autoneg" },
        { ETHTOOL_LINK_MODE_TP_BIT, "TP" },
        { ETHTOOL_LINK_MODE_MII_BIT, "MII" },
        { ETHTOOL_LINK_MODE_Pause_BIT, "Pause" },
        { ETHTOOL_LINK_MODE_Asym_Pause_BIT, "Asym_Pause" },
};

static void test_linkmode_bit_names(void **state)
{
        /* The bit numbers are the uAPI's; the header's comment relies on them. */
        assert_int_equal(ETHTOOL_LINK_MODE_10baseT_Half_BIT, 0);
        assert_int_equal(ETHTOOL_LINK_MODE_Pause_BIT, 13);
        assert_int_equal(ETHTOOL_LINK_MODE_Asym_Pause_BIT, 14);

        for (size_t i = 0; i < ELEMENTSOF(link_mode_names); i++) {
                const LinkModeName *n = &link_mode_names[i];

                assert_string_equal(linkmode_bit_to_string(n->bit), n->name);
                assert_int_equal(linkmode_bit_from_string(n->name), n->bit);
        }

        /* Whatever else has a name round-trips too. */
        for (unsigned bit = 0; bit < 64; bit++) {
                const char *name = linkmode_bit_to_string(bit);

                if (name)
                        assert_int_equal(linkmode_bit_from_string(name), bit);
        }

        assert_null(linkmode_bit_to_string(64));
        assert_null(linkmode_bit_to_string(UINT_MAX));
        for (size_t i = 0; i < ELEMENTSOF(unknown_names); i++)
                if (linkmode_bit_from_string(unknown_names[i]) != -EINVAL)
                        fail_msg("\"%s\" is known", unknown_names[i]);
        assert_int_equal(linkmode_bit_from_string(NULL), -EINVAL);
}

typedef struct AdvCase {
        uint16_t adv;
        LinkModes modes;
        uint16_t adv_back; /* what linkmode_to_mii_adv() makes of modes */
} AdvCase;

static const AdvCase adv_cases[] = {
        { 0x0000, 0, 0x0000 },
        /* The selector field (IEEE 802.3) is not a link mode and does not come back. */
        { 0x0001, 0, 0x0000 },
        { 0x001f, 0, 0x0000 },
        { 0x0021, M(10baseT_Half), 0x0020 },
        { 0x0041, M(10baseT_Full), 0x0040 },
        { 0x0081, M(100baseT_Half), 0x0080 },
        { 0x0101, M(100baseT_Full), 0x0100 },
        /* The AX88772A's default. */
        { 0x01e1, LINK_MODES_10_100, 0x01e0 },
        { 0x05e1, LINK_MODES_10_100 | M(Pause), 0x05e0 },
        { 0x09e1, LINK_MODES_10_100 | M(Asym_Pause), 0x09e0 },
        /* What phylink makes the ax88772's PHY advertise. */
        { 0x0de1, LINK_MODES_10_100 | M(Pause) | M(Asym_Pause), 0x0de0 },
        { 0x0c01, M(Pause) | M(Asym_Pause), 0x0c00 },
        /* 100BASE-T4, XNP, RF, Ack and NP are not modes phyd keeps. */
        { 0xf201, 0, 0x0000 },
        { 0xffff, LINK_MODES_10_100 | LINK_MODES_PAUSE, 0x0de0 },
};

static void test_mii_adv(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(adv_cases); i++) {
                const AdvCase *c = &adv_cases[i];
                LinkModes modes;

                modes = 0;
                linkmode_mod_from_mii_adv(&modes, c->adv);
                assert_int_equal(modes, c->modes);

                /* Clears what the word does not advertise, leaves the rest alone. */
                modes = LINK_MODES_10_100 | LINK_MODES_PAUSE | OTHER_MODES;
                linkmode_mod_from_mii_adv(&modes, c->adv);
                assert_int_equal(modes, c->modes | OTHER_MODES);

                assert_int_equal(linkmode_to_mii_adv(c->modes), c->adv_back);
                assert_int_equal(linkmode_to_mii_adv(c->modes | OTHER_MODES), c->adv_back);

                /* Round trip: the word without its selector gives the same modes. */
                modes = 0;
                linkmode_mod_from_mii_adv(&modes, linkmode_to_mii_adv(c->modes));
                assert_int_equal(modes, c->modes);
        }
}

typedef struct LpaCase {
        uint16_t lpa;
        LinkModes modes;
} LpaCase;

static const LpaCase lpa_cases[] = {
        { 0x0000, 0 },
        { 0x0001, 0 },
        /* The partner's word once autonegotiation completes: Ack set. */
        { 0x45e1, LINK_MODES_10_100 | M(Pause) | M(Autoneg) },
        /* The same abilities before the partner acknowledged ours. */
        { 0x05e1, LINK_MODES_10_100 | M(Pause) },
        { 0x4001, M(Autoneg) },
        { 0x4de1, LINK_MODES_10_100 | LINK_MODES_PAUSE | M(Autoneg) },
        { 0xc021, M(10baseT_Half) | M(Autoneg) },
        { 0xffff, LINK_MODES_10_100 | LINK_MODES_PAUSE | M(Autoneg) },
};

static void test_mii_lpa(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(lpa_cases); i++) {
                const LpaCase *c = &lpa_cases[i];
                const LinkModes untouched = M(TP) | M(MII) | M(1000baseT_Full);
                LinkModes modes;

                modes = 0;
                linkmode_mod_from_mii_lpa(&modes, c->lpa);
                assert_int_equal(modes, c->modes);

                /* A stale Autoneg from an earlier link goes when Ack is clear. */
                modes = LINK_MODES_10_100 | LINK_MODES_PAUSE | M(Autoneg) | untouched;
                linkmode_mod_from_mii_lpa(&modes, c->lpa);
                assert_int_equal(modes, c->modes | untouched);
        }
}

typedef struct PauseCase {
        bool local_pause, local_asym;
        bool partner_pause, partner_asym;
        bool tx, rx;
} PauseCase;

/* IEEE 802.3 Annex 28B, Table 28B-3, with every "don't care" written out: 16 rows. tx is
 * "the local device sends PAUSE frames", rx "it acts on the ones it receives". */
static const PauseCase pause_cases[] = {
        /* PAUSE ASM_DIR  PAUSE ASM_DIR   tx     rx */
        { false, false,   false, false,   false, false },
        { false, false,   false, true,    false, false },
        { false, false,   true,  false,   false, false },
        { false, false,   true,  true,    false, false },
        { false, true,    false, false,   false, false },
        { false, true,    false, true,    false, false },
        { false, true,    true,  false,   false, false },
        { false, true,    true,  true,    true,  false },
        { true,  false,   false, false,   false, false },
        { true,  false,   false, true,    false, false },
        { true,  false,   true,  false,   true,  true  },
        { true,  false,   true,  true,    true,  true  },
        { true,  true,    false, false,   false, false },
        { true,  true,    false, true,    false, true  },
        { true,  true,    true,  false,   true,  true  },
        { true,  true,    true,  true,    true,  true  },
};

static LinkModes pause_modes(bool pause, bool asym)
{
        return (pause ? M(Pause) : 0) | (asym ? M(Asym_Pause) : 0);
}

static void test_resolve_pause(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(pause_cases); i++) {
                const PauseCase *c = &pause_cases[i];
                LinkModes local, partner;
                bool tx = !c->tx, rx = !c->rx;

                /* The speed modes around the pause bits must not matter. */
                local = pause_modes(c->local_pause, c->local_asym) | LINK_MODES_BASIC;
                partner = pause_modes(c->partner_pause, c->partner_asym) | M(100baseT_Full);

                linkmode_resolve_pause(local, partner, &tx, &rx);
                if (tx != c->tx || rx != c->rx)
                        fail_msg("row %zu: tx=%d rx=%d, expected tx=%d rx=%d", i, tx, rx, c->tx,
                                 c->rx);
        }
}

typedef struct SetPauseCase {
        bool tx, rx;
        LinkModes modes;
} SetPauseCase;

/* Pause = rx, Asym_Pause = rx ^ tx: with Table 28B-3 these are the advertisements that can
 * give each wish against a partner that does both. */
static const SetPauseCase set_pause_cases[] = {
        { false, false, 0 },
        { true, false, M(Asym_Pause) },
        { false, true, M(Pause) | M(Asym_Pause) },
        { true, true, M(Pause) },
};

static void test_set_pause(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(set_pause_cases); i++) {
                const SetPauseCase *c = &set_pause_cases[i];
                LinkModes modes;

                modes = LINK_MODES_BASIC;
                linkmode_set_pause(&modes, c->tx, c->rx);
                assert_int_equal(modes, LINK_MODES_BASIC | c->modes);

                /* Bits set before are cleared as needed. */
                modes = LINK_MODES_BASIC | LINK_MODES_PAUSE;
                linkmode_set_pause(&modes, c->tx, c->rx);
                assert_int_equal(modes, LINK_MODES_BASIC | c->modes);
        }
}

#define NONE (-1)

typedef struct LookupCase {
        int speed;
        int duplex;
        LinkModes mask;
        bool exact;
        int bit; /* NONE: NULL */
} LookupCase;

static const LookupCase lookup_cases[] = {
        /* Exact and supported: found either way. */
        { SPEED_100, DUPLEX_FULL, LINK_MODES_10_100, true, ETHTOOL_LINK_MODE_100baseT_Full_BIT },
        { SPEED_100, DUPLEX_FULL, LINK_MODES_10_100, false, ETHTOOL_LINK_MODE_100baseT_Full_BIT },
        { SPEED_10, DUPLEX_HALF, LINK_MODES_BASIC, true, ETHTOOL_LINK_MODE_10baseT_Half_BIT },
        { SPEED_10, DUPLEX_HALF, LINK_MODES_BASIC, false, ETHTOOL_LINK_MODE_10baseT_Half_BIT },
        { SPEED_100, DUPLEX_HALF, M(100baseT_Half), true, ETHTOOL_LINK_MODE_100baseT_Half_BIT },
        /* Not supported: exact gives nothing, else the best one not faster. */
        { SPEED_100, DUPLEX_FULL, M(100baseT_Half) | M(10baseT_Full) | M(10baseT_Half), true,
          NONE },
        { SPEED_100, DUPLEX_FULL, M(100baseT_Half) | M(10baseT_Full) | M(10baseT_Half), false,
          ETHTOOL_LINK_MODE_100baseT_Half_BIT },
        { SPEED_100, DUPLEX_FULL, M(10baseT_Full) | M(10baseT_Half), false,
          ETHTOOL_LINK_MODE_10baseT_Full_BIT },
        /* Same speed, other duplex: it is not faster, so it is the kernel's pick. */
        { SPEED_100, DUPLEX_HALF, M(100baseT_Full) | M(10baseT_Full), false,
          ETHTOOL_LINK_MODE_100baseT_Full_BIT },
        { SPEED_10, DUPLEX_FULL, M(100baseT_Full) | M(100baseT_Half) | M(10baseT_Half), false,
          ETHTOOL_LINK_MODE_10baseT_Half_BIT },
        /* Faster than anything: the best there is. */
        { SPEED_1000, DUPLEX_FULL, LINK_MODES_10_100, true, NONE },
        { SPEED_1000, DUPLEX_FULL, LINK_MODES_10_100, false, ETHTOOL_LINK_MODE_100baseT_Full_BIT },
        { SPEED_1000, DUPLEX_FULL, M(10baseT_Half), false, ETHTOOL_LINK_MODE_10baseT_Half_BIT },
        /* Slower than anything: the slowest there is. */
        { SPEED_10, DUPLEX_FULL, M(100baseT_Full) | M(100baseT_Half), true, NONE },
        { SPEED_10, DUPLEX_FULL, M(100baseT_Full) | M(100baseT_Half), false,
          ETHTOOL_LINK_MODE_100baseT_Half_BIT },
        { SPEED_UNKNOWN, DUPLEX_UNKNOWN, LINK_MODES_10_100, false,
          ETHTOOL_LINK_MODE_10baseT_Half_BIT },
        /* Nothing to pick from. */
        { SPEED_100, DUPLEX_FULL, 0, true, NONE },
        { SPEED_100, DUPLEX_FULL, 0, false, NONE },
        { SPEED_100, DUPLEX_FULL, M(Autoneg) | M(TP) | M(MII) | LINK_MODES_PAUSE, false, NONE },
        { SPEED_1000, DUPLEX_FULL, M(1000baseT_Full), false, NONE },
};

typedef struct SettingCase {
        unsigned bit;
        int speed;
        int duplex;
} SettingCase;

/* Best first, as the kernel's settings[] orders them. */
static const SettingCase setting_cases[] = {
        { ETHTOOL_LINK_MODE_100baseT_Full_BIT, SPEED_100, DUPLEX_FULL },
        { ETHTOOL_LINK_MODE_100baseT_Half_BIT, SPEED_100, DUPLEX_HALF },
        { ETHTOOL_LINK_MODE_10baseT_Full_BIT, SPEED_10, DUPLEX_FULL },
        { ETHTOOL_LINK_MODE_10baseT_Half_BIT, SPEED_10, DUPLEX_HALF },
};

static void assert_setting(const PhySetting *p, int bit)
{
        if (bit == NONE) {
                assert_null(p);
                return;
        }
        assert_non_null(p);
        assert_int_equal(p->bit, bit);

        /* The setting's speed and duplex are those of its bit. */
        for (size_t i = 0; i < ELEMENTSOF(setting_cases); i++)
                if (setting_cases[i].bit == (unsigned) bit) {
                        assert_int_equal(p->speed, setting_cases[i].speed);
                        assert_int_equal(p->duplex, setting_cases[i].duplex);
                        return;
                }
        fail_msg("bit %d is not a 10/100 setting", bit);
}

static void test_lookup_setting(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(lookup_cases); i++) {
                const LookupCase *c = &lookup_cases[i];
                const PhySetting *p;

                p = phy_lookup_setting(c->speed, c->duplex, c->mask, c->exact);
                if ((p ? (int) p->bit : NONE) != c->bit)
                        fail_msg("case %zu: bit %d, expected %d", i, p ? (int) p->bit : NONE,
                                 c->bit);
                assert_setting(p, c->bit);
        }
}

static void test_best_setting(void **state)
{
        LinkModes mask = 0;

        assert_null(phy_best_setting(0));
        assert_null(phy_best_setting(M(Autoneg) | M(TP) | M(MII) | LINK_MODES_PAUSE));

        /* Adding the settings worst first, the newest is always the best. */
        for (size_t i = ELEMENTSOF(setting_cases); i-- > 0;) {
                mask |= (LinkModes) 1 << setting_cases[i].bit;
                assert_setting(phy_best_setting(mask), setting_cases[i].bit);
                assert_setting(phy_best_setting(mask | M(Autoneg) | LINK_MODES_PAUSE),
                               setting_cases[i].bit);
        }

        /* Taking them away best first, the next one down takes over. */
        mask = LINK_MODES_10_100;
        for (size_t i = 0; i < ELEMENTSOF(setting_cases); i++) {
                assert_setting(phy_best_setting(mask), setting_cases[i].bit);
                mask &= ~((LinkModes) 1 << setting_cases[i].bit);
        }
        assert_null(phy_best_setting(mask));

        assert_setting(phy_best_setting(M(100baseT_Half) | M(10baseT_Full)),
                       ETHTOOL_LINK_MODE_100baseT_Half_BIT);
        assert_setting(phy_best_setting(M(10baseT_Full) | M(10baseT_Half)),
                       ETHTOOL_LINK_MODE_10baseT_Full_BIT);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_phy_state_table),
                cmocka_unit_test(test_mac_profile_kind_table),
                cmocka_unit_test(test_linkmode_bit_names),
                cmocka_unit_test(test_mii_adv),
                cmocka_unit_test(test_mii_lpa),
                cmocka_unit_test(test_resolve_pause),
                cmocka_unit_test(test_set_pause),
                cmocka_unit_test(test_lookup_setting),
                cmocka_unit_test(test_best_setting),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
