/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The vendor driver arrays, listed in phy-driver.c's one explicit table. */

#include "phyd/phy-device.h"

#define ASIX_DRIVERS_COUNT 3
extern const PhyDriver asix_drivers[ASIX_DRIVERS_COUNT];
