/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Layer 1: an MDIO bus. A backend (sim, ioctl, mdio-netlink) supplies MdioBusOps; everybody
 * else reads and writes through mdio_bus_read()/mdio_bus_write(), which take the bus lock
 * (the kernel's mdio_lock) and report every access to the bus's tracer, whatever the
 * backend.
 */

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "phyd/clock.h"

/* Clause 22 access: no MMD device address. The ops take a devad so that Clause 45 needs no
 * ABI break (DESIGN decision 11). */
#define MDIO_DEVAD_NONE (-1)

#define MDIO_MAX_ADDR 32
/* Not an MDIO address: what SIOCGMIIPHY answers for a PHY its MAC owns and addresses by
 * itself (8139cp, spec §10). Only the ioctl backend takes it, and passes it back as phy_id;
 * the trace shows it as phy:0x20. */
#define MDIO_ADDR_MAC_OWNED 32
#define MDIO_BUS_ID_MAX 64

typedef struct MdioBus MdioBus;

typedef enum MdioOp {
        MDIO_READ,
        MDIO_WRITE,
        _MDIO_OP_MAX,
        _MDIO_OP_INVALID = -22,
} MdioOp;

/* One access as the tracer sees it: what the kernel's mdio_access tracepoint records, plus
 * the error of a failed access (val is then 0 for a read, the value sent for a write). */
typedef struct MdioAccess {
        uint64_t usec; /* on the bus's clock */
        MdioOp op;
        uint8_t addr;
        uint16_t reg;
        uint16_t val;
        int err; /* 0, or a negative errno */
} MdioAccess;

typedef void (*MdioTraceFn)(MdioBus *bus, const MdioAccess *access, void *userdata);

typedef struct MdioBusOps {
        /* Reads one register. Returns its value (0..0xffff) or a negative errno. Called with
         * the bus lock held. */
        int (*read)(MdioBus *bus, int addr, int devad, uint16_t reg);
        /* Writes one register. Returns 0 or a negative errno. Called with the bus lock held. */
        int (*write)(MdioBus *bus, int addr, int devad, uint16_t reg, uint16_t val);
        /* Releases the backend's state. Optional. */
        void (*free)(MdioBus *bus);
} MdioBusOps;

struct MdioBus {
        const MdioBusOps *ops;
        void *backend; /* owned by the backend, released by ops->free */
        char id[MDIO_BUS_ID_MAX];
        Clock *clock;
        pthread_mutex_t lock;
        MdioTraceFn trace;
        void *trace_userdata;
        uint8_t max_addr; /* MDIO_MAX_ADDR - 1, or MDIO_ADDR_MAC_OWNED on an ioctl bus */
};

int mdio_bus_new(const char *id, const MdioBusOps *ops, void *backend, Clock *clock,
                 MdioBus **ret_bus);
MdioBus *mdio_bus_free(MdioBus *bus);
void mdio_bus_set_tracer(MdioBus *bus, MdioTraceFn trace, void *userdata);

/* Reports one access to the bus's tracer, for a backend whose accesses do not all go through
 * ops->read/ops->write (a batched program, an access the kernel makes on its behalf). The
 * caller holds the bus lock. val is 0 for a failed read, the value sent for a write; err is
 * 0 or a negative errno. */
void mdio_bus_trace_access(MdioBus *bus, MdioOp op, int addr, uint16_t reg, uint16_t val,
                           int err);

void mdio_bus_lock(MdioBus *bus);
void mdio_bus_unlock(MdioBus *bus);

/* Take the lock themselves. */
int mdio_bus_read(MdioBus *bus, int addr, int devad, uint16_t reg);
int mdio_bus_write(MdioBus *bus, int addr, int devad, uint16_t reg, uint16_t val);

/* The caller holds the lock (for read-modify-write sequences, as the kernel's __mdiobus_*). */
int __mdio_bus_read(MdioBus *bus, int addr, int devad, uint16_t reg);
int __mdio_bus_write(MdioBus *bus, int addr, int devad, uint16_t reg, uint16_t val);
