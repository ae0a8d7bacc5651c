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

/* request() parses without a policy, and libnl's nla_get_*() read what the type says
 * whatever the attribute holds: an attribute too short for its type counts as absent. */
static bool attr_u8(const struct nlattr *attr, uint8_t *ret)
{
        if (!attr || nla_len(attr) < (int) sizeof(uint8_t))
                return false;
        *ret = nla_get_u8(attr);
        return true;
}

static bool attr_u32(const struct nlattr *attr, uint32_t *ret)
{
        if (!attr || nla_len(attr) < (int) sizeof(uint32_t))
                return false;
        *ret = nla_get_u32(attr);
        return true;
}

void ethtool_linkmodes_from_reply(struct nlattr *const *tb, EthtoolLinkModes *ret)
{
        EthtoolLinkModes m = { .speed = SPEED_UNKNOWN, .duplex = DUPLEX_UNKNOWN };
        uint32_t speed;
        uint8_t u8;

        if (attr_u8(tb[ETHTOOL_A_LINKMODES_AUTONEG], &u8))
                m.autoneg = u8 == AUTONEG_ENABLE;
        if (attr_u32(tb[ETHTOOL_A_LINKMODES_SPEED], &speed))
                m.speed = speed == (uint32_t) SPEED_UNKNOWN ? SPEED_UNKNOWN : (int) speed;
        if (attr_u8(tb[ETHTOOL_A_LINKMODES_DUPLEX], &u8))
                m.duplex = u8;
        /* OURS: value = advertised, mask = supported; PEER: the partner's advertisement. */
        parse_bitset(tb[ETHTOOL_A_LINKMODES_OURS], &m.advertising, &m.supported);
        parse_bitset(tb[ETHTOOL_A_LINKMODES_PEER], &m.lp_advertising, NULL);
        *ret = m;
}

void ethtool_linkstate_from_reply(struct nlattr *const *tb, EthtoolLinkState *ret)
{
        EthtoolLinkState st = {};
        uint8_t link;

        if (attr_u8(tb[ETHTOOL_A_LINKSTATE_LINK], &link))
                st.link = link;
        st.has_down_count = attr_u32(tb[PHYD_ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT], &st.down_count);
        *ret = st;
}
