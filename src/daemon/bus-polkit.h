/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Privilege for mutating methods (DESIGN decision 9): root is allowed; anyone else only
 * through polkit's CheckAuthorization, asked asynchronously over D-Bus as systemd's daemons
 * do (no libpolkit). Without polkit on the bus, only root.
 */

#include <systemd/sd-bus.h>

typedef struct BusPolkitQuery BusPolkitQuery;

typedef struct BusPolkit {
        BusPolkitQuery *queries;
} BusPolkit;

/* Returns 1 when the sender may do action now. Returns 0 when polkit has been asked: the
 * method handler returns 1 without replying, and sd-bus calls it again with the same message
 * once polkit answered. Returns -EACCES with error set to AccessDenied when refused. */
int bus_verify_privileged(sd_bus_message *message, const char *action, BusPolkit *registry,
                          sd_bus_error *error);

void bus_polkit_done(BusPolkit *registry);
