/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Every Ethernet interface of the namespace becomes a PHY (DESIGN: as networkd lists every
 * link), in monitor mode (decision 4), once udev has initialised it: rtnetlink says it exists
 * and how its carrier is, udev what its path and driver are for [Match]. Interfaces that go
 * away take their object with them; a renamed one keeps its object and changes Interface.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "manager.h"
#include "phy-bus.h"
#include "phy-journal.h"
#include "phy-worker.h"

static DaemonPhy *manager_find_netdev(Manager *m, int ifindex)
{
        for (size_t i = 0; i < m->n_phys; i++)
                if (m->phys[i]->ifindex == ifindex)
                        return m->phys[i];
        return NULL;
}

/* As systemd does: without a running udev (a container, a test namespace) there is nothing to
 * wait for. */
static bool udev_running(void)
{
        return access("/run/udev/control", F_OK) >= 0;
}

typedef struct LinkInfo {
        bool initialized;
        char path[256];
        char driver[64];
        char phydev[128]; /* the kernel's PHY device name, from /sys/class/net/IF/phydev */
} LinkInfo;

static void link_info(int ifindex, LinkInfo *ret)
{
        _cleanup_(sd_device_unrefp) sd_device *dev = NULL;
        const char *v, *syspath;
        sd_device *parent;
        char target[PATH_MAX], link[PATH_MAX];
        ssize_t n;
        int r;

        *ret = (LinkInfo) { .initialized = !udev_running() };

        r = sd_device_new_from_ifindex(&dev, ifindex);
        if (r < 0)
                return;
        if (udev_running())
                ret->initialized = sd_device_get_is_initialized(dev) > 0;
        if (sd_device_get_property_value(dev, "ID_PATH", &v) >= 0)
                snprintf(ret->path, sizeof(ret->path), "%s", v);
        if (sd_device_get_property_value(dev, "ID_NET_DRIVER", &v) >= 0 ||
            (sd_device_get_parent(dev, &parent) >= 0 && sd_device_get_driver(parent, &v) >= 0))
                snprintf(ret->driver, sizeof(ret->driver), "%s", v);
        if (sd_device_get_syspath(dev, &syspath) >= 0) {
                snprintf(link, sizeof(link), "%s/phydev", syspath);
                n = readlink(link, target, sizeof(target) - 1);
                if (n > 0) {
                        const char *base;

                        target[n] = '\0';
                        base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
                        if (strlen(base) < sizeof(ret->phydev))
                                strcpy(ret->phydev, base);
                }
        }
}

static void format_mac(const NetLink *link, char buf[static 18])
{
        if (!link->has_mac) {
                buf[0] = '\0';
                return;
        }
        snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", link->mac[0], link->mac[1],
                 link->mac[2], link->mac[3], link->mac[4], link->mac[5]);
}

static void submit_link_update(DaemonPhy *phy, bool carrier)
{
        PhyRequest *req = phy_request_new(phy, PHY_REQUEST_LINK_UPDATE, NULL);

        if (!req) {
                log_phy_error_errno(phy, ENOMEM, "Dropped a link update: %m");
                return;
        }
        req->carrier = carrier;
        phy_worker_submit(phy, req);
}

static DaemonPhy *manager_find_phy_by_id(Manager *m, const char *id)
{
        for (size_t i = 0; i < m->n_phys; i++)
                if (streq(m->phys[i]->name, id))
                        return m->phys[i];
        return NULL;
}

/* The kernel's MDIO bus id and the PHY's address from its PHY device name, "<bus id>:<addr>"
 * (e.g. "usb-001:002:10"); *address is left alone if already set. */
static int netlink_bus_of(const char *phydev, char bus_id[static MDIO_BUS_ID_MAX], int *address)
{
        const char *colon;
        char *end;
        unsigned long addr;

        if (!phydev || !phydev[0])
                return -ENOENT;
        colon = strrchr(phydev, ':');
        if (!colon || colon == phydev || (size_t) (colon - phydev) >= MDIO_BUS_ID_MAX)
                return -EINVAL;
        addr = strtoul(colon + 1, &end, 16);
        if (*end || end == colon + 1 || addr > 31)
                return -EINVAL;
        snprintf(bus_id, MDIO_BUS_ID_MAX, "%.*s", (int) (colon - phydev), phydev);
        if (*address < 0)
                *address = (int) addr;
        return 0;
}

static void manager_add_netdev(Manager *m, const NetLink *link, const LinkInfo *info)
{
        _cleanup_(daemon_phy_freep) DaemonPhy *phy = NULL;
        const PhyConfig *c;
        const char *id;
        char mac[18];
        int r;

        format_mac(link, mac);
        c = phyd_config_find_phy(m->config, link->ifname, info->path[0] ? info->path : NULL,
                                 info->driver[0] ? info->driver : NULL, mac[0] ? mac : NULL);

        /* Driving the PHY through the MII ioctls is asked for explicitly (DESIGN decision 4),
         * and fights the kernel's own driver: say so. */
        if (c && c->backend == PHY_BACKEND_IOCTL && c->mode_set && c->mode == PHY_MODE_MANAGED) {
                log_warning("%s: %s makes phyd drive this PHY through the MII ioctls, beside "
                            "the kernel's driver.", link->ifname, c->filename);
                r = daemon_phy_new_ioctl(m, m->next_index, link->ifindex, link->ifname,
                                         c->address_set ? c->address : -1, &phy);
                if (r < 0) {
                        log_error_errno(r, "%s: cannot drive it through the MII ioctls: %m",
                                        link->ifname);
                        return;
                }
                phy->poll_interval_usec = PHY_STATE_TIME_USEC;
                phy->config_file = strdup(c->filename);
                goto add;
        }
        if (c && c->backend == PHY_BACKEND_MDIO_NETLINK &&
            !(c->mode_set && c->mode == PHY_MODE_MONITOR)) {
                char bus_id[MDIO_BUS_ID_MAX];
                int address = c->address_set ? c->address : -1;

                r = netlink_bus_of(info->phydev, bus_id, &address);
                if (r < 0 && address < 0) {
                        log_error("%s: %s says Backend=mdio-netlink but no Address=, and the "
                                  "kernel shows no PHY to take it from.", link->ifname,
                                  c->filename);
                        return;
                }
                if (r < 0)
                        /* No PHY device to name the bus: the interface's name, which the
                         * kernel's mii_bus ids never are; the module will say so. */
                        snprintf(bus_id, sizeof(bus_id), "%s", link->ifname);
                r = daemon_phy_new_mdio_netlink(m, m->next_index, link->ifindex, link->ifname,
                                                bus_id, (uint8_t) address, &phy);
                if (r < 0) {
                        log_error_errno(r, "%s: cannot drive it through mdio netlink: %m",
                                        link->ifname);
                        return;
                }
                phy->poll_interval_usec = PHY_STATE_TIME_USEC;
                phy->config_file = strdup(c->filename);
                goto add;
        }
        if (c && c->backend != PHY_BACKEND_ETHTOOL && c->backend != PHY_BACKEND_IOCTL)
                log_notice("%s: %s asks for Backend=%s; this phyd supports it only with "
                           "Mode=managed, and monitors the interface through ethtool instead.",
                           link->ifname, c->filename, phy_backend_to_string(c->backend));

        /* The kernel's PHY device name where there is a PHY: two netdevs on one MDIO bus show
         * the PHY once. Otherwise the interface's name when it was found; a rename changes
         * Interface, not Id. */
        id = info->phydev[0] ? info->phydev : link->ifname;
        if (manager_find_phy_by_id(m, id)) {
                log_debug("%s: its PHY %s is already watched through another interface.",
                          link->ifname, id);
                return;
        }

        /* Backend=ioctl in monitor mode: the kernel still owns the PHY, but its registers
         * can be read through the MII ioctls, the latching ones excepted (decision 5). */
        r = daemon_phy_new_netdev(m, m->next_index,
                                  c && c->backend == PHY_BACKEND_IOCTL ? PHY_BACKEND_IOCTL
                                                                       : PHY_BACKEND_ETHTOOL,
                                  link->ifindex, link->ifname, id, &phy);
        if (r < 0) {
                log_error_errno(r, "%s: cannot watch: %m", link->ifname);
                return;
        }
        /* Read when the interface is found: a Reload that changes it takes effect when the
         * interface comes again. */
        phy->allow_raw_writes = c && c->allow_raw_writes > 0;
add:
        phy->carrier = link->carrier;
        phy->own_down_count = 0;

        r = manager_add_phy(m, phy);
        if (r < 0)
                return;
        m->next_index++;
        DaemonPhy *p = TAKE_PTR(phy);

        phy_journal_phy_added(p);
        if (daemon_phy_bus_register(p) < 0 || phy_worker_start(p) < 0) {
                manager_remove_phy(m, p);
                return;
        }
        submit_link_update(p, link->carrier);
}

static void pending_remove(Manager *m, int ifindex)
{
        for (size_t i = 0; i < m->n_pending; i++)
                if (m->pending[i].ifindex == ifindex) {
                        m->pending[i] = m->pending[--m->n_pending];
                        return;
                }
}

static void pending_add(Manager *m, const NetLink *link)
{
        NetLink *a;

        pending_remove(m, link->ifindex);
        a = realloc(m->pending, (m->n_pending + 1) * sizeof(*a));
        if (!a)
                return;
        m->pending = a;
        m->pending[m->n_pending++] = *link;
}

static void on_link(const NetLink *link, bool removed, void *userdata)
{
        Manager *m = userdata;
        DaemonPhy *phy = manager_find_netdev(m, link->ifindex);
        LinkInfo info;

        if (removed) {
                pending_remove(m, link->ifindex);
                if (phy)
                        manager_remove_phy(m, phy);
                return;
        }

        if (!phy) {
                if (!daemon_config_watches(&m->config->daemon, link->ifname))
                        return;
                link_info(link->ifindex, &info);
                if (!info.initialized) {
                        /* udev's "add" event brings it back (on_device). */
                        pending_add(m, link);
                        return;
                }
                pending_remove(m, link->ifindex);
                manager_add_netdev(m, link, &info);
                return;
        }

        if (!streq(phy->ifname, link->ifname)) {
                log_phy_info(phy, "Interface renamed from %s to %s", phy->ifname, link->ifname);
                snprintf(phy->ifname, sizeof(phy->ifname), "%s", link->ifname);
                (void) sd_bus_emit_properties_changed(m->bus, phy->path, "io.phyd.Phy1",
                                                      "Interface", NULL);
        }
        /* The worker tells whether anything changed: it publishes only what did. */
        submit_link_update(phy, link->carrier);
}

static int on_device(sd_device_monitor *monitor, sd_device *device, void *userdata)
{
        Manager *m = userdata;
        int ifindex;

        if (sd_device_get_ifindex(device, &ifindex) < 0)
                return 0;
        for (size_t i = 0; i < m->n_pending; i++)
                if (m->pending[i].ifindex == ifindex) {
                        NetLink link = m->pending[i];

                        on_link(&link, false, m);
                        break;
                }
        return 0;
}

int manager_watch_links(Manager *m)
{
        int r;

        if (udev_running()) {
                r = sd_device_monitor_new(&m->device_monitor);
                if (r >= 0)
                        r = sd_device_monitor_filter_add_match_subsystem_devtype(
                                m->device_monitor, "net", NULL);
                if (r >= 0)
                        r = sd_device_monitor_attach_event(m->device_monitor, m->event);
                if (r >= 0)
                        r = sd_device_monitor_start(m->device_monitor, on_device, m);
                if (r < 0)
                        log_warning_errno(r, "Cannot follow udev (%m); interfaces udev has not "
                                          "initialised yet will be missed");
        }

        return rtnl_watch_new(m->event, on_link, m, &m->rtnl);
}

void manager_unwatch_links(Manager *m)
{
        m->rtnl = rtnl_watch_free(m->rtnl);
        m->device_monitor = sd_device_monitor_unref(m->device_monitor);
        free(m->pending);
        m->pending = NULL;
        m->n_pending = 0;
}
