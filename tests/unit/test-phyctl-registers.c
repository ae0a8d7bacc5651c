/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * phyctl's pure parts: register names and numbers, register decoding bit by bit, and the
 * command-line arguments of set, sim and wait. Expected decodings are written out from the
 * register layouts of IEEE 802.3 22.2.4 and 28.2.4 (and the kernel's mii.h names), not
 * derived from the code under test.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>

#include "phyd/macro.h"
#include "phyctl-parse.h"
#include "phyctl-registers.h"
#include "phyd/strv.h"

/* Registers by name and number. */

static const struct {
        const char *arg;
        int expected; /* the register, or -errno */
} register_cases[] = {
        { "bmcr", 0 },
        { "BMSR", 1 },
        { "PhysId1", 2 },
        { "physid2", 3 },
        { "advertise", 4 },
        { "lpa", 5 },
        { "expansion", 6 },
        { "0", 0 },
        { "6", 6 },
        { "17", 17 },
        { "31", 31 },
        { "0x00", 0 },
        { "0x1f", 31 },
        { "0X1F", 31 },
        { "0x1", 1 },
        { "007", 7 },
        { "32", -ERANGE },
        { "40", -ERANGE },
        { "0x20", -ERANGE },
        { "255", -ERANGE },
        { "99999999999999999999999", -ERANGE },
        { "", -EINVAL },
        { "-1", -EINVAL },
        { "+1", -EINVAL },
        { " 1", -EINVAL },
        { "1 ", -EINVAL },
        { "0x", -EINVAL },
        { "0xg", -EINVAL },
        { "0x0x1", -EINVAL },
        { "1.0", -EINVAL },
        { "1e1", -EINVAL },
        { "bmcr ", -EINVAL },
        { "bmc", -EINVAL },
        { "ctrl1000", -EINVAL },
        { "physid", -EINVAL },
};

static void test_register_from_string(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(register_cases); i++) {
                unsigned reg = 12345;
                int r = phy_register_from_string(register_cases[i].arg, &reg);

                if (register_cases[i].expected >= 0) {
                        if (r < 0)
                                fail_msg("'%s': %d", register_cases[i].arg, r);
                        assert_int_equal(reg, register_cases[i].expected);
                } else {
                        if (r != register_cases[i].expected)
                                fail_msg("'%s': %d, expected %d", register_cases[i].arg, r,
                                         register_cases[i].expected);
                        assert_int_equal(reg, 12345); /* untouched on failure */
                }
        }
        assert_int_equal(phy_register_from_string(NULL, &(unsigned){ 0 }), -EINVAL);
}

static const char *const register_names[PHY_REGISTERS_SNAPSHOT] = {
        "bmcr", "bmsr", "physid1", "physid2", "advertise", "lpa", "expansion",
};

static const char *const register_labels[PHY_REGISTERS_SNAPSHOT] = {
        "BMCR", "BMSR", "PHYSID1", "PHYSID2", "ADVERTISE", "LPA", "EXPANSION",
};

static void test_register_names(void **state)
{
        for (unsigned reg = 0; reg < PHY_REGISTERS_SNAPSHOT; reg++) {
                unsigned back;

                assert_string_equal(phy_register_to_string(reg), register_names[reg]);
                assert_string_equal(phy_register_label(reg), register_labels[reg]);
                assert_non_null(phy_register_title(reg));
                assert_int_equal(phy_register_from_string(register_labels[reg], &back), 0);
                assert_int_equal(back, reg);
        }
        for (unsigned reg = PHY_REGISTERS_SNAPSHOT; reg <= PHY_REGISTER_MAX + 1; reg++) {
                assert_null(phy_register_to_string(reg));
                assert_null(phy_register_label(reg));
                assert_null(phy_register_title(reg));
        }
}

static const struct {
        const char *arg;
        int expected; /* the value, or -errno */
} value_cases[] = {
        { "0", 0 },
        { "4608", 0x1200 },
        { "65535", 0xffff },
        { "0x0", 0 },
        { "0x8000", 0x8000 },
        { "0x0de1", 0x0de1 },
        { "0xFFFF", 0xffff },
        { "65536", -ERANGE },
        { "0x10000", -ERANGE },
        { "", -EINVAL },
        { "-1", -EINVAL },
        { "0x", -EINVAL },
        { "1e3", -EINVAL },
        { "0x12 ", -EINVAL },
        { "bmcr", -EINVAL },
};

static void test_register_value_from_string(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(value_cases); i++) {
                uint16_t v = 0x5555;
                int r = phy_register_value_from_string(value_cases[i].arg, &v);

                if (value_cases[i].expected >= 0) {
                        if (r < 0)
                                fail_msg("'%s': %d", value_cases[i].arg, r);
                        assert_int_equal(v, value_cases[i].expected);
                } else {
                        if (r != value_cases[i].expected)
                                fail_msg("'%s': %d, expected %d", value_cases[i].arg, r,
                                         value_cases[i].expected);
                        assert_int_equal(v, 0x5555);
                }
        }
}

/* Register decoding: the whole text, so that every bit's name and value is checked. Flags wrap
 * before column 80. */

static const struct {
        unsigned reg;
        uint16_t value;
        const char *text;
} decode_cases[] = {
        /* 0.12 autoneg enable, 0.13 speed LSB, 0.8 full duplex: genphy after config_aneg. */
        { 0, 0x3100,
          "speed: 100 Mb/s\n"
          "duplex: full\n"
          "flags: -reset -loopback +aneg-enable -power-down -isolate -aneg-restart\n"
          "       -collision-test\n" },
        /* Forced 10 Mb/s half duplex: all zero. */
        { 0, 0x0000,
          "speed: 10 Mb/s\n"
          "duplex: half\n"
          "flags: -reset -loopback -aneg-enable -power-down -isolate -aneg-restart\n"
          "       -collision-test\n" },
        /* Reset (0.15) with loopback, power down, isolate, restart and collision test. */
        { 0, 0xce80,
          "speed: 10 Mb/s\n"
          "duplex: half\n"
          "flags: +reset +loopback -aneg-enable +power-down +isolate +aneg-restart\n"
          "       +collision-test\n" },
        /* 0.6 alone selects 1000 Mb/s; 0.6 with 0.13 is reserved; 0.5-0.0 are reserved. */
        { 0, 0x0140,
          "speed: 1000 Mb/s\n"
          "duplex: full\n"
          "flags: -reset -loopback -aneg-enable -power-down -isolate -aneg-restart\n"
          "       -collision-test\n" },
        { 0, 0x207f,
          "speed: reserved (both speed bits set)\n"
          "duplex: half\n"
          "reserved: 0x003f\n"
          "flags: -reset -loopback -aneg-enable -power-down -isolate -aneg-restart\n"
          "       -collision-test\n" },
        /* An AX88772A's BMSR with the link up and autonegotiation complete. */
        { 1, 0x782d,
          "capabilities: 10baseT/Half 10baseT/Full 100baseT/Half 100baseT/Full\n"
          "flags: -extended-status -unidirectional -preamble-suppression +aneg-complete\n"
          "       -remote-fault +aneg-capable +link -jabber +extended-capability\n" },
        /* Link down (latched low), not complete; 100BASE-T4 and T2 abilities, MF preamble
         * suppression, unidirectional, extended status, remote fault, jabber. */
        { 1, 0x87db,
          "capabilities: 100baseT4 100baseT2/Half 100baseT2/Full\n"
          "flags: +extended-status +unidirectional +preamble-suppression -aneg-complete\n"
          "       +remote-fault +aneg-capable -link +jabber +extended-capability\n" },
        { 1, 0x0000,
          "capabilities: none\n"
          "flags: -extended-status -unidirectional -preamble-suppression -aneg-complete\n"
          "       -remote-fault -aneg-capable -link -jabber -extended-capability\n" },
        { 2, 0x003b, "oui-bits-3-18: 0x003b\n" },
        { 2, 0xffff, "oui-bits-3-18: 0xffff\n" },
        /* PHYSID2 of the AX88772A: OUI bits 19-24 = 0b000110, model 6, revision 1. */
        { 3, 0x1861,
          "oui-bits-19-24: 0x06\n"
          "model: 6\n"
          "revision: 1\n" },
        { 3, 0xffff,
          "oui-bits-19-24: 0x3f\n"
          "model: 63\n"
          "revision: 15\n" },
        /* ADVERTISE after start on an ax88772 MAC (DESIGN decision 7): 0x0DE1. */
        { 4, 0x0de1,
          "modes: 10baseT/Half 10baseT/Full 100baseT/Half 100baseT/Full Pause Asym_Pause\n"
          "selector: 1 (IEEE 802.3)\n"
          "flags: -next-page -acknowledge -remote-fault -extended-next-page\n" },
        /* No pause (xsurf), 100BASE-T4, remote fault, next page, XNP, a foreign selector. */
        { 4, 0xb3e2,
          "modes: 10baseT/Half 10baseT/Full 100baseT/Half 100baseT/Full 100baseT4\n"
          "selector: 2\n"
          "flags: +next-page -acknowledge +remote-fault +extended-next-page\n" },
        /* A partner that acknowledged and has a next page, symmetric pause only. */
        { 5, 0xc5e1,
          "modes: 10baseT/Half 10baseT/Full 100baseT/Half 100baseT/Full Pause\n"
          "selector: 1 (IEEE 802.3)\n"
          "flags: +next-page +acknowledge -remote-fault -extended-next-page\n" },
        /* The AX88772A lpa-zero quirk: LPA reads 0. */
        { 5, 0x0000,
          "modes: none\n"
          "selector: 0\n"
          "flags: -next-page -acknowledge -remote-fault -extended-next-page\n" },
        { 6, 0x0001,
          "flags: -next-page-location-able -next-page-storage-location\n"
          "       -parallel-detection-fault -partner-next-page-able -next-page-able\n"
          "       -page-received +partner-aneg-able\n" },
        { 6, 0xff7e,
          "reserved: 0xff00\n"
          "flags: +next-page-location-able +next-page-storage-location\n"
          "       +parallel-detection-fault +partner-next-page-able +next-page-able\n"
          "       +page-received -partner-aneg-able\n" },
};

static void test_register_format(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(decode_cases); i++) {
                _cleanup_free_ char *text = NULL;

                assert_int_equal(phy_register_format(decode_cases[i].reg, decode_cases[i].value,
                                                     "", &text),
                                 0);
                if (!streq(text, decode_cases[i].text))
                        fail_msg("register %u = 0x%04x:\n%s\nexpected:\n%s",
                                 decode_cases[i].reg, decode_cases[i].value, text,
                                 decode_cases[i].text);
        }
}

static void test_register_format_indent(void **state)
{
        _cleanup_free_ char *text = NULL;

        assert_int_equal(phy_register_format(3, 0x1861, "    ", &text), 0);
        assert_string_equal(text, "    oui-bits-19-24: 0x06\n"
                                  "    model: 6\n"
                                  "    revision: 1\n");
}

static void test_register_decode_fields(void **state)
{
        PhyRegisterField fields[PHY_REGISTER_FIELDS_MAX];
        size_t n;

        /* The BMSR link bit, by name: 0x7809 has it clear, 0x780d set. */
        assert_int_equal(phy_register_decode(1, 0x7809, fields, ELEMENTSOF(fields), &n), 0);
        for (size_t i = 0; i < n; i++)
                if (streq(fields[i].name, "link")) {
                        assert_true(fields[i].is_flag);
                        assert_false(fields[i].flag);
                }
        assert_int_equal(phy_register_decode(1, 0x780d, fields, ELEMENTSOF(fields), &n), 0);
        for (size_t i = 0; i < n; i++)
                if (streq(fields[i].name, "link"))
                        assert_true(fields[i].flag);

        /* Every register phyctl decodes fits the documented maximum. */
        for (unsigned reg = 0; reg < PHY_REGISTERS_SNAPSHOT; reg++)
                assert_int_equal(phy_register_decode(reg, 0xffff, fields, ELEMENTSOF(fields),
                                                     &n),
                                 0);

        /* Too small a buffer is an error, not a truncation. */
        assert_int_equal(phy_register_decode(0, 0x3100, fields, 2, &n), -ENOBUFS);

        /* Registers past EXPANSION are vendor-specific or Clause 22 extensions. */
        assert_int_equal(phy_register_decode(7, 0, fields, ELEMENTSOF(fields), &n),
                         -EOPNOTSUPP);
        assert_int_equal(phy_register_decode(31, 0, fields, ELEMENTSOF(fields), &n),
                         -EOPNOTSUPP);
}

static const struct {
        uint32_t phy_id;
        uint32_t oui;
        unsigned model, revision;
        const char *text;
} phy_id_cases[] = {
        /* Asix (OUI 00:0e:c6): AX88772A. */
        { 0x003b1861, 0x000ec6, 6, 1, "0x003b1861 (OUI 00:0e:c6, model 6, revision 1)" },
        /* Marvell 88E1111 as mii-tool shows it: vendor 00:50:43, model 12, rev 2. */
        { 0x01410cc2, 0x005043, 12, 2, "0x01410cc2 (OUI 00:50:43, model 12, revision 2)" },
        { 0x00000000, 0, 0, 0, "0x00000000 (OUI 00:00:00, model 0, revision 0)" },
        /* An absent PHY reads 0xFFFF twice. */
        { 0xffffffff, 0x3fffff, 63, 15, "0xffffffff (OUI 3f:ff:ff, model 63, revision 15)" },
};

static void test_phy_id(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(phy_id_cases); i++) {
                PhyIdInfo id = phy_id_decode(phy_id_cases[i].phy_id);
                char buf[64];

                assert_int_equal(id.oui, phy_id_cases[i].oui);
                assert_int_equal(id.model, phy_id_cases[i].model);
                assert_int_equal(id.revision, phy_id_cases[i].revision);
                assert_string_equal(phy_id_format(phy_id_cases[i].phy_id, buf, sizeof(buf)),
                                    phy_id_cases[i].text);
        }
}

/* Arguments. */

static const struct {
        const char *arg;
        int expected; /* 1, 0, or -EINVAL */
} boolean_cases[] = {
        { "on", 1 },   { "off", 0 },  { "ON", 1 },   { "Off", 0 },   { "yes", 1 },
        { "no", 0 },   { "true", 1 }, { "false", 0 }, { "1", 1 },    { "0", 0 },
        { "", -EINVAL }, { "onn", -EINVAL }, { "2", -EINVAL }, { " on", -EINVAL },
        { "enable", -EINVAL },
};

static void test_parse_boolean(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(boolean_cases); i++) {
                bool b = false;
                int r = parse_boolean_arg(boolean_cases[i].arg, &b);

                if (boolean_cases[i].expected < 0)
                        assert_int_equal(r, -EINVAL);
                else {
                        assert_int_equal(r, 0);
                        assert_int_equal(b, boolean_cases[i].expected);
                }
        }
        assert_int_equal(parse_boolean_arg(NULL, &(bool){ false }), -EINVAL);
}

static void test_parse_speed_duplex(void **state)
{
        static const struct {
                const char *arg;
                int expected;
        } speeds[] = {
                { "10", 10 },     { "100", 100 },     { "1000", -ERANGE }, { "0", -ERANGE },
                { "11", -ERANGE }, { "0x64", 100 },   { "", -EINVAL },     { "100M", -EINVAL },
                { "fast", -EINVAL },
        };
        const char *duplex = NULL;

        for (size_t i = 0; i < ELEMENTSOF(speeds); i++) {
                uint32_t v = 0;
                int r = parse_speed_arg(speeds[i].arg, &v);

                if (speeds[i].expected < 0)
                        assert_int_equal(r, speeds[i].expected);
                else {
                        assert_int_equal(r, 0);
                        assert_int_equal(v, speeds[i].expected);
                }
        }

        assert_int_equal(parse_duplex_arg("half", &duplex), 0);
        assert_string_equal(duplex, "half");
        assert_int_equal(parse_duplex_arg("FULL", &duplex), 0);
        assert_string_equal(duplex, "full");
        assert_int_equal(parse_duplex_arg("unknown", &duplex), -EINVAL);
        assert_int_equal(parse_duplex_arg("", &duplex), -EINVAL);
        assert_int_equal(parse_duplex_arg(NULL, &duplex), -EINVAL);
}

static const struct {
        const char *arg;
        const char *joined; /* canonical names joined by ",", or NULL for -EINVAL */
} mode_cases[] = {
        { "100baseT/Full", "100baseT/Full" },
        { "100baseT/Full,Pause", "100baseT/Full,Pause" },
        { "10baseT/Half,10baseT/Full,100baseT/Half,100baseT/Full,Pause,Asym_Pause",
          "10baseT/Half,10baseT/Full,100baseT/Half,100baseT/Full,Pause,Asym_Pause" },
        { "100baset/full,PAUSE,asym_pause", "100baseT/Full,Pause,Asym_Pause" },
        { "Pause,pause,100baseT/Full,Pause", "Pause,100baseT/Full" },
        { "Autoneg", "Autoneg" },
        { "1000baseT/Full", "1000baseT/Full" },
        { "", NULL },
        { ",", NULL },
        { "100baseT/Full,", NULL },
        { ",Pause", NULL },
        { "100baseT/Full,,Pause", NULL },
        { "100baseT-Full", NULL },
        { "100full", NULL },
        { "Pause ", NULL },
        { "bogus", NULL },
};

static void test_parse_link_modes(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(mode_cases); i++) {
                _cleanup_(strv_freep) char **modes = NULL;
                _cleanup_free_ char *joined = NULL;
                int r = parse_link_modes_arg(mode_cases[i].arg, &modes);

                if (!mode_cases[i].joined) {
                        if (r != -EINVAL)
                                fail_msg("'%s' accepted", mode_cases[i].arg);
                        assert_null(modes);
                        continue;
                }
                if (r < 0)
                        fail_msg("'%s': %d", mode_cases[i].arg, r);
                joined = strv_join(modes, ",");
                assert_string_equal(joined, mode_cases[i].joined);
        }
}

static const struct {
        const char *arg;
        uint64_t usec;
        int error;
} duration_cases[] = {
        { "5", 5 * USEC_PER_SEC },
        { "0", 0 },
        { "1.5s", 1500 * USEC_PER_MSEC },
        { "0.5", 500 * USEC_PER_MSEC },
        { ".25s", 250 * USEC_PER_MSEC },
        { "500ms", 500 * USEC_PER_MSEC },
        { "500 ms", 500 * USEC_PER_MSEC },
        { "100us", 100 },
        { "100usec", 100 },
        { "2min", 120 * USEC_PER_SEC },
        { "2min 30s", 150 * USEC_PER_SEC },
        { "2min30s", 150 * USEC_PER_SEC },
        { "1h", 3600 * USEC_PER_SEC },
        { "1d", 86400 * USEC_PER_SEC },
        { "3seconds", 3 * USEC_PER_SEC },
        { "1.2345678s", 1234567 },
        { "infinity", USEC_INFINITY },
        { "", 0, -EINVAL },
        { " ", 0, -EINVAL },
        { "s", 0, -EINVAL },
        { "5x", 0, -EINVAL },
        { "5 years", 0, -EINVAL },
        { "-1", 0, -EINVAL },
        { "1..5", 0, -EINVAL },
        { "1.s", 0, -EINVAL },
        { "1S", 0, -EINVAL },
        { "Infinity", 0, -EINVAL },
        { "99999999999999999999", 0, -ERANGE },
        { "999999999999d", 0, -ERANGE },
};

static void test_parse_duration(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(duration_cases); i++) {
                uint64_t usec = 42;
                int r = parse_duration_arg(duration_cases[i].arg, &usec);

                if (duration_cases[i].error) {
                        if (r != duration_cases[i].error)
                                fail_msg("'%s': %d, expected %d", duration_cases[i].arg, r,
                                         duration_cases[i].error);
                        assert_int_equal(usec, 42);
                } else {
                        if (r < 0)
                                fail_msg("'%s': %d", duration_cases[i].arg, r);
                        assert_int_equal(usec, duration_cases[i].usec);
                }
        }
}

/* set PHY ... */

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct {
        const char *const *args;
        int autoneg;
        uint32_t speed;
        const char *duplex;
        const char *advertise; /* joined by "," */
        int rx_pause, tx_pause;
        const char *error;
} settings_cases[] = {
        { ARGS("autoneg", "off", "speed", "100", "duplex", "full"), 0, 100, "full", NULL, -1,
          -1 },
        { ARGS("autoneg", "on"), 1, 0, NULL, NULL, -1, -1 },
        { ARGS("advertise", "100baseT/Full,Pause", "rx-pause", "on", "tx-pause", "off"), -1, 0,
          NULL, "100baseT/Full,Pause", 1, 0 },
        { ARGS("tx-pause", "yes"), -1, 0, NULL, NULL, -1, 1 },
        { ARGS("duplex", "half", "speed", "10"), -1, 10, "half", NULL, -1, -1 },
        { (const char *const[]){ NULL }, .error = "nothing to set: expected autoneg, speed, "
                                                  "duplex, advertise, rx-pause or tx-pause" },
        { ARGS("speed"), .error = "missing value after 'speed'" },
        { ARGS("autoneg", "off", "speed"), .error = "missing value after 'speed'" },
        { ARGS("speed", "1000"), .error = "invalid speed '1000': expected 10 or 100" },
        { ARGS("speed", "10", "speed", "100"), .error = "'speed' given twice" },
        { ARGS("autoneg", "on", "autoneg", "on"), .error = "'autoneg' given twice" },
        { ARGS("advertise", "Pause", "advertise", "Pause"), .error = "'advertise' given twice" },
        { ARGS("mtu", "1500"), .error = "unknown setting 'mtu': expected autoneg, speed, "
                                        "duplex, advertise, rx-pause or tx-pause" },
        { ARGS("autoneg", "maybe"), .error = "invalid autoneg 'maybe': expected on or off" },
        { ARGS("rx-pause", "2"), .error = "invalid rx-pause '2': expected on or off" },
        { ARGS("duplex", "quarter"), .error = "invalid duplex 'quarter': expected half or full" },
        { ARGS("advertise", "100baseT-Full"),
          .error = "invalid link modes '100baseT-Full': expected ethtool names such as "
                   "100baseT/Full,Pause" },
};

static void test_link_settings_parse(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(settings_cases); i++) {
                _cleanup_(link_settings_done) LinkSettings s = LINK_SETTINGS_NULL;
                _cleanup_free_ char *error = NULL, *joined = NULL;
                int r = link_settings_parse((char **) settings_cases[i].args, &s, &error);

                if (settings_cases[i].error) {
                        assert_int_equal(r, -EINVAL);
                        assert_non_null(error);
                        assert_string_equal(error, settings_cases[i].error);
                        continue;
                }
                if (r < 0)
                        fail_msg("case %zu: %s", i, error);
                assert_int_equal(s.autoneg, settings_cases[i].autoneg);
                assert_int_equal(s.speed, settings_cases[i].speed);
                if (settings_cases[i].duplex)
                        assert_string_equal(s.duplex, settings_cases[i].duplex);
                else
                        assert_null(s.duplex);
                if (settings_cases[i].advertise) {
                        joined = strv_join(s.advertise, ",");
                        assert_string_equal(joined, settings_cases[i].advertise);
                } else
                        assert_null(s.advertise);
                assert_int_equal(s.rx_pause, settings_cases[i].rx_pause);
                assert_int_equal(s.tx_pause, settings_cases[i].tx_pause);
        }
}

/* sim PHY ... */

static const struct {
        const char *const *args;
        SimCommandKind kind;
        const char *modes; /* joined by ",", NULL for none */
        const char *name;
        bool on;
        uint64_t usec;
        const char *error;
} sim_cases[] = {
        { ARGS("partner", "up"), SIM_COMMAND_PARTNER_UP },
        { ARGS("partner", "up", "100baseT/Full,Pause"), SIM_COMMAND_PARTNER_UP,
          "100baseT/Full,Pause" },
        { ARGS("partner", "down"), SIM_COMMAND_PARTNER_DOWN },
        { ARGS("fault", "read-error"), SIM_COMMAND_FAULT, .name = "read-error" },
        { ARGS("fault", "write-error"), SIM_COMMAND_FAULT, .name = "write-error" },
        { ARGS("fault", "reset-stuck"), SIM_COMMAND_FAULT, .name = "reset-stuck" },
        { ARGS("fault", "absent"), SIM_COMMAND_FAULT, .name = "absent" },
        { ARGS("fault", "device-gone"), SIM_COMMAND_FAULT, .name = "device-gone" },
        { ARGS("fault", "clear"), SIM_COMMAND_CLEAR_FAULTS },
        { ARGS("quirk", "lpa-zero", "on"), SIM_COMMAND_QUIRK, .name = "lpa-zero", .on = true },
        { ARGS("quirk", "stale-lpa", "off"), SIM_COMMAND_QUIRK, .name = "stale-lpa" },
        { ARGS("aneg-time", "2s"), SIM_COMMAND_ANEG_TIME, .usec = 2 * USEC_PER_SEC },
        { ARGS("aneg-time", "0"), SIM_COMMAND_ANEG_TIME, .usec = 0 },
        { ARGS("anrestart-time", "300ms"), SIM_COMMAND_ANRESTART_TIME,
          .usec = 300 * USEC_PER_MSEC },
        { ARGS("link-lead-time", "0"), SIM_COMMAND_LINK_LEAD_TIME, .usec = 0 },
        { (const char *const[]){ NULL },
          .error = "missing sim command: expected partner, fault, quirk, aneg-time, "
                   "anrestart-time or link-lead-time" },
        { ARGS("dance"), .error = "unknown sim command 'dance': expected partner, fault, quirk, "
                                  "aneg-time, anrestart-time or link-lead-time" },
        { ARGS("partner"), .error = "missing 'up' or 'down' after 'partner'" },
        { ARGS("partner", "sideways"),
          .error = "invalid partner command 'sideways': expected up or down" },
        { ARGS("partner", "up", "100baseT/Fast"),
          .error = "invalid link modes '100baseT/Fast': expected ethtool names such as "
                   "100baseT/Full,Pause" },
        { ARGS("partner", "down", "now"), .error = "unexpected argument 'now'" },
        { ARGS("partner", "up", "Pause", "extra"), .error = "unexpected argument 'extra'" },
        { ARGS("fault"), .error = "missing fault kind after 'fault'" },
        { ARGS("fault", "melt"), .error = "unknown fault 'melt': expected read-error, "
                                          "write-error, reset-stuck, absent, device-gone, "
                                          "id-changed, garbage or clear" },
        { ARGS("fault", "clear", "all"), .error = "unexpected argument 'all'" },
        { ARGS("quirk", "lpa-zero"), .error = "expected 'quirk NAME on|off'" },
        { ARGS("quirk", "fast", "on"),
          .error = "unknown quirk 'fast': expected lpa-zero or stale-lpa" },
        { ARGS("quirk", "lpa-zero", "sometimes"),
          .error = "invalid quirk state 'sometimes': expected on or off" },
        { ARGS("aneg-time"), .error = "missing duration after 'aneg-time'" },
        { ARGS("aneg-time", "soon"),
          .error = "invalid duration 'soon': expected a time such as 2s or 500ms" },
        { ARGS("aneg-time", "infinity"),
          .error = "invalid duration 'infinity': expected a time such as 2s or 500ms" },
        { ARGS("link-lead-time"), .error = "missing duration after 'link-lead-time'" },
        { ARGS("anrestart-time", "1s", "2s"), .error = "unexpected argument '2s'" },
};

static void test_sim_command_parse(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(sim_cases); i++) {
                _cleanup_(sim_command_done) SimCommand c = {};
                _cleanup_free_ char *error = NULL, *joined = NULL;
                int r = sim_command_parse((char **) sim_cases[i].args, &c, &error);

                if (sim_cases[i].error) {
                        assert_int_equal(r, -EINVAL);
                        assert_non_null(error);
                        assert_string_equal(error, sim_cases[i].error);
                        continue;
                }
                if (r < 0)
                        fail_msg("case %zu: %s", i, error);
                assert_int_equal(c.kind, sim_cases[i].kind);
                if (sim_cases[i].modes) {
                        joined = strv_join(c.modes, ",");
                        assert_string_equal(joined, sim_cases[i].modes);
                } else
                        assert_null(c.modes);
                if (sim_cases[i].name)
                        assert_string_equal(c.name, sim_cases[i].name);
                else
                        assert_null(c.name);
                assert_int_equal(c.on, sim_cases[i].on);
                assert_int_equal(c.usec, sim_cases[i].usec);
        }
}

/* Each command calls the Simulator1 method of io.phyd.Simulator1.xml. */
static const char *const sim_methods[_SIM_COMMAND_MAX] = {
        [SIM_COMMAND_PARTNER_UP] = "PlugPartner",   [SIM_COMMAND_PARTNER_DOWN] = "UnplugPartner",
        [SIM_COMMAND_FAULT] = "InjectFault",        [SIM_COMMAND_CLEAR_FAULTS] = "ClearFaults",
        [SIM_COMMAND_QUIRK] = "SetQuirk",           [SIM_COMMAND_ANEG_TIME] = "SetAnegTime",
        [SIM_COMMAND_ANRESTART_TIME] = "SetAnrestartTime",
        [SIM_COMMAND_LINK_LEAD_TIME] = "SetLinkLeadTime",
};

static void test_sim_command_method_table(void **state)
{
        for (SimCommandKind k = 0; k < _SIM_COMMAND_MAX; k++) {
                assert_string_equal(sim_command_method_to_string(k), sim_methods[k]);
                assert_int_equal(sim_command_method_from_string(sim_methods[k]), k);
        }
        assert_null(sim_command_method_to_string(_SIM_COMMAND_MAX));
        assert_int_equal(sim_command_method_from_string("plugpartner"), -EINVAL);
        assert_int_equal(sim_command_method_from_string(NULL), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_register_from_string),
                cmocka_unit_test(test_register_names),
                cmocka_unit_test(test_register_value_from_string),
                cmocka_unit_test(test_register_format),
                cmocka_unit_test(test_register_format_indent),
                cmocka_unit_test(test_register_decode_fields),
                cmocka_unit_test(test_phy_id),
                cmocka_unit_test(test_parse_boolean),
                cmocka_unit_test(test_parse_speed_duplex),
                cmocka_unit_test(test_parse_link_modes),
                cmocka_unit_test(test_parse_duration),
                cmocka_unit_test(test_link_settings_parse),
                cmocka_unit_test(test_sim_command_parse),
                cmocka_unit_test(test_sim_command_method_table),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
