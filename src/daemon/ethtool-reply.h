/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The ethtool netlink replies phyd reads, from their parsed attributes (genlmsg_parse()
 * with the REPLY_MAX below), as pure functions, so that they can be fuzzed without a socket.
 */

#include <linux/ethtool_netlink.h>
#include <netlink/attr.h>

#include "ethtool-nl.h"

/* LINKSTATE's link-down count (after EXT_SUBSTATE) came after the UAPI headers of
 * Debian 12. */
#define PHYD_ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT (ETHTOOL_A_LINKSTATE_EXT_SUBSTATE + 1)

#define ETHTOOL_LINKMODES_REPLY_MAX ETHTOOL_A_LINKMODES_MAX
#define ETHTOOL_LINKSTATE_REPLY_MAX PHYD_ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT

/* ETHTOOL_MSG_LINKMODES_GET_REPLY (compact bitsets); what it lacks is unknown. */
void ethtool_linkmodes_from_reply(struct nlattr *const *tb, EthtoolLinkModes *ret);
/* ETHTOOL_MSG_LINKSTATE_GET_REPLY. */
void ethtool_linkstate_from_reply(struct nlattr *const *tb, EthtoolLinkState *ret);
