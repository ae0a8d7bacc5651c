/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The ethtool netlink requests that change something (monitor mode's Configure(), DESIGN
 * decision 5), built into a libnl message without a socket, so that their bytes can be
 * checked on their own.
 */

#include <netlink/msg.h>
#include <stdbool.h>

#include "phyd/linkmode.h"

/* ETHTOOL_MSG_LINKMODES_SET: each field is sent only if set. */
typedef struct EthtoolLinkModesChange {
        int autoneg;          /* -1 unset, 0, 1 */
        int speed;            /* 0 unset, else Mb/s */
        int duplex;           /* -1 unset, DUPLEX_HALF, DUPLEX_FULL */
        bool set_advertise;
        LinkModes advertise;  /* replaces the whole advertisement */
} EthtoolLinkModesChange;

#define ETHTOOL_LINK_MODES_CHANGE_UNSET                                                   \
        ((EthtoolLinkModesChange) { .autoneg = -1, .duplex = -1 })

bool ethtool_link_modes_change_is_empty(const EthtoolLinkModesChange *c);

/*
 * The advertisement goes as a compact bitset in list mode (ETHTOOL_A_BITSET_NOMASK): 64 bits
 * of value, and the kernel clears every bit above them, so the request says the whole
 * advertisement rather than a change to it. phyd's LinkModes are the first 64 ethtool link
 * mode bits, so the bit numbers are the kernel's.
 */
int ethtool_msg_linkmodes_set(struct nl_msg *msg, int family, int ifindex,
                              const EthtoolLinkModesChange *c);

/* The kernel's extended ack message (NLMSGERR_ATTR_MSG) of an NLMSG_ERROR answer, with the
 * echoed request capped (NETLINK_CAP_ACK) or not, into buf; "" when there is none. Returns
 * the error the answer carries, as -errno (0 for an acknowledgement). */
int ethtool_msg_parse_error(const struct nlmsghdr *nlh, char *buf, size_t size);

/* ETHTOOL_MSG_PAUSE_SET: rx and tx are -1 (unset, the kernel keeps them), 0 or 1. The pause
 * autonegotiation setting is left as it is. */
int ethtool_msg_pause_set(struct nl_msg *msg, int family, int ifindex, int rx, int tx);
