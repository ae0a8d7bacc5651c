/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <linux/mii.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "manager.h"
#include "monitor-mii.h"
#include "phy-journal.h"
#include "phy-worker.h"
#include "phy-workqueue.h"
#include "phyd/genphy.h"
#include "phyd/mdio-ioctl.h"
#include "phyd/mdio-netlink.h"
#include "phyd/mdio-trace.h"

PhyRequest *phy_request_new(DaemonPhy *phy, PhyRequestKind kind, sd_bus_message *message)
{
        PhyRequest *req;

        req = calloc(1, sizeof(*req));
        if (!req)
                return NULL;
        req->kind = kind;
        req->phy = phy;
        req->message = message ? sd_bus_message_ref(message) : NULL;
        req->settings = PHY_LINK_SETTINGS_UNSET;
        return req;
}

PhyRequest *phy_request_free(PhyRequest *req)
{
        if (!req)
                return NULL;
        sd_bus_message_unref(req->message);
        free(req);
        return NULL;
}

/* The PhyListener: phylib's events, logged once here with the PHY's fields. Called on the
 * worker thread with the PHY's lock held. */
static void on_state_changed(PhyDevice *dev, PhyState old_state, void *userdata)
{
        log_phy_debug(userdata, "PHY state change %s -> %s", phy_state_to_string(old_state),
                      phy_state_to_string(dev->state));
}

static void on_link_changed(PhyDevice *dev, bool up, void *userdata)
{
        bool tx, rx;

        /* The journal's link events come from the published snapshots (phy-journal.c); this
         * is the state machine's own moment, for debugging. */
        if (!up) {
                log_phy_debug(userdata, "phy_link_down()");
                return;
        }
        phy_get_pause(dev, &tx, &rx);
        log_phy_debug(userdata, "phy_link_up(): %s/%s - flow control %s",
                     dev->speed == SPEED_100 ? "100Mbps" : dev->speed == SPEED_10 ? "10Mbps"
                                                                                   : "Unknown",
                     dev->duplex == DUPLEX_FULL ? "Full" : dev->duplex == DUPLEX_HALF ? "Half"
                                                                                      : "Unknown",
                     rx && tx ? "rx/tx" : rx ? "rx" : tx ? "tx" : "off");
}

static void on_error(PhyDevice *dev, const char *func, int err, void *userdata)
{
        log_phy_warning_errno(userdata, err, "%s failed: %m; the PHY goes to the error state",
                              func);
}

static const PhyListener worker_listener = {
        .state_changed = on_state_changed,
        .link_changed = on_link_changed,
        .error = on_error,
};

static void on_mdio_access(MdioBus *bus, const MdioAccess *access, void *userdata)
{
        DaemonPhy *phy = userdata;
        MdioTraceFile *trace = manager_trace_file(phy->manager);

        if (access->err < 0)
                phy->errors++;
        /* The state machine stops on -ENODEV without a word (spec §3.2: no error state, no
         * notify); the journal must still say why the PHY went quiet. Once per access, and
         * after the first one nothing polls any more. */
        if (access->err == -ENODEV)
                log_phy_warning(phy, "MDIO %s of register 0x%02x failed: the device is gone "
                                "(ENODEV); the PHY stops polling, as the kernel's does",
                                access->op == MDIO_READ ? "read" : "write", access->reg);
        if (trace)
                mdio_trace_file_write(bus, access, trace);
}

static int apply_link_settings(PhyDevice *dev, const PhyLinkSettings *s);

/* Probe, attach to the MAC profile and start, as the kernel does from driver bind to
 * "ip link set up". A PHY that does not answer stays without a PhyDevice ("down"). */
static void phy_worker_bring_up(DaemonPhy *phy)
{
        PhyDevice *dev = NULL;
        int r;

        /* mdio netlink: the bus is a netlink round trip away, so it is opened here. Without
         * the module there is nothing to poll: state error, said once, with the reason. */
        if (phy->backend == PHY_BACKEND_MDIO_NETLINK && !phy->bus) {
                r = mdio_netlink_bus_new(phy->netlink_bus_id, phy->clock, &phy->bus);
                if (r < 0) {
                        phy->errors++;
                        if (!phy->status_text)
                                log_phy_warning(phy, "MDIO bus %s: %s; the PHY is in the "
                                                "error state", phy->netlink_bus_id,
                                                mdio_netlink_strerror(r));
                        phy->status_text = mdio_netlink_strerror(r);
                        return;
                }
                phy->status_text = NULL;
                mdio_bus_set_tracer(phy->bus, on_mdio_access, phy);
        }

        /* The MII ioctls: ask the interface where its PHY is (spec §10), unless the .phy
         * file said. */
        if (phy->backend == PHY_BACKEND_IOCTL && !phy->address_known) {
                char msg[128];
                int addr;

                r = mdio_ioctl_get_phy_address(phy->bus, &addr);
                if (r < 0) {
                        log_phy_warning(phy, "%s; the PHY stays down",
                                        mdio_ioctl_strerror(r, phy->ifname, msg, sizeof(msg)));
                        return;
                }
                phy->address = (uint8_t) addr;
                phy->address_known = true;
        }

        r = phy_device_create(phy->bus, phy->address, phy->clock, &dev);
        if (r < 0) {
                log_phy_warning_errno(phy, r, "No PHY answers at address 0x%02x: %m",
                                      phy->address);
                return;
        }
        phy_set_listener(dev, &worker_listener, phy);
        dev->poll_interval_usec = poll_mode_interval(phy->poll_mode, phy->poll_interval_usec);

        /* A PHY the previous phyd left running, still configured as it left it, is taken
         * over as it is: no reset, no link drop (DESIGN decision 8). */
        if (phy->have_saved) {
                phy->have_saved = false;
                r = phy_adopt(dev, &phy->saved, mac_profile_get(phy->mac_profile));
                if (r > 0) {
                        phy->dev = dev;
                        log_phy_info(phy, "Took over the running PHY [%s] driver [%s] in state "
                                     "%s, without a reset", dev->name, dev->drv->name,
                                     phy_state_to_string(dev->state));
                        return;
                }
                if (r < 0)
                        log_phy_warning_errno(phy, r, "Failed to check the running PHY: %m");
                else
                        log_phy_info(phy, "The PHY's registers changed since the last run; "
                                     "probing it afresh");
        }

        r = phy_probe(dev);
        if (r < 0) {
                log_phy_warning_errno(phy, r, "Failed to probe the PHY: %m");
                phy_device_free(dev);
                return;
        }
        phy->dev = dev;
        log_phy_info(phy, "PHY [%s] driver [%s] (irq=POLL)", dev->name, dev->drv->name);

        r = phy_attach(dev, mac_profile_get(phy->mac_profile));
        if (r < 0) {
                log_phy_warning_errno(phy, r, "Failed to attach the PHY: %m");
                return;
        }
        /* The .phy file's settings, as "ethtool -s" before "ip link set up". */
        r = apply_link_settings(dev, &phy->initial_settings);
        if (r < 0)
                log_phy_warning_errno(phy, r, "The PHY refused the configured link settings: %m");
        r = phy_start(dev);
        if (r < 0)
                log_phy_warning_errno(phy, r, "Failed to start the PHY: %m");
}

static int apply_link_settings(PhyDevice *dev, const PhyLinkSettings *s)
{
        bool autoneg, rx, tx;
        int speed, duplex, r;
        LinkModes advertise;

        if (s->autoneg >= 0 || s->speed > 0 || s->duplex >= 0 || s->set_advertise) {
                autoneg = s->autoneg >= 0 ? s->autoneg : dev->autoneg;
                speed = s->speed > 0 ? s->speed : dev->speed;
                duplex = s->duplex >= 0 ? s->duplex : dev->duplex;
                advertise = s->set_advertise ? s->advertise : dev->advertising;

                /* phy_ethtool_ksettings_set() refuses before it changes anything. */
                r = phy_ethtool_ksettings_set(dev, autoneg, speed, duplex, advertise);
                if (r < 0)
                        return r;
        }

        if (s->rx_pause >= 0 || s->tx_pause >= 0) {
                /* The current request, from the advertisement: Pause = rx, Asym = rx ^ tx. */
                rx = linkmode_test(dev->advertising, LINK_MODE(Pause));
                tx = rx ^ linkmode_test(dev->advertising, LINK_MODE(Asym_Pause));
                if (s->rx_pause >= 0)
                        rx = s->rx_pause;
                if (s->tx_pause >= 0)
                        tx = s->tx_pause;
                phy_set_asym_pause(dev, rx, tx);
        }
        return 0;
}

/* What probe and the MAC profile leave: autoneg, every supported mode but pause
 * (phy_advertise_supported(), TP and MII included), the MAC's pause. */
static LinkModes default_advertising(DaemonPhy *phy)
{
        const MacProfile *mac = mac_profile_get(phy->mac_profile);
        LinkModes advertise = phy->dev->supported & ~LINK_MODES_PAUSE;

        if (mac->asym_pause)
                advertise |= LINK_MODES_PAUSE;
        return advertise;
}

static void reset_link_settings(DaemonPhy *phy)
{
        PhyDevice *dev = phy->dev;

        (void) phy_ethtool_ksettings_set(dev, true, dev->speed, dev->duplex,
                                         default_advertising(phy));
}

/* Whether reset_link_settings() (if reset) then apply_link_settings() would leave the link
 * settings as they are. Re-applying equal settings would still re-enter UP, which on an
 * AX88772A without link means NOLINK again and its soft reset: a reload that changes
 * nothing of the link must not touch the PHY. */
static bool link_settings_unchanged(DaemonPhy *phy, const PhyLinkSettings *s, bool reset)
{
        PhyDevice *dev = phy->dev;
        bool autoneg = reset ? true : dev->autoneg;
        LinkModes advertise = reset ? default_advertising(phy) : dev->advertising;
        int speed = s->speed > 0 ? s->speed : dev->speed;
        int duplex = s->duplex >= 0 ? s->duplex : dev->duplex;

        if (s->autoneg >= 0)
                autoneg = s->autoneg;
        if (s->set_advertise)
                advertise = s->advertise;
        advertise &= dev->supported;
        linkmode_mod(&advertise, LINK_MODE(Autoneg), autoneg);
        if (s->rx_pause >= 0 || s->tx_pause >= 0) {
                bool rx = linkmode_test(advertise, LINK_MODE(Pause));
                bool tx = rx ^ linkmode_test(advertise, LINK_MODE(Asym_Pause));

                if (s->rx_pause >= 0)
                        rx = s->rx_pause;
                if (s->tx_pause >= 0)
                        tx = s->tx_pause;
                linkmode_set_pause(&advertise, tx, rx);
        }
        return autoneg == dev->autoneg && advertise == dev->advertising &&
               (autoneg || (speed == dev->speed && duplex == dev->duplex));
}

static int sim_control(DaemonPhy *phy, const PhyRequest *req)
{
        int r = 0;

        if (!phy->model)
                return -EOPNOTSUPP;

        mdio_bus_lock(phy->bus);
        switch (req->kind) {
        case PHY_REQUEST_SIM_PLUG:
                phy_model_plug(phy->model, req->abilities);
                break;
        case PHY_REQUEST_SIM_UNPLUG:
                phy_model_unplug(phy->model);
                break;
        case PHY_REQUEST_SIM_ANEG_TIME:
                phy_model_set_aneg_usec(phy->model, req->usec);
                break;
        case PHY_REQUEST_SIM_ANRESTART_TIME:
                phy_model_set_anrestart_usec(phy->model, req->usec);
                break;
        case PHY_REQUEST_SIM_LINK_LEAD_TIME:
                phy_model_set_link_lead_usec(phy->model, req->usec);
                break;
        case PHY_REQUEST_SIM_QUIRK:
                r = phy_model_set_quirk(phy->model, req->quirk.quirk, req->quirk.on);
                break;
        case PHY_REQUEST_SIM_FAULT:
                r = phy_model_inject_fault(phy->model, req->fault.fault, req->fault.reg,
                                           req->fault.count);
                break;
        case PHY_REQUEST_SIM_CLEAR_FAULTS:
                phy_model_clear_faults(phy->model);
                break;
        case PHY_REQUEST_RESET:
        case PHY_REQUEST_RESTART_ANEG:
        case PHY_REQUEST_START:
        case PHY_REQUEST_STOP:
        case PHY_REQUEST_SUSPEND:
        case PHY_REQUEST_RESUME:
        case PHY_REQUEST_CONFIGURE:
        case PHY_REQUEST_READ_REGISTER:
        case PHY_REQUEST_WRITE_REGISTER:
        case PHY_REQUEST_APPLY_SETTINGS:
        case PHY_REQUEST_LINK_UPDATE:
        case _PHY_REQUEST_KIND_MAX:
                r = -EINVAL; /* not a simulator control */
                break;
        }
        mdio_bus_unlock(phy->bus);
        return r;
}

/* The MII ioctls of a kernel-owned PHY, opened on first use. */
static int monitor_mii_bus(DaemonPhy *phy)
{
        int addr, r;

        if (!phy->raw_bus) {
                r = mdio_ioctl_bus_new(phy->ifindex, phy->clock, &phy->raw_bus);
                if (r < 0)
                        return r;
                mdio_bus_set_tracer(phy->raw_bus, on_mdio_access, phy);
        }
        if (!phy->address_known) {
                r = mdio_ioctl_get_phy_address(phy->raw_bus, &addr);
                if (r < 0)
                        return r;
                phy->address = (uint8_t) addr;
                phy->address_known = true;
        }
        return 0;
}

/* Where the interface has MII ioctls, the PHY ID: PHYSID1/2 only (monitor-mii.h). An
 * interface without them (veth) has none, and that is no error. */
static void monitor_identify(DaemonPhy *phy)
{
        char msg[128];
        int r;

        r = monitor_mii_bus(phy);
        if (r >= 0)
                r = monitor_mii_phy_id(phy->raw_bus, phy->address, &phy->monitor_phy_id);
        if (r < 0)
                log_phy_debug(phy, "No PHY ID: %s",
                              mdio_ioctl_strerror(r, phy->ifname, msg, sizeof(msg)));
}

/* Monitor mode's Configure(): what the kernel's "ethtool -s" would send, link modes first,
 * then pause. The kernel validates each request as a whole before it changes anything; a
 * refused pause request after accepted link modes leaves the link modes set, and says which
 * part was refused. */
static int monitor_configure(DaemonPhy *phy, PhyRequest *req)
{
        const PhyLinkSettings *s = &req->settings;
        EthtoolLinkModesChange c = {
                .autoneg = s->autoneg,
                .speed = s->speed,
                .duplex = s->duplex,
                .set_advertise = s->set_advertise,
                .advertise = s->advertise,
        };
        int r;

        if (!phy->ethtool) {
                req->failed = "set link modes";
                snprintf(req->reason, sizeof(req->reason), "the kernel has no ethtool netlink");
                return -EOPNOTSUPP;
        }
        if (!ethtool_link_modes_change_is_empty(&c)) {
                req->failed = "set link modes";
                r = ethtool_set_linkmodes(phy->ethtool, phy->ifindex, &c, req->reason,
                                          sizeof(req->reason));
                if (r < 0)
                        return r;
        }
        if (s->rx_pause >= 0 || s->tx_pause >= 0) {
                req->failed = "set pause parameters";
                r = ethtool_set_pause(phy->ethtool, phy->ifindex, s->rx_pause, s->tx_pause,
                                      req->reason, sizeof(req->reason));
                if (r < 0)
                        return r;
        }
        req->failed = NULL;
        return 0;
}

/* A raw write behind the kernel's back (DESIGN decision 5): only with AllowRawWrites=yes in
 * the .phy file and the caller's force flag, through SIOCSMIIREG, and always in the journal. */
static int monitor_raw_write(DaemonPhy *phy, PhyRequest *req)
{
        char value[32], reg[32];
        char *fields[] = { reg, value, NULL };
        int r;

        if (!phy->allow_raw_writes) {
                snprintf(req->reason, sizeof(req->reason),
                         "The kernel owns this PHY: raw register writes need AllowRawWrites=yes "
                         "in its .phy file%s", req->reg.force ? "" : " and --force");
                return -EROFS;
        }
        if (!req->reg.force) {
                snprintf(req->reason, sizeof(req->reason),
                         "The kernel owns this PHY: its .phy file allows raw register writes, "
                         "but only with --force");
                return -EROFS;
        }

        /* Logged before it is tried: a write that reached the PHY and then failed to say so
         * must still be in the journal. */
        snprintf(reg, sizeof(reg), "PHYD_REGISTER=%u", req->reg.reg);
        snprintf(value, sizeof(value), "PHYD_VALUE=0x%04x", req->reg.value);
        log_phy_event(phy, LOG_WARNING, PHYD_MESSAGE_RAW_WRITE, fields,
                      "Forced raw write of 0x%04x to register %u, behind the kernel's driver",
                      req->reg.value, req->reg.reg);

        req->failed = "write the register";
        r = monitor_mii_bus(phy);
        if (r < 0)
                goto fail;

        r = mdio_bus_write(phy->raw_bus, phy->address, MDIO_DEVAD_NONE, req->reg.reg,
                           req->reg.value);
        if (r >= 0)
                return 0;
fail:
        mdio_ioctl_strerror(r, phy->ifname, req->reason, sizeof(req->reason));
        return r;
}

/* Backend=ioctl in monitor mode: a register read through SIOCGMIIREG, except the latching
 * ones, whose read would clear the latch the kernel's driver relies on (DESIGN decision 5). */
static int monitor_read_register(DaemonPhy *phy, PhyRequest *req)
{
        char msg[160];
        int r;

        req->failed = "read the register";
        if (phy->backend != PHY_BACKEND_IOCTL) {
                snprintf(req->reason, sizeof(req->reason),
                         "%s: the kernel owns this PHY and Backend=ethtool reads no register "
                         "(Backend=ioctl in its .phy file reads them)", phy->ifname);
                return -EOPNOTSUPP;
        }
        if (req->reg.reg == MII_BMSR || req->reg.reg == MII_EXPANSION) {
                snprintf(req->reason, sizeof(req->reason),
                         "%s: register %u latches, and the kernel owns this PHY: reading it "
                         "would clear the latched bits its driver relies on (monitor mode)",
                         phy->ifname, req->reg.reg);
                return -EOPNOTSUPP;
        }

        r = monitor_mii_bus(phy);
        if (r >= 0)
                r = mdio_bus_read(phy->raw_bus, phy->address, MDIO_DEVAD_NONE, req->reg.reg);
        if (r < 0) {
                snprintf(req->reason, sizeof(req->reason), "%s: cannot read register %u: %s",
                         phy->ifname, req->reg.reg,
                         mdio_ioctl_strerror(r, NULL, msg, sizeof(msg)));
                return r;
        }
        req->value = (uint16_t) r;
        return 0;
}

/* Monitor mode: the kernel owns the PHY (DESIGN decision 5); what can be asked of it goes
 * through ethtool, as "ethtool -s" and "ethtool -r" would. */
static int monitor_execute(DaemonPhy *phy, PhyRequest *req)
{
        switch (req->kind) {
        case PHY_REQUEST_CONFIGURE:
                return monitor_configure(phy, req);
        case PHY_REQUEST_RESTART_ANEG:
                req->failed = "restart autonegotiation";
                if (!phy->ethtool)
                        return -EOPNOTSUPP;
                return ethtool_nway_reset(phy->ethtool, phy->ifindex);
        case PHY_REQUEST_WRITE_REGISTER:
                return monitor_raw_write(phy, req);
        case PHY_REQUEST_READ_REGISTER:
                return monitor_read_register(phy, req);
        default:
                return -EOPNOTSUPP;
        }
}

static int request_execute(DaemonPhy *phy, PhyRequest *req)
{
        PhyDevice *dev = phy->dev;
        int r;

        switch (req->kind) {
        case PHY_REQUEST_SIM_PLUG:
        case PHY_REQUEST_SIM_UNPLUG:
        case PHY_REQUEST_SIM_ANEG_TIME:
        case PHY_REQUEST_SIM_ANRESTART_TIME:
        case PHY_REQUEST_SIM_LINK_LEAD_TIME:
        case PHY_REQUEST_SIM_QUIRK:
        case PHY_REQUEST_SIM_FAULT:
        case PHY_REQUEST_SIM_CLEAR_FAULTS:
                return sim_control(phy, req);
        case PHY_REQUEST_APPLY_SETTINGS:
                phy->poll_mode = req->poll.poll_mode;
                phy->poll_interval_usec = req->poll.poll_interval_usec;
                if (!dev)
                        return 0;
                /* Takes effect from the next run on. */
                dev->poll_interval_usec = poll_mode_interval(phy->poll_mode,
                                                             phy->poll_interval_usec);
                if (link_settings_unchanged(phy, &req->settings, req->poll.reset_link))
                        return 0;
                if (req->poll.reset_link)
                        reset_link_settings(phy);
                return apply_link_settings(dev, &req->settings);
        case PHY_REQUEST_LINK_UPDATE:
                if (req->carrier != phy->carrier && !req->carrier)
                        phy->own_down_count++;
                phy->carrier = req->carrier;
                return 0;
        case PHY_REQUEST_START:
                /* A PHY that did not answer at start may have come back. */
                if (!dev) {
                        phy_worker_bring_up(phy);
                        return phy->dev ? 0 : -ENODEV;
                }
                return phy_start(dev);
        case PHY_REQUEST_RESET:
        case PHY_REQUEST_RESTART_ANEG:
        case PHY_REQUEST_STOP:
        case PHY_REQUEST_SUSPEND:
        case PHY_REQUEST_RESUME:
        case PHY_REQUEST_CONFIGURE:
        case PHY_REQUEST_READ_REGISTER:
        case PHY_REQUEST_WRITE_REGISTER:
        case _PHY_REQUEST_KIND_MAX:
                break;
        }

        if (phy->mode == PHY_MODE_MONITOR)
                return monitor_execute(phy, req);

        if (!dev)
                return -ENODEV;

        switch (req->kind) {
        case PHY_REQUEST_RESET:
                /* init_hw alone would lose the pause advertisement (spec §7, the v5.19
                 * fix): reset, then start aneg, as the AX88772A's notify does. */
                pthread_mutex_lock(&dev->lock);
                r = phy_init_hw(dev);
                if (r >= 0)
                        r = _phy_start_aneg(dev);
                pthread_mutex_unlock(&dev->lock);
                return r;
        case PHY_REQUEST_RESTART_ANEG:
                if (!dev->autoneg)
                        return -EOPNOTSUPP;
                pthread_mutex_lock(&dev->lock);
                r = genphy_restart_aneg(dev);
                pthread_mutex_unlock(&dev->lock);
                return r;
        case PHY_REQUEST_STOP:
                return phy_stop(dev);
        case PHY_REQUEST_SUSPEND:
                /* Suspending a PHY the state machine still drives would fight it. */
                if (dev->state != PHY_HALTED)
                        return -EBUSY;
                return phy_suspend(dev);
        case PHY_REQUEST_RESUME:
                return phy_resume(dev);
        case PHY_REQUEST_CONFIGURE:
                return apply_link_settings(dev, &req->settings);
        case PHY_REQUEST_READ_REGISTER:
                r = phy_read(dev, req->reg.reg);
                if (r < 0)
                        return r;
                req->value = (uint16_t) r;
                return 0;
        case PHY_REQUEST_WRITE_REGISTER:
                return phy_write(dev, req->reg.reg, req->reg.value);
        case PHY_REQUEST_START:
        case PHY_REQUEST_SIM_PLUG:
        case PHY_REQUEST_SIM_UNPLUG:
        case PHY_REQUEST_SIM_ANEG_TIME:
        case PHY_REQUEST_SIM_ANRESTART_TIME:
        case PHY_REQUEST_SIM_LINK_LEAD_TIME:
        case PHY_REQUEST_SIM_QUIRK:
        case PHY_REQUEST_SIM_FAULT:
        case PHY_REQUEST_SIM_CLEAR_FAULTS:
        case PHY_REQUEST_APPLY_SETTINGS:
        case PHY_REQUEST_LINK_UPDATE:
        case _PHY_REQUEST_KIND_MAX:
                break; /* handled above */
        }
        return -EINVAL;
}

/* Monitor mode: the link from rtnetlink's carrier, the rest from ethtool netlink, which
 * the kernel answers from the PHY driver's state: no register is read, least of all a
 * latching one (DESIGN decision 5). */
static void monitor_capture(DaemonPhy *phy, PhySnapshot *s)
{
        EthtoolLinkModes modes;
        EthtoolLinkState state;
        int r;

        *s = (PhySnapshot) {
                .present = true,
                .state = phy->carrier ? PHY_RUNNING : PHY_NOLINK,
                .link = phy->carrier,
                .speed = SPEED_UNKNOWN,
                .duplex = DUPLEX_UNKNOWN,
                .link_down_events = phy->own_down_count,
                .driver = "ethtool",
                .phy_id = phy->monitor_phy_id,
        };
        if (!phy->ethtool)
                return;

        r = ethtool_get_linkmodes(phy->ethtool, phy->ifindex, &modes);
        if (r < 0)
                log_phy_debug_errno(phy, r, "ethtool LINKMODES_GET: %m");
        else {
                s->autoneg = modes.autoneg;
                s->supported = modes.supported;
                s->advertising = modes.advertising;
                s->lp_advertising = modes.lp_advertising;
                s->autoneg_complete = modes.autoneg && phy->carrier && modes.lp_advertising;
                if (phy->carrier) {
                        s->speed = modes.speed;
                        s->duplex = modes.duplex;
                        /* What the MAC gets: ours and the partner's through Annex 28B, full
                         * duplex only (PAUSE_GET would tell the configuration, not this). */
                        if (modes.duplex == DUPLEX_FULL)
                                linkmode_resolve_pause(modes.advertising, modes.lp_advertising,
                                                       &s->tx_pause, &s->rx_pause);
                }
        }
        r = ethtool_get_linkstate(phy->ethtool, phy->ifindex, &state);
        if (r < 0)
                log_phy_debug_errno(phy, r, "ethtool LINKSTATE_GET: %m");
        else if (state.has_down_count)
                s->link_down_events = state.down_count;
}

static void phy_worker_publish(DaemonPhy *phy)
{
        PhySnapshot s = phy->worker_snapshot;

        if (phy->mode == PHY_MODE_MONITOR)
                monitor_capture(phy, &s);
        else {
                if (phy->dev)
                        pthread_mutex_lock(&phy->dev->lock);
                phy_snapshot_capture(&s, phy->dev, phy->model);
                if (phy->dev)
                        pthread_mutex_unlock(&phy->dev->lock);
                /* No bus at all (no mdio netlink family): not "down", which would mean the
                 * PHY did not answer. */
                if (!phy->bus && phy->status_text)
                        s.state = PHY_ERROR;
        }
        s.status_text = phy->status_text;
        s.errors = phy->errors;
        s.first_run_done = phy->first_run_done;

        if (phy->worker_sent && phy_snapshot_diff(&s, &phy->worker_snapshot) == 0)
                return;
        phy->worker_sent = true;
        phy->worker_snapshot = s;
        manager_post_snapshot(phy->manager, phy, &s);
}

static uint64_t phy_worker_due(DaemonPhy *phy)
{
        return phy->dev ? phy->dev->work_due_usec : USEC_INFINITY;
}

static PhyWorkqueue *phy_worker_pool(DaemonPhy *phy)
{
        return phy->manager->workqueue;
}

/* Probe, or in monitor mode the ethtool socket: the PHY's first run, on the pool, so READY=1
 * waits for the bring-ups themselves and not for a thread per PHY to start. */
static void phy_worker_first_run(DaemonPhy *phy)
{
        int r;

        if (phy->mode == PHY_MODE_MONITOR) {
                /* Nothing to probe: the kernel's driver owns the PHY. */
                r = ethtool_socket_open(&phy->ethtool);
                if (r < 0)
                        log_phy_warning_errno(phy, r, "No ethtool netlink (%m): link state "
                                              "from carrier only");
                monitor_identify(phy);
                phy->first_run_done = true;
        } else
                phy_worker_bring_up(phy);
        /* A PHY that does not answer will not run: it must not hold READY=1 back. */
        if (!phy->dev)
                phy->first_run_done = true;
        phy_worker_publish(phy);
}

/* One run of the PHY's work item, as the kernel's phy_state_machine work: the requests the
 * event loop handed over, then the state machine if it is due, then the next due time. The
 * workqueue never runs one item on two threads at once, so everything of the PHY's stays
 * single-threaded as with a thread of its own. */
static void phy_worker_run(PhyWork *work)
{
        DaemonPhy *phy = work->userdata;
        PhyRequest *reqs;

        if (!phy->brought_up) {
                phy_worker_first_run(phy);
                phy->brought_up = true;
        }

        pthread_mutex_lock(&phy->lock);
        if (phy->stop) {
                /* phy_worker_stop() answers what is left. */
                pthread_mutex_unlock(&phy->lock);
                return;
        }
        reqs = phy->requests;
        phy->requests = NULL;
        phy->requests_tail = &phy->requests;
        pthread_mutex_unlock(&phy->lock);

        while (reqs) {
                PhyRequest *req = reqs;

                reqs = req->next;
                req->next = NULL;
                req->result = request_execute(phy, req);
                phy_worker_publish(phy);
                manager_post_request_done(phy->manager, req);
        }

        if (phy_worker_due(phy) <= clock_now(phy->clock)) {
                phy_state_machine(phy->dev);
                phy->first_run_done = true;
                phy_worker_publish(phy);
        }

        /* The state machine and the requests set the next due time; a request submitted
         * meanwhile has queued the item again already. */
        phy_work_schedule(phy_worker_pool(phy), work, phy_worker_due(phy));
}

int phy_worker_start(DaemonPhy *phy)
{
        Manager *m = phy->manager;
        int r;

        /* One pool for all PHYs, made with the first one. */
        if (!m->workqueue) {
                r = phy_workqueue_new(0, &m->workqueue);
                if (r < 0)
                        return log_phy_error_errno(phy, r, "Failed to start the PHY workers: %m");
        }

        if (phy->bus)
                mdio_bus_set_tracer(phy->bus, on_mdio_access, phy);

        phy_work_init(&phy->work, phy_worker_run, phy);
        phy->work_started = true;
        phy_work_queue(m->workqueue, &phy->work);
        return 0;
}

void phy_worker_stop(DaemonPhy *phy)
{
        if (!phy->work_started)
                return;

        pthread_mutex_lock(&phy->lock);
        phy->stop = true;
        pthread_mutex_unlock(&phy->lock);

        /* A run in progress finishes first: a reset poll ends, a request in flight is
         * answered. */
        phy_work_cancel_sync(phy_worker_pool(phy), &phy->work);
        phy->work_started = false;

        /* Requests that never ran are answered by their owner. */
        while (phy->requests) {
                PhyRequest *req = phy->requests;

                phy->requests = req->next;
                req->next = NULL;
                req->result = -ESHUTDOWN;
                manager_post_request_done(phy->manager, req);
        }
        phy->requests_tail = &phy->requests;
}

void phy_worker_submit(DaemonPhy *phy, PhyRequest *req)
{
        pthread_mutex_lock(&phy->lock);
        req->next = NULL;
        *phy->requests_tail = req;
        phy->requests_tail = &req->next;
        pthread_mutex_unlock(&phy->lock);
        phy_work_queue(phy_worker_pool(phy), &phy->work);
}
