/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Ethernet interfaces as rtnetlink tells them (libnl-3): a dump at start, then RTM_NEWLINK /
 * RTM_DELLINK notifications, all read without blocking on the event loop. Carrier is
 * IFLA_CARRIER (IFF_LOWER_UP where it is missing), never IFF_RUNNING, which follows operstate
 * and lags behind (see the kernel's linkwatch).
 */

#include <net/ethernet.h>
#include <stdbool.h>
#include <systemd/sd-event.h>

typedef struct NetLink {
        int ifindex;
        char ifname[16];
        unsigned flags;        /* IFF_* */
        bool carrier;
        unsigned char mac[ETH_ALEN];
        bool has_mac;
} NetLink;

typedef struct RtnlWatch RtnlWatch;

/* removed: the interface is gone (RTM_DELLINK). Called on the event loop. */
typedef void (*RtnlLinkFn)(const NetLink *link, bool removed, void *userdata);

int rtnl_watch_new(sd_event *event, RtnlLinkFn callback, void *userdata, RtnlWatch **ret);
RtnlWatch *rtnl_watch_free(RtnlWatch *w);
