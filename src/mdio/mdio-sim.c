/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>

#include "phyd/macro.h"
#include "phyd/mdio-sim.h"

typedef struct MdioSim {
        PhyModel *models[MDIO_MAX_ADDR];
        uint64_t access_usec;
} MdioSim;

static MdioSim *mdio_sim(MdioBus *bus)
{
        return bus->backend;
}

static int mdio_sim_read(MdioBus *bus, int addr, int devad, uint16_t reg)
{
        MdioSim *sim = mdio_sim(bus);

        if (devad != MDIO_DEVAD_NONE)
                return -EOPNOTSUPP;
        if (sim->access_usec > 0)
                clock_sleep(bus->clock, sim->access_usec);
        if (!sim->models[addr])
                return 0xffff;
        return phy_model_read(sim->models[addr], reg);
}

static int mdio_sim_write(MdioBus *bus, int addr, int devad, uint16_t reg, uint16_t val)
{
        MdioSim *sim = mdio_sim(bus);

        if (devad != MDIO_DEVAD_NONE)
                return -EOPNOTSUPP;
        if (sim->access_usec > 0)
                clock_sleep(bus->clock, sim->access_usec);
        if (!sim->models[addr])
                return 0;
        return phy_model_write(sim->models[addr], reg, val);
}

static void mdio_sim_free(MdioBus *bus)
{
        MdioSim *sim = mdio_sim(bus);

        for (size_t i = 0; i < ELEMENTSOF(sim->models); i++)
                phy_model_free(sim->models[i]);
        free(sim);
}

static const MdioBusOps mdio_sim_ops = {
        .read = mdio_sim_read,
        .write = mdio_sim_write,
        .free = mdio_sim_free,
};

int mdio_sim_bus_new(const char *id, Clock *clock, MdioBus **ret_bus)
{
        MdioSim *sim;
        int r;

        sim = calloc(1, sizeof(*sim));
        if (!sim)
                return -ENOMEM;

        r = mdio_bus_new(id, &mdio_sim_ops, sim, clock, ret_bus);
        if (r < 0)
                free(sim);
        return r;
}

bool mdio_bus_is_sim(const MdioBus *bus)
{
        return bus->ops == &mdio_sim_ops;
}

int mdio_sim_bus_add_model(MdioBus *bus, int addr, PhyModel *model)
{
        MdioSim *sim;

        if (!mdio_bus_is_sim(bus) || !model)
                return -EINVAL;
        if (addr < 0 || addr >= MDIO_MAX_ADDR)
                return -ENXIO;

        sim = mdio_sim(bus);
        if (sim->models[addr])
                return -EBUSY;
        sim->models[addr] = model;
        return 0;
}

PhyModel *mdio_sim_bus_get_model(MdioBus *bus, int addr)
{
        if (!mdio_bus_is_sim(bus) || addr < 0 || addr >= MDIO_MAX_ADDR)
                return NULL;
        return mdio_sim(bus)->models[addr];
}

void mdio_sim_bus_set_access_usec(MdioBus *bus, uint64_t usec)
{
        if (mdio_bus_is_sim(bus))
                mdio_sim(bus)->access_usec = usec;
}
