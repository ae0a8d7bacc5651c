/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "phyd/macro.h"
#include "phyd/mdio-bus.h"

int mdio_bus_new(const char *id, const MdioBusOps *ops, void *backend, Clock *clock,
                 MdioBus **ret_bus)
{
        MdioBus *bus;

        if (!id || !ops || !ops->read || !ops->write || !clock || !ret_bus)
                return -EINVAL;
        if (strlen(id) >= MDIO_BUS_ID_MAX)
                return -ENAMETOOLONG;

        bus = calloc(1, sizeof(*bus));
        if (!bus)
                return -ENOMEM;

        bus->ops = ops;
        bus->backend = backend;
        bus->clock = clock;
        bus->max_addr = MDIO_MAX_ADDR - 1;
        snprintf(bus->id, sizeof(bus->id), "%s", id);
        pthread_mutex_init(&bus->lock, NULL);

        *ret_bus = bus;
        return 0;
}

MdioBus *mdio_bus_free(MdioBus *bus)
{
        if (!bus)
                return NULL;

        if (bus->ops->free)
                bus->ops->free(bus);
        pthread_mutex_destroy(&bus->lock);
        free(bus);
        return NULL;
}

void mdio_bus_set_tracer(MdioBus *bus, MdioTraceFn trace, void *userdata)
{
        mdio_bus_lock(bus);
        bus->trace = trace;
        bus->trace_userdata = userdata;
        mdio_bus_unlock(bus);
}

void mdio_bus_lock(MdioBus *bus)
{
        pthread_mutex_lock(&bus->lock);
}

void mdio_bus_unlock(MdioBus *bus)
{
        pthread_mutex_unlock(&bus->lock);
}

void mdio_bus_trace_access(MdioBus *bus, MdioOp op, int addr, uint16_t reg, uint16_t val,
                           int err)
{
        MdioAccess access;

        if (!bus->trace)
                return;

        /* Stamped after the access, as the kernel's tracepoint fires once the transfer is
         * done. */
        access = (MdioAccess) {
                .usec = clock_now(bus->clock),
                .op = op,
                .addr = (uint8_t) addr,
                .reg = reg,
                .val = val,
                .err = err,
        };
        bus->trace(bus, &access, bus->trace_userdata);
}

int __mdio_bus_read(MdioBus *bus, int addr, int devad, uint16_t reg)
{
        int r;

        if (addr < 0 || addr > bus->max_addr)
                return -ENXIO;

        r = bus->ops->read(bus, addr, devad, reg);
        /* A backend answering outside 16 bits is a bug; do not pass it on as data. */
        if (r > 0xffff)
                r = -EIO;
        mdio_bus_trace_access(bus, MDIO_READ, addr, reg, r < 0 ? 0 : (uint16_t) r, r < 0 ? r : 0);
        return r;
}

int __mdio_bus_write(MdioBus *bus, int addr, int devad, uint16_t reg, uint16_t val)
{
        int r;

        if (addr < 0 || addr > bus->max_addr)
                return -ENXIO;

        r = bus->ops->write(bus, addr, devad, reg, val);
        if (r > 0)
                r = 0;
        mdio_bus_trace_access(bus, MDIO_WRITE, addr, reg, val, r);
        return r;
}

int mdio_bus_read(MdioBus *bus, int addr, int devad, uint16_t reg)
{
        int r;

        mdio_bus_lock(bus);
        r = __mdio_bus_read(bus, addr, devad, reg);
        mdio_bus_unlock(bus);
        return r;
}

int mdio_bus_write(MdioBus *bus, int addr, int devad, uint16_t reg, uint16_t val)
{
        int r;

        mdio_bus_lock(bus);
        r = __mdio_bus_write(bus, addr, devad, reg, val);
        mdio_bus_unlock(bus);
        return r;
}
