/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Ethernet interfaces as rtnetlink tells them (libnl-3): a dump at start, then RTM_NEWLINK /
 * RTM_DELLINK notifications, all read without blocking on the event loop, each message read
 * by rtnl_link_parse().
 */

#include <stdbool.h>
#include <systemd/sd-event.h>

#include "rtnl-link.h"

typedef struct RtnlWatch RtnlWatch;

/* removed: the interface is gone (RTM_DELLINK). Called on the event loop. */
typedef void (*RtnlLinkFn)(const NetLink *link, bool removed, void *userdata);

int rtnl_watch_new(sd_event *event, RtnlLinkFn callback, void *userdata, RtnlWatch **ret);
RtnlWatch *rtnl_watch_free(RtnlWatch *w);
