/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The fidelity tier's emulator off the VM: what its control endpoint answers the asix
 * driver (spec §9), the run rule both sides apply (../INTERFACE.md) and the scenario
 * catalogue's files, which it must read the way phyd's side does.
 */

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/mii.h>
#include <cmocka.h>

#include "ax88772.h"
#include "phyd/macro.h"
#include "scenario.h"

typedef struct Fixture {
        Clock clock;
        Ax88772 dev;
        MdioAccess seen[16];
        unsigned n_seen;
} Fixture;

static void record(const MdioAccess *a, void *userdata)
{
        Fixture *f = userdata;

        if (f->n_seen < ELEMENTSOF(f->seen))
                f->seen[f->n_seen++] = *a;
}

static void fixture_init(Fixture *f, PhyModelKind kind)
{
        PhyModelParams p;

        *f = (Fixture) {};
        clock_virtual_init(&f->clock, 1000000);
        phy_model_default_params(kind, &p);
        assert_int_equal(phy_model_new(&p, &f->clock, &f->dev.phy), 0);
        f->dev.kind = kind;
        f->dev.clock = &f->clock;
        f->dev.on_access = record;
        f->dev.userdata = f;
}

/* One control transfer: returns its status, the IN answer in in/in_len. */
static int control(Fixture *f, uint8_t type, uint8_t req, uint16_t value, uint16_t index,
                   uint16_t length, const uint8_t *out, uint8_t *in, size_t *in_len)
{
        uint8_t setup[8] = { type, req, (uint8_t) value, (uint8_t) (value >> 8),
                             (uint8_t) index, (uint8_t) (index >> 8), (uint8_t) length,
                             (uint8_t) (length >> 8) };
        size_t dummy = 0;

        if (!in_len)
                in_len = &dummy;
        return ax88772_control(&f->dev, setup, out, out ? length : 0, in, in_len);
}

static int mii_read(Fixture *f, uint8_t addr, uint8_t reg)
{
        uint8_t in[2];
        size_t n = sizeof(in);

        assert_int_equal(control(f, 0xc0, 0x07, addr, reg, 2, NULL, in, &n), 0);
        assert_int_equal(n, 2);
        return in[0] | in[1] << 8;
}

static void test_bind_answers(void **state)
{
        static const struct { PhyModelKind kind; uint8_t statmngsts; uint16_t id2; } chips[] = {
                /* Chip code 1 takes ax88772a_hw_reset's PHY 0 check, 2 its QCTCTRL path. */
                { PHY_MODEL_AX88772A, 0x11, 0x1861 },
                { PHY_MODEL_AX88772C, 0x21, 0x1881 },
        };

        for (size_t i = 0; i < ELEMENTSOF(chips); i++) {
                Fixture f;
                uint8_t in[64];
                size_t n = sizeof(in);

                fixture_init(&f, chips[i].kind);
                assert_int_equal(control(&f, 0xc0, 0x09, 0, 0, 1, NULL, in, &n), 0);
                assert_int_equal(n, 1);
                assert_int_equal(in[0], chips[i].statmngsts);
                n = sizeof(in);
                assert_int_equal(control(&f, 0xc0, 0x19, 0, 0, 2, NULL, in, &n), 0);
                assert_int_equal(in[1], AX88772_PHY_ADDR);
                assert_int_equal(mii_read(&f, AX88772_PHY_ADDR, MII_PHYSID1), 0x003b);
                assert_int_equal(mii_read(&f, AX88772_PHY_ADDR, MII_PHYSID2), chips[i].id2);
                phy_model_free(f.dev.phy);
        }
}

static void test_phy0_is_empty_and_logged(void **state)
{
        Fixture f;
        uint8_t v[2] = { 0x2c, 0x44 };

        /* spec §9: the MAC's own check of regs 0x14-0x16 goes to PHY address 0. */
        fixture_init(&f, PHY_MODEL_AX88772A);
        assert_int_equal(mii_read(&f, 0, 0x14), 0xffff);
        assert_int_equal(control(&f, 0x40, 0x08, 0, 0x14, 2, v, NULL, NULL), 0);
        assert_int_equal(f.n_seen, 2);
        assert_int_equal(f.seen[0].addr, 0);
        assert_int_equal(f.seen[0].op, MDIO_READ);
        assert_int_equal(f.seen[0].val, 0xffff);
        assert_int_equal(f.seen[1].op, MDIO_WRITE);
        assert_int_equal(f.seen[1].val, 0x442c);
        assert_int_equal(f.seen[1].usec, 1000000);
        /* PHY 0x10 is the model's: a write lands there and reads back. */
        v[0] = 0xe1;
        v[1] = 0x0d;
        assert_int_equal(control(&f, 0x40, 0x08, AX88772_PHY_ADDR, MII_ADVERTISE, 2, v, NULL,
                                 NULL), 0);
        assert_int_equal(mii_read(&f, AX88772_PHY_ADDR, MII_ADVERTISE), 0x0de1);
        phy_model_free(f.dev.phy);
}

static void test_descriptors(void **state)
{
        Fixture f;
        uint8_t in[255];
        size_t n = sizeof(in);

        fixture_init(&f, PHY_MODEL_AX88772A);
        /* The core's first GET_DESCRIPTOR asks for 64 bytes of an 18-byte descriptor. */
        assert_int_equal(control(&f, 0x80, 6, 0x0100, 0, 64, NULL, in, &n), 0);
        assert_int_equal(n, 18);
        assert_int_equal(in[8] | in[9] << 8, 0x0b95);
        assert_int_equal(in[10] | in[11] << 8, 0x7720);
        n = 9;
        assert_int_equal(control(&f, 0x80, 6, 0x0200, 0, 9, NULL, in, &n), 0);
        assert_int_equal(in[2], 39);
        n = sizeof(in);
        assert_int_equal(control(&f, 0x80, 6, 0x0600, 0, 10, NULL, in, &n), -EPIPE);
        phy_model_free(f.dev.phy);
}

static void test_device_gone(void **state)
{
        Fixture f;
        uint8_t in[2], v[2] = { 0x00, 0x39 };
        size_t n = sizeof(in);

        /* A device-gone PHY fails MII requests with the status a gone device's control
         * transfer has, -ENODEV, which the asix driver hands to phylib (spec §3.2, error
         * handling 1); any other model fault is a STALL. */
        fixture_init(&f, PHY_MODEL_AX88772A);
        assert_int_equal(phy_model_inject_fault(f.dev.phy, PHY_MODEL_FAULT_DEVICE_GONE, -1, 0), 0);
        assert_int_equal(control(&f, 0xc0, 0x07, AX88772_PHY_ADDR, MII_BMCR, 2, NULL, in, &n),
                         -ENODEV);
        assert_int_equal(control(&f, 0x40, 0x08, AX88772_PHY_ADDR, MII_BMCR, 2, v, NULL, NULL),
                         -ENODEV);
        assert_int_equal(f.n_seen, 2);
        assert_int_equal(f.seen[0].err, -ENODEV);
        /* The rest of the device still answers: the MII ownership check before each access. */
        n = 1;
        assert_int_equal(control(&f, 0xc0, 0x09, 0, 0, 1, NULL, in, &n), 0);
        phy_model_clear_faults(f.dev.phy);
        assert_int_equal(phy_model_inject_fault(f.dev.phy, PHY_MODEL_FAULT_READ_ERROR, -1, 0), 0);
        n = sizeof(in);
        assert_int_equal(control(&f, 0xc0, 0x07, AX88772_PHY_ADDR, MII_BMCR, 2, NULL, in, &n),
                         -EPIPE);
        phy_model_clear_faults(f.dev.phy);
        assert_int_equal(mii_read(&f, AX88772_PHY_ADDR, MII_PHYSID1), 0x003b);
        phy_model_free(f.dev.phy);
}

static MdioAccess access_at(uint64_t usec, uint8_t addr, MdioOp op, uint16_t reg, uint16_t val)
{
        return (MdioAccess) { .usec = usec, .addr = addr, .op = op, .reg = reg, .val = val };
}

static void test_run_rule(void **state)
{
        RunTracker t = {};
        MdioAccess a;

        a = access_at(1000000, 0x10, MDIO_READ, MII_BMSR, 0x7809);
        assert_false(run_tracker_access(&t, 0x10, &a));
        /* 199 ms later is still the same run (the reset poll's sleep is inside a run). */
        assert_false(run_tracker_idle(&t, 1199000));
        a = access_at(1199000, 0x10, MDIO_READ, MII_BMSR, 0x7809);
        assert_false(run_tracker_access(&t, 0x10, &a));
        /* PHY 0 is the MAC's: neither a member nor a boundary. */
        a = access_at(1300000, 0x00, MDIO_READ, 0x14, 0xffff);
        assert_false(run_tracker_access(&t, 0x10, &a));
        assert_true(run_tracker_idle(&t, 1399000));
        assert_int_equal(t.n_ended, 1);
        assert_int_equal(t.last_usec, 1199000);
        assert_false(run_tracker_idle(&t, 5000000));
        /* A suspend ends the run at once. */
        a = access_at(2000000, 0x10, MDIO_WRITE, MII_BMCR, 0x3900);
        assert_true(run_tracker_access(&t, 0x10, &a));
        assert_int_equal(t.n_ended, 2);
        assert_false(t.in_run);
        /* A failed access is not what the tracepoint records: no run begins with it. */
        a = access_at(3000000, 0x10, MDIO_READ, MII_BMCR, 0xffff);
        a.err = -ENODEV;
        assert_false(run_tracker_access(&t, 0x10, &a));
        assert_false(t.in_run);
        assert_false(run_tracker_idle(&t, 4000000));
        assert_int_equal(t.n_ended, 2);
}

static void test_catalogue_parses(void **state)
{
        const char *dir = getenv("FIDELITY_SCENARIOS");
        struct dirent *de;
        unsigned n = 0;
        DIR *d;

        assert_non_null(dir);
        d = opendir(dir);
        assert_non_null(d);
        while ((de = readdir(d))) {
                char path[1024];
                Scenario sc;

                if (!strstr(de->d_name, ".scenario"))
                        continue;
                snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
                assert_int_equal(scenario_load(path, &sc), 0);
                assert_true(sc.runs > 0);
                /* INTERFACE.md: every scenario starts with "after 0 up". */
                assert_true(sc.n_events > 0);
                assert_string_equal(sc.events[0].action, "up");
                assert_int_equal(sc.events[0].after_run, 0);
                assert_int_equal(sc.events[0].delay_usec, EVENT_DEFAULT_DELAY_USEC);
                n++;
        }
        closedir(d);
        assert_true(n > 0);
}

/* Loads text as a scenario file: scenario_load's result. */
static int load_text(const char *text, Scenario *ret_scenario)
{
        char path[] = "/tmp/axemu-scenario-XXXXXX";
        int fd = mkstemp(path), r;
        FILE *f;

        assert_true(fd >= 0);
        f = fdopen(fd, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        r = scenario_load(path, ret_scenario);
        unlink(path);
        return r;
}

static void test_bad_scenario_line(void **state)
{
        static const char *const bad[] = {
                "model ax88772a\nruns 3\nafter 1 +500 plug\n",
                "model ax88772a\nruns 3\nafter 1 plug 5e1x\n",
                "model ax88772a\nruns 3\nafter 1 fault unplugged\n",
                "model ax88772a\nruns 3\nafter 1 settings now\n",
        };
        Scenario sc;

        for (size_t i = 0; i < ELEMENTSOF(bad); i++)
                assert_int_equal(load_text(bad[i], &sc), -EINVAL);
        assert_int_equal(load_text("model ax88772a\nruns 3\nafter 1 plug 05e1\n"
                                   "after 2 fault device-gone\nafter 2 +900 fault none\n"
                                   "after 2 settings\n", &sc), 0);
        assert_string_equal(sc.events[0].args[0], "05e1");
        assert_string_equal(sc.events[1].args[0], "device-gone");
        assert_string_equal(sc.events[2].args[0], "none");
        assert_int_equal(sc.events[2].delay_usec, 900000);
        assert_string_equal(sc.events[3].action, "settings");
        assert_int_equal(sc.events[3].n_args, 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bind_answers),
                cmocka_unit_test(test_phy0_is_empty_and_logged),
                cmocka_unit_test(test_descriptors),
                cmocka_unit_test(test_device_gone),
                cmocka_unit_test(test_run_rule),
                cmocka_unit_test(test_catalogue_parses),
                cmocka_unit_test(test_bad_scenario_line),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
