/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * libFuzzer target: rtnetlink link messages as phyd reads them (rtnl-link.h). The input is a
 * datagram as recvmsg() gives it, walked message by message as libnl's nl_recvmsgs() does
 * (nlmsg_ok(), nlmsg_next()) before it hands each one to rtnl_link_parse().
 */

#include <netlink/msg.h>

#include "fuzz.h"
#include "rtnl-link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct nlmsghdr *nlh;
        _cleanup_free_ void *buf = NULL;
        int len = (int) MIN(size, (size_t) 65536);
        NetLink link;
        bool removed;

        /* Exactly the datagram's bytes, so that reading past them is caught, and aligned as
         * a receive buffer is. */
        buf = malloc(len ?: 1);
        if (!buf)
                abort();
        memcpy(buf, data, len);

        for (nlh = buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len))
                if (rtnl_link_parse(nlh, &link, &removed) > 0 &&
                    strnlen(link.ifname, sizeof(link.ifname)) == sizeof(link.ifname))
                        abort();
        return 0;
}
