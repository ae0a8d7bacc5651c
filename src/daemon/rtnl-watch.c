/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rtnl-watch.h"

struct RtnlWatch {
        struct nl_sock *sock;
        sd_event_source *source;
        RtnlLinkFn callback;
        void *userdata;
};

static int parse_link(struct nl_msg *msg, void *userdata)
{
        RtnlWatch *w = userdata;
        NetLink link;
        bool removed;

        /* A message that is not an Ethernet link's, or that does not parse, is not ours. */
        if (rtnl_link_parse(nlmsg_hdr(msg), &link, &removed) > 0)
                w->callback(&link, removed, w->userdata);
        return NL_OK;
}

static int on_readable(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
        RtnlWatch *w = userdata;
        int r;

        /* Non-blocking: read what is there, then back to the loop. */
        do
                r = nl_recvmsgs_default(w->sock);
        while (r >= 0);
        if (r != -NLE_AGAIN)
                log_warning("rtnetlink: %s; some interface changes may have been missed",
                            nl_geterror(r));
        return 0;
}

int rtnl_watch_new(sd_event *event, RtnlLinkFn callback, void *userdata, RtnlWatch **ret)
{
        struct rtgenmsg gen = { .rtgen_family = AF_UNSPEC };
        RtnlWatch *w;
        int r;

        w = calloc(1, sizeof(*w));
        if (!w)
                return -ENOMEM;
        w->callback = callback;
        w->userdata = userdata;

        w->sock = nl_socket_alloc();
        if (!w->sock) {
                rtnl_watch_free(w);
                return -ENOMEM;
        }
        /* Notifications and the dump share the socket; their sequence numbers are not ours. */
        nl_socket_disable_seq_check(w->sock);
        nl_socket_modify_cb(w->sock, NL_CB_VALID, NL_CB_CUSTOM, parse_link, w);
        r = nl_connect(w->sock, NETLINK_ROUTE);
        if (r < 0)
                goto fail;
        r = nl_socket_add_membership(w->sock, RTNLGRP_LINK);
        if (r < 0)
                goto fail;
        r = nl_socket_set_nonblocking(w->sock);
        if (r < 0)
                goto fail;
        /* A larger buffer: a burst of notifications must not overflow it. */
        (void) nl_socket_set_buffer_size(w->sock, 1024 * 1024, 0);

        r = nl_send_simple(w->sock, RTM_GETLINK, NLM_F_DUMP, &gen, sizeof(gen));
        if (r < 0)
                goto fail;

        r = sd_event_add_io(event, &w->source, nl_socket_get_fd(w->sock), EPOLLIN, on_readable,
                            w);
        if (r < 0) {
                rtnl_watch_free(w);
                return r;
        }
        *ret = w;
        return 0;

fail:
        log_error("rtnetlink: %s", nl_geterror(r));
        rtnl_watch_free(w);
        return -EIO;
}

RtnlWatch *rtnl_watch_free(RtnlWatch *w)
{
        if (!w)
                return NULL;
        sd_event_source_disable_unref(w->source);
        nl_socket_free(w->sock);
        free(w);
        return NULL;
}
