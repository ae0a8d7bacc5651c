/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * libFuzzer target: the ethtool netlink replies of monitor mode (ethtool-reply.h). The input
 * is one byte choosing the reply (bit 0: LINKSTATE, else LINKMODES), then a datagram as
 * recvmsg() gives it, each message parsed as the daemon's request() does (genlmsg_parse(),
 * no policy) and read.
 */

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "ethtool-reply.h"
#include "fuzz.h"

#define TB_SIZE                                                                           \
        ((ETHTOOL_LINKMODES_REPLY_MAX > ETHTOOL_LINKSTATE_REPLY_MAX ? ETHTOOL_LINKMODES_REPLY_MAX \
                                                                    : ETHTOOL_LINKSTATE_REPLY_MAX) + 1)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct nlattr *tb[TB_SIZE];
        _cleanup_free_ void *buf = NULL;
        struct nlmsghdr *nlh;
        bool linkstate;
        int len;

        if (size < 1)
                return 0;
        linkstate = data[0] & 1;
        data++;
        size--;
        len = (int) MIN(size, (size_t) 65536);

        /* Exactly the datagram's bytes, so that reading past them is caught. */
        buf = malloc(len ?: 1);
        if (!buf)
                abort();
        memcpy(buf, data, len);

        for (nlh = buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
                EthtoolLinkModes m;
                EthtoolLinkState st;

                if (genlmsg_parse(nlh, 0, tb, linkstate ? ETHTOOL_LINKSTATE_REPLY_MAX
                                                        : ETHTOOL_LINKMODES_REPLY_MAX,
                                  NULL) < 0)
                        continue;
                if (linkstate)
                        ethtool_linkstate_from_reply(tb, &st);
                else
                        ethtool_linkmodes_from_reply(tb, &m);
        }
        return 0;
}
