/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * ethtool netlink (libnl-genl-3), for monitor mode (DESIGN decision 5): what the kernel's
 * driver negotiated, without a single MDIO access. Blocking round trips: workers only,
 * each on a socket of its own.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ethtool-nl-msg.h"
#include "phyd/linkmode.h"

typedef struct EthtoolSocket EthtoolSocket;

typedef struct EthtoolLinkModes {
        bool autoneg;
        int speed;          /* SPEED_UNKNOWN if unknown */
        int duplex;         /* DUPLEX_UNKNOWN if unknown */
        LinkModes supported;
        LinkModes advertising;
        LinkModes lp_advertising;
} EthtoolLinkModes;

typedef struct EthtoolLinkState {
        bool link;
        bool has_down_count;
        uint32_t down_count; /* link-down events the kernel counted (6.7 and later) */
} EthtoolLinkState;

/* -EPROTONOSUPPORT when the kernel has no ethtool netlink family. */
int ethtool_socket_open(EthtoolSocket **ret);
EthtoolSocket *ethtool_socket_free(EthtoolSocket *s);

/* -EOPNOTSUPP when the driver has no link modes (as veth's peer-less ones may). */
int ethtool_get_linkmodes(EthtoolSocket *s, int ifindex, EthtoolLinkModes *ret);
int ethtool_get_linkstate(EthtoolSocket *s, int ifindex, EthtoolLinkState *ret);

/* Changes: each waits for the kernel's acknowledgement. A refusal is -errno (-EOPNOTSUPP when
 * the driver cannot do it), with the kernel's extended ack message in extack ("" if none). */
int ethtool_set_linkmodes(EthtoolSocket *s, int ifindex, const EthtoolLinkModesChange *c,
                          char *extack, size_t size);
int ethtool_set_pause(EthtoolSocket *s, int ifindex, int rx, int tx, char *extack, size_t size);
/* The autonegotiation restart ("ethtool -r"): the SIOCETHTOOL ETHTOOL_NWAY_RST ioctl, as
 * ethtool netlink has no such command. -EOPNOTSUPP when the driver has none. */
int ethtool_nway_reset(EthtoolSocket *s, int ifindex);
