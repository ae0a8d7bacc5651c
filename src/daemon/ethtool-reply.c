/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <string.h>

#include "ethtool-reply.h"
#include "phyd/macro.h"

/* A compact bitset (ETHTOOL_FLAG_COMPACT_BITSETS): the value words, and the mask words
 * where the kernel sends them. phyd's LinkModes are the first 64 ethtool link-mode bits. */
static void parse_bitset(struct nlattr *attr, LinkModes *ret_value, LinkModes *ret_mask)
{
        struct nlattr *tb[ETHTOOL_A_BITSET_MAX + 1];
        LinkModes value = 0, mask = 0;

        if (!attr || nla_parse_nested(tb, ETHTOOL_A_BITSET_MAX, attr, NULL) < 0)
                goto out;
        if (tb[ETHTOOL_A_BITSET_VALUE])
                memcpy(&value, nla_data(tb[ETHTOOL_A_BITSET_VALUE]),
                       MIN(sizeof(value), (size_t) nla_len(tb[ETHTOOL_A_BITSET_VALUE])));
        if (tb[ETHTOOL_A_BITSET_MASK])
                memcpy(&mask, nla_data(tb[ETHTOOL_A_BITSET_MASK]),
                       MIN(sizeof(mask), (size_t) nla_len(tb[ETHTOOL_A_BITSET_MASK])));
out:
        *ret_value = value;
        if (ret_mask)
                *ret_mask = mask;
}

void ethtool_linkmodes_from_reply(struct nlattr *const *tb, EthtoolLinkModes *ret)
{
        EthtoolLinkModes m = { .speed = SPEED_UNKNOWN, .duplex = DUPLEX_UNKNOWN };

        if (tb[ETHTOOL_A_LINKMODES_AUTONEG])
                m.autoneg = nla_get_u8(tb[ETHTOOL_A_LINKMODES_AUTONEG]) == AUTONEG_ENABLE;
        if (tb[ETHTOOL_A_LINKMODES_SPEED]) {
                uint32_t speed = nla_get_u32(tb[ETHTOOL_A_LINKMODES_SPEED]);

                m.speed = speed == (uint32_t) SPEED_UNKNOWN ? SPEED_UNKNOWN : (int) speed;
        }
        if (tb[ETHTOOL_A_LINKMODES_DUPLEX])
                m.duplex = nla_get_u8(tb[ETHTOOL_A_LINKMODES_DUPLEX]);
        /* OURS: value = advertised, mask = supported; PEER: the partner's advertisement. */
        parse_bitset(tb[ETHTOOL_A_LINKMODES_OURS], &m.advertising, &m.supported);
        parse_bitset(tb[ETHTOOL_A_LINKMODES_PEER], &m.lp_advertising, NULL);
        *ret = m;
}

void ethtool_linkstate_from_reply(struct nlattr *const *tb, EthtoolLinkState *ret)
{
        EthtoolLinkState st = {};

        if (tb[ETHTOOL_A_LINKSTATE_LINK])
                st.link = nla_get_u8(tb[ETHTOOL_A_LINKSTATE_LINK]);
        if (tb[PHYD_ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT]) {
                st.has_down_count = true;
                st.down_count = nla_get_u32(tb[PHYD_ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT]);
        }
        *ret = st;
}
