/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A PHY's link events and state changes in the journal, as structured entries: a fixed
 * MESSAGE_ID per kind of event (explained in systemd/phyd.catalog), PHYD_PHY=, INTERFACE=,
 * PHYD_LINK=, PHYD_SPEED=, PHYD_DUPLEX=, PHYD_STATE=. A flapping link does not flood the
 * journal: each PHY may log PHY_JOURNAL_BURST events per PHY_JOURNAL_INTERVAL_USEC; what is
 * dropped is counted and reported, with the count in PHYD_SUPPRESSED=, by the first event
 * let through afterwards.
 */

#include "daemon-phy.h"

#define PHYD_MESSAGE_LINK_UP "5479353a43504dfda6a32402135ad30f"
#define PHYD_MESSAGE_LINK_DOWN "baa041b27d6e4200909fa8df87c4bb44"
#define PHYD_MESSAGE_STATE_CHANGED "b1e3409806994212a91f05d3052ced83"
#define PHYD_MESSAGE_SUPPRESSED "4d6708b5554b4951a969bd2a4cb14618"
#define PHYD_MESSAGE_PHY_ADDED "bc6bb1c8b71844b597cc09899efd32f9"
#define PHYD_MESSAGE_PHY_REMOVED "bcb8bc47f48f42189cafc777910077a9"
#define PHYD_MESSAGE_RAW_WRITE "f859166244bf4433b4146a9f04f8e20f"

#define PHY_JOURNAL_INTERVAL_USEC (10 * USEC_PER_SEC)
#define PHY_JOURNAL_BURST 20

/* On the event loop, for a snapshot that changed the link description. */
void phy_journal_link_changed(DaemonPhy *phy, const PhySnapshot *old, const PhySnapshot *new);
void phy_journal_phy_added(DaemonPhy *phy);
void phy_journal_phy_removed(DaemonPhy *phy);
