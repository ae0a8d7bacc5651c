/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Connecting to the bus at an address (--address=), for phyd, phyctl and phyd-dispatcher. */

#include <systemd/sd-bus.h>

/* A bus (dbus-daemon) at address, not a peer: Hello is sent, and io.phyd is a name on it.
 * description (may be NULL) is set before the connection starts. Returns 0 and the started
 * connection, or a negative errno. */
int bus_open_address(const char *address, const char *description, sd_bus **ret);
