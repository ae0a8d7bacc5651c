/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <systemd/sd-bus.h>

#include "daemon-phy.h"

/* "as" of ethtool link-mode names. */
int bus_append_link_modes(sd_bus_message *reply, LinkModes modes);

/* On the event loop: answers the D-Bus call a worker finished, and frees the request. */
void phy_request_reply(PhyRequest *req);

/* sim-bus.c: io.phyd.Simulator1 on a sim PHY's object. */
int sim_bus_register(DaemonPhy *phy);
