/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * One rtnetlink link message (RTM_NEWLINK, RTM_DELLINK) as phyd reads it, a pure function on
 * the message so that it can be fuzzed without a socket. Carrier is IFLA_CARRIER
 * (IFF_LOWER_UP where it is missing), never IFF_RUNNING, which follows operstate and lags
 * behind (see the kernel's linkwatch).
 */

#include <linux/netlink.h>
#include <net/ethernet.h>
#include <stdbool.h>

typedef struct NetLink {
        int ifindex;
        char ifname[16];
        unsigned flags;        /* IFF_* */
        bool carrier;
        unsigned char mac[ETH_ALEN];
        bool has_mac;
} NetLink;

/* Returns 1 and fills *ret (and *ret_removed: RTM_DELLINK) for an Ethernet interface's link
 * message, 0 for any other message, -EBADMSG for a malformed one. nlh must be a whole
 * message: nlmsg_len bytes that can be read. */
int rtnl_link_parse(struct nlmsghdr *nlh, NetLink *ret, bool *ret_removed);
