/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Shared by the files of the PHY core only. */

#include "phyd/phy-device.h"

/* The one funnel for state: every change of phy->state goes through here, lock held, and
 * is reported to the listener. The driver's link_change_notify is not called here but
 * where the kernel calls it, in phy_process_state_change(), once per run. */
void phy_set_state(PhyDevice *phy, PhyState state);

/* Keeps what a register access read or wrote (val < 0: nothing) for the Registers snapshot;
 * phy_read() and phy_write() do it, a program run on the mdio netlink bus does it here. */
void phy_remember(PhyDevice *phy, uint16_t reg, int val);
