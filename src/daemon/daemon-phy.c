/* SPDX-License-Identifier: GPL-2.0-or-later */


#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon-phy.h"
#include "manager.h"
#include "phyd/mdio-ioctl.h"
#include "phyd/mdio-sim.h"

/* What every PHY starts with. */
static int daemon_phy_alloc(Manager *m, unsigned index, DaemonPhy **ret_phy)
{
        DaemonPhy *phy;

        phy = calloc(1, sizeof(*phy));
        if (!phy)
                return -ENOMEM;
        phy->manager = m;
        phy->index = index;
        phy->poll_mode = POLL_MODE_KERNEL;
        phy->poll_interval_usec = PHY_STATE_TIME_USEC;
        phy->initial_settings = PHY_LINK_SETTINGS_UNSET;
        phy->clock = phy_workqueue_clock(); /* its sleeps let the pool run other PHYs */
        phy->requests_tail = &phy->requests;
        pthread_mutex_init(&phy->lock, NULL);
        if (asprintf(&phy->path, "/io/phyd/phy/%u", index) < 0) {
                daemon_phy_free(phy);
                return -ENOMEM;
        }
        *ret_phy = phy;
        return 0;
}

/* A PHY behind a network interface, as every backend but sim has. */
static int daemon_phy_alloc_netdev(Manager *m, unsigned index, PhyBackend backend, PhyMode mode,
                                   int ifindex, const char *ifname, DaemonPhy **ret_phy)
{
        DaemonPhy *phy;
        int r;

        r = daemon_phy_alloc(m, index, &phy);
        if (r < 0)
                return r;
        phy->backend = backend;
        phy->mode = mode;
        phy->mac_profile = MAC_PROFILE_NONE;
        phy->ifindex = ifindex;
        snprintf(phy->ifname, sizeof(phy->ifname), "%s", ifname);
        *ret_phy = phy;
        return 0;
}

int daemon_phy_new_netdev(Manager *m, unsigned index, PhyBackend backend, int ifindex,
                          const char *ifname, const char *id, DaemonPhy **ret_phy)
{
        _cleanup_(daemon_phy_freep) DaemonPhy *phy = NULL;
        int r;

        r = daemon_phy_alloc_netdev(m, index, backend, PHY_MODE_MONITOR, ifindex, ifname, &phy);
        if (r < 0)
                return r;
        phy->name = strdup(id);
        if (!phy->name)
                return -ENOMEM;
        *ret_phy = TAKE_PTR(phy);
        return 0;
}

int daemon_phy_new_ioctl(Manager *m, unsigned index, int ifindex, const char *ifname,
                         int address, DaemonPhy **ret_phy)
{
        _cleanup_(daemon_phy_freep) DaemonPhy *phy = NULL;
        int r;

        r = daemon_phy_alloc_netdev(m, index, PHY_BACKEND_IOCTL, PHY_MODE_MANAGED, ifindex,
                                    ifname, &phy);
        if (r < 0)
                return r;
        phy->address = address >= 0 ? (uint8_t) address : 0;
        phy->address_known = address >= 0;
        /* The kernel's name for such a PHY is <ifname>:<addr>; the address may come later,
         * the Id stays. */
        if (asprintf(&phy->name, "%s:%02x", ifname, phy->address) < 0)
                return -ENOMEM;
        r = mdio_ioctl_bus_new(ifindex, phy->clock, &phy->bus);
        if (r < 0)
                return r;
        *ret_phy = TAKE_PTR(phy);
        return 0;
}

int daemon_phy_new_mdio_netlink(Manager *m, unsigned index, int ifindex, const char *ifname,
                                const char *bus_id, uint8_t address, DaemonPhy **ret_phy)
{
        _cleanup_(daemon_phy_freep) DaemonPhy *phy = NULL;
        int r;

        r = daemon_phy_alloc_netdev(m, index, PHY_BACKEND_MDIO_NETLINK, PHY_MODE_MANAGED,
                                    ifindex, ifname, &phy);
        if (r < 0)
                return r;
        phy->address = address;
        phy->address_known = true;
        snprintf(phy->netlink_bus_id, sizeof(phy->netlink_bus_id), "%s", bus_id);
        /* The kernel's name for the PHY device: <bus id>:<addr>. */
        if (asprintf(&phy->name, "%s:%02x", bus_id, address) < 0)
                return -ENOMEM;
        *ret_phy = TAKE_PTR(phy);
        return 0;
}

int daemon_phy_new_sim(Manager *m, unsigned index, PhyModelKind kind, MacProfileKind profile,
                       uint8_t address, DaemonPhy **ret_phy)
{
        _cleanup_(daemon_phy_freep) DaemonPhy *phy = NULL;
        PhyModelParams params;
        PhyModel *model = NULL;
        char bus_id[MDIO_BUS_ID_MAX];
        int r;

        r = daemon_phy_alloc(m, index, &phy);
        if (r < 0)
                return r;
        phy->backend = PHY_BACKEND_SIM;
        phy->mode = PHY_MODE_MANAGED; /* DESIGN decision 4: sim PHYs are managed */
        phy->mac_profile = profile;
        phy->model_kind = kind;
        phy->address = address;

        /* Each sim PHY has a bus of its own, named as the kernel names MDIO buses. */
        snprintf(bus_id, sizeof(bus_id), "sim%u", m->next_sim_bus++);
        if (asprintf(&phy->name, "%s:%02x", bus_id, address) < 0)
                return -ENOMEM;

        r = mdio_sim_bus_new(bus_id, phy->clock, &phy->bus);
        if (r < 0)
                return r;
        phy_model_default_params(kind, &params);
        r = phy_model_new(&params, phy->clock, &model);
        if (r < 0)
                return r;
        r = mdio_sim_bus_add_model(phy->bus, address, model);
        if (r < 0) {
                phy_model_free(model);
                return r;
        }
        phy->model = model;

        *ret_phy = TAKE_PTR(phy);
        return 0;
}

DaemonPhy *daemon_phy_free(DaemonPhy *phy)
{
        if (!phy)
                return NULL;

        /* The worker must have stopped: it owns dev and bus while it runs. */
        phy_device_free(phy->dev);
        mdio_bus_free(phy->bus);
        mdio_bus_free(phy->raw_bus);
        pthread_mutex_destroy(&phy->lock);
        free(phy->name);
        free(phy->path);
        ethtool_socket_free(phy->ethtool);
        free(phy->config_file);
        free(phy);
        return NULL;
}

const char *daemon_phy_name(const DaemonPhy *phy)
{
        return phy->name;
}

const char *daemon_phy_ifname(const DaemonPhy *phy)
{
        return phy->ifname[0] ? phy->ifname : NULL;
}

PhyLinkSettings phy_link_settings_from_config(const PhyConfig *c)
{
        PhyLinkSettings s = PHY_LINK_SETTINGS_UNSET;

        if (!c)
                return s;
        if (c->autoneg_set)
                s.autoneg = c->autoneg;
        if (c->speed_set)
                s.speed = c->speed;
        if (c->duplex_set)
                s.duplex = (int) c->duplex;
        if (c->advertise_set) {
                s.set_advertise = true;
                s.advertise = c->advertise;
        }
        if (c->rx_pause_set)
                s.rx_pause = c->rx_pause;
        if (c->tx_pause_set)
                s.tx_pause = c->tx_pause;
        return s;
}

uint64_t poll_mode_interval(PollMode mode, uint64_t configured_usec)
{
        switch (mode) {
        case POLL_MODE_KERNEL:
        case POLL_MODE_CARRIER:
                /* PHY_STATE_TIME: 1 s after the end of the previous run, whatever else is
                 * configured (DESIGN decision 6). */
                return PHY_STATE_TIME_USEC;
        case POLL_MODE_FAST:
        case _POLL_MODE_MAX:
        case _POLL_MODE_INVALID:
                break;
        }
        return configured_usec > 0 ? configured_usec : PHY_STATE_TIME_USEC;
}
