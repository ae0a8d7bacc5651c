/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Monitor mode through the MII ioctls (DESIGN decision 5): the kernel's driver owns the PHY,
 * so phyd reads nothing that latches or clears on read. On the sim, with a link partner
 * plugged: reading the PHY ID makes exactly two accesses, PHYSID1 then PHYSID2, and never
 * BMSR or EXPANSION, whose latched bits are the kernel's to see.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/mii.h>

#include "monitor-mii.h"
#include "phyd/clock.h"
#include "phyd/mdio-sim.h"
#include "phyd/phy-model.h"

#define ADDR 0x10

typedef struct Accesses {
        MdioAccess list[16];
        size_t n;
} Accesses;

static void record(MdioBus *bus, const MdioAccess *access, void *userdata)
{
        Accesses *a = userdata;

        if (a->n < 16)
                a->list[a->n++] = *access;
}

static void test_phy_id_reads_physid_only(void **state)
{
        PhyModelParams params;
        PhyModel *model = NULL;
        MdioBus *bus = NULL;
        Accesses seen = {};
        Clock clock;
        uint32_t id = 0;

        clock_virtual_init(&clock, 0);
        assert_int_equal(mdio_sim_bus_new("sim0", &clock, &bus), 0);
        phy_model_default_params(PHY_MODEL_AX88772A, &params);
        assert_int_equal(phy_model_new(&params, &clock, &model), 0);
        assert_int_equal(mdio_sim_bus_add_model(bus, ADDR, model), 0);
        phy_model_plug(model, ADVERTISE_ALL);
        mdio_bus_set_tracer(bus, record, &seen);

        assert_int_equal(monitor_mii_phy_id(bus, ADDR, &id), 0);
        assert_int_equal(id, params.phy_id);

        assert_int_equal(seen.n, 2);
        for (size_t i = 0; i < seen.n; i++) {
                assert_int_equal(seen.list[i].op, MDIO_READ);
                assert_int_equal(seen.list[i].addr, ADDR);
                assert_int_not_equal(seen.list[i].reg, MII_BMSR);
                assert_int_not_equal(seen.list[i].reg, MII_EXPANSION);
        }
        assert_int_equal(seen.list[0].reg, MII_PHYSID1);
        assert_int_equal(seen.list[1].reg, MII_PHYSID2);
        mdio_bus_free(bus);
}

/* An empty address reads all ones: nobody there, as the kernel says. */
static void test_nobody_there(void **state)
{
        MdioBus *bus = NULL;
        Accesses seen = {};
        Clock clock;
        uint32_t id = 0;

        clock_virtual_init(&clock, 0);
        assert_int_equal(mdio_sim_bus_new("sim0", &clock, &bus), 0);
        mdio_bus_set_tracer(bus, record, &seen);
        assert_int_equal(monitor_mii_phy_id(bus, 3, &id), -ENODEV);
        assert_int_equal(seen.n, 2);
        assert_int_equal(seen.list[0].reg, MII_PHYSID1);
        assert_int_equal(seen.list[1].reg, MII_PHYSID2);
        mdio_bus_free(bus);
}

/* 32 is an address only on the ioctl backend, for a MAC that owns its PHY (spec §10); a
 * real MDIO bus, as the sim is, refuses it before any access. */
static void test_address_32_only_on_ioctl(void **state)
{
        MdioBus *bus = NULL;
        Accesses seen = {};
        Clock clock;
        uint32_t id = 0;

        clock_virtual_init(&clock, 0);
        assert_int_equal(mdio_sim_bus_new("sim0", &clock, &bus), 0);
        mdio_bus_set_tracer(bus, record, &seen);
        assert_int_equal(monitor_mii_phy_id(bus, MDIO_ADDR_MAC_OWNED, &id), -ENXIO);
        assert_int_equal(seen.n, 0);
        mdio_bus_free(bus);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_phy_id_reads_physid_only),
                cmocka_unit_test(test_nobody_there),
                cmocka_unit_test(test_address_32_only_on_ioctl),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
