/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <stdio.h>
#include <string.h>

#include "ethtool-nl-msg.h"

bool ethtool_link_modes_change_is_empty(const EthtoolLinkModesChange *c)
{
        return c->autoneg < 0 && c->speed <= 0 && c->duplex < 0 && !c->set_advertise;
}

/* The generic netlink header and the request header naming the interface. A request that
 * changes something asks for an acknowledgement: that is where the kernel's answer is. */
static int put_header(struct nl_msg *msg, int family, uint8_t cmd, int header_attr, int ifindex)
{
        struct nlattr *hdr;

        if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, NLM_F_ACK, cmd,
                         ETHTOOL_GENL_VERSION))
                return -ENOMEM;
        hdr = nla_nest_start(msg, header_attr);
        if (!hdr || nla_put_u32(msg, ETHTOOL_A_HEADER_DEV_INDEX, (uint32_t) ifindex) < 0)
                return -ENOMEM;
        nla_nest_end(msg, hdr);
        return 0;
}

static int put_link_modes(struct nl_msg *msg, int attr, LinkModes modes)
{
        /* The kernel's compact bitsets are arrays of u32 in host order, lowest word first. */
        uint32_t words[2] = { (uint32_t) modes, (uint32_t) (modes >> 32) };
        struct nlattr *set;

        set = nla_nest_start(msg, attr);
        if (!set || nla_put_flag(msg, ETHTOOL_A_BITSET_NOMASK) < 0 ||
            nla_put_u32(msg, ETHTOOL_A_BITSET_SIZE, 64) < 0 ||
            nla_put(msg, ETHTOOL_A_BITSET_VALUE, sizeof(words), words) < 0)
                return -ENOMEM;
        nla_nest_end(msg, set);
        return 0;
}

int ethtool_msg_linkmodes_set(struct nl_msg *msg, int family, int ifindex,
                              const EthtoolLinkModesChange *c)
{
        int r;

        if (ethtool_link_modes_change_is_empty(c))
                return -EINVAL;
        r = put_header(msg, family, ETHTOOL_MSG_LINKMODES_SET, ETHTOOL_A_LINKMODES_HEADER,
                       ifindex);
        if (r < 0)
                return r;
        if (c->autoneg >= 0 &&
            nla_put_u8(msg, ETHTOOL_A_LINKMODES_AUTONEG,
                       c->autoneg ? AUTONEG_ENABLE : AUTONEG_DISABLE) < 0)
                return -ENOMEM;
        if (c->speed > 0 && nla_put_u32(msg, ETHTOOL_A_LINKMODES_SPEED, (uint32_t) c->speed) < 0)
                return -ENOMEM;
        if (c->duplex >= 0 && nla_put_u8(msg, ETHTOOL_A_LINKMODES_DUPLEX, (uint8_t) c->duplex) < 0)
                return -ENOMEM;
        if (c->set_advertise)
                return put_link_modes(msg, ETHTOOL_A_LINKMODES_OURS, c->advertise);
        return 0;
}

int ethtool_msg_parse_error(const struct nlmsghdr *nlh, char *buf, size_t size)
{
        const struct nlmsgerr *err = nlmsg_data(nlh);
        struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
        size_t offset = NLMSG_HDRLEN + sizeof(*err);

        if (size > 0)
                buf[0] = '\0';
        if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_len < offset)
                return -EBADMSG;
        if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || size == 0)
                return err->error;

        /* The attributes follow the echoed request: its header only when capped. */
        if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
                offset += NLMSG_ALIGN(err->msg.nlmsg_len - sizeof(struct nlmsghdr));
        if (offset >= nlh->nlmsg_len ||
            nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *) ((const char *) nlh + offset),
                      (int) (nlh->nlmsg_len - offset), NULL) < 0 ||
            !tb[NLMSGERR_ATTR_MSG])
                return err->error;

        snprintf(buf, size, "%.*s",
                 (int) strnlen(nla_data(tb[NLMSGERR_ATTR_MSG]),
                               (size_t) nla_len(tb[NLMSGERR_ATTR_MSG])),
                 (const char *) nla_data(tb[NLMSGERR_ATTR_MSG]));
        return err->error;
}

int ethtool_msg_pause_set(struct nl_msg *msg, int family, int ifindex, int rx, int tx)
{
        int r;

        if (rx < 0 && tx < 0)
                return -EINVAL;
        r = put_header(msg, family, ETHTOOL_MSG_PAUSE_SET, ETHTOOL_A_PAUSE_HEADER, ifindex);
        if (r < 0)
                return r;
        if (rx >= 0 && nla_put_u8(msg, ETHTOOL_A_PAUSE_RX, !!rx) < 0)
                return -ENOMEM;
        if (tx >= 0 && nla_put_u8(msg, ETHTOOL_A_PAUSE_TX, !!tx) < 0)
                return -ENOMEM;
        return 0;
}
