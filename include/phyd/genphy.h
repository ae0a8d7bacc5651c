/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The generic Clause 22 helpers the drivers are built from (spec §2). */

#include "phyd/phy-device.h"

int genphy_soft_reset(PhyDevice *phy);
int genphy_update_link(PhyDevice *phy);
int genphy_read_lpa(PhyDevice *phy);
int genphy_read_status(PhyDevice *phy);
int genphy_read_status_fixed(PhyDevice *phy);
void phy_resolve_aneg_linkmode(PhyDevice *phy);
void phy_resolve_aneg_pause(PhyDevice *phy);
int genphy_config_aneg(PhyDevice *phy);
int genphy_setup_forced(PhyDevice *phy);
int genphy_restart_aneg(PhyDevice *phy);
int genphy_check_and_restart_aneg(PhyDevice *phy, bool restart);
int genphy_read_abilities(PhyDevice *phy);
int genphy_read_eee_abilities(PhyDevice *phy);
int genphy_suspend(PhyDevice *phy);
int genphy_resume(PhyDevice *phy);
