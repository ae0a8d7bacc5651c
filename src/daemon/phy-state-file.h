/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What a PHY leaves behind for the next phyd when this one exits cleanly (DESIGN decision 8:
 * restart without a link storm): phylib's software state, and for a sim PHY the model
 * itself, since the simulated "hardware" lives in this process. One file per PHY,
 * STATE_DIR/<id>.state, written atomically at exit and consumed at start: after a crash
 * there is none, and the PHY is probed as the kernel would (a sim PHY starts powered up).
 */

#include <stdbool.h>

#include "daemon-phy.h"

/* The worker must have stopped. */
int phy_state_file_save(const char *dir, DaemonPhy *phy);
/* Restores the model (sim) and returns the saved software state; 0 if there is no file,
 * 1 if one was loaded (and removed). A file of another build or PHY is ignored. */
int phy_state_file_load(const char *dir, DaemonPhy *phy, PhySavedState *ret_saved);
