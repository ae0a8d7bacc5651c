/* SPDX-License-Identifier: GPL-2.0-or-later */

/* glibc's <net/if.h> first: the kernel's headers then leave out what it defines. */
#include <net/if.h>

#include <errno.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <stdio.h>
#include <string.h>

#include "rtnl-link.h"

/* Not in glibc's <net/if.h>, and <linux/if.h> clashes with it. */
#define PHYD_IFF_LOWER_UP 0x10000

/* The attributes read below, with the sizes they must have: libnl checks nothing without a
 * policy, and its nla_get_*() read what the type says whatever the attribute holds. */
static struct nla_policy link_policy[IFLA_MAX + 1] = {
        [IFLA_IFNAME] = { .type = NLA_STRING, .maxlen = IFNAMSIZ },
        [IFLA_CARRIER] = { .type = NLA_U8 },
};

int rtnl_link_parse(struct nlmsghdr *nlh, NetLink *ret, bool *ret_removed)
{
        struct nlattr *tb[IFLA_MAX + 1];
        struct ifinfomsg *ifi;
        NetLink link = {};

        if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
                return 0;
        if (nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, link_policy) < 0)
                return -EBADMSG;
        ifi = nlmsg_data(nlh);

        /* Ethernet only (DESIGN: every ARPHRD_ETHER interface of the namespace). */
        if (ifi->ifi_type != ARPHRD_ETHER)
                return 0;

        link.ifindex = ifi->ifi_index;
        link.flags = ifi->ifi_flags;
        if (tb[IFLA_IFNAME])
                snprintf(link.ifname, sizeof(link.ifname), "%s", nla_get_string(tb[IFLA_IFNAME]));
        if (tb[IFLA_CARRIER])
                link.carrier = nla_get_u8(tb[IFLA_CARRIER]);
        else
                link.carrier = ifi->ifi_flags & PHYD_IFF_LOWER_UP;
        /* A carrier reported on an interface that is administratively down is not a link. */
        if (!(ifi->ifi_flags & IFF_UP))
                link.carrier = false;
        if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == ETH_ALEN) {
                memcpy(link.mac, nla_data(tb[IFLA_ADDRESS]), ETH_ALEN);
                link.has_mac = true;
        }

        *ret = link;
        *ret_removed = nlh->nlmsg_type == RTM_DELLINK;
        return 1;
}
