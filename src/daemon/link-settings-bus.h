/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Configure()'s a{sv} of io.phyd.Phy1, read into PhyLinkSettings with no PHY at hand, so that
 * it can be fuzzed on messages alone.
 */

#include <stdbool.h>
#include <systemd/sd-bus.h>

#include "daemon-phy.h"

/* Reads the dictionary completely before anything is applied, so a bad entry changes
 * nothing. autoneg: whether the PHY autonegotiates now (Speed and Duplex alone then also
 * turn it off). A bad entry or combination is SD_BUS_ERROR_INVALID_ARGS in error, with a
 * negative return. */
int bus_read_link_settings(sd_bus_message *message, bool autoneg, PhyLinkSettings *ret,
                           sd_bus_error *error);
