/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The ethtool netlink replies of monitor mode (DESIGN decision 5), read as the daemon reads
 * them: genlmsg_parse() without a policy, then ethtool_linkmodes_from_reply() and
 * ethtool_linkstate_from_reply(). Replies the kernel sent for a veth, and replies whose
 * attributes are too short for their type, which must count as absent rather than be read
 * past their end.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/ethtool.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "ethtool-reply.h"
#include "phyd/macro.h"

/* A 6.18 kernel's answers to LINKMODES_GET and LINKSTATE_GET with compact bitsets for veth0
 * of an up veth pair in a network namespace: autoneg off, 10000/full, no link modes (a
 * 121-bit bitset of zeros); link up, and no link-down count, as veth has no PHY to count. The
 * family id was 0x15 there. */
static const uint8_t reply_linkmodes_veth[] = {
        0x80, 0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
        0x30, 0x02, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x18, 0x00, 0x01, 0x80,
        0x08, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x02, 0x00,
        0x76, 0x65, 0x74, 0x68, 0x30, 0x00, 0x00, 0x00, 0x05, 0x00, 0x02, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x34, 0x00, 0x03, 0x80, 0x08, 0x00, 0x02, 0x00,
        0x79, 0x00, 0x00, 0x00, 0x14, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x14, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x05, 0x00,
        0x10, 0x27, 0x00, 0x00, 0x05, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00,
        0x05, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static const uint8_t reply_linkstate_veth[] = {
        0x34, 0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
        0x30, 0x02, 0x00, 0x00, 0x06, 0x01, 0x00, 0x00, 0x18, 0x00, 0x01, 0x80,
        0x08, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x02, 0x00,
        0x76, 0x65, 0x74, 0x68, 0x30, 0x00, 0x00, 0x00, 0x05, 0x00, 0x02, 0x00,
        0x01, 0x00, 0x00, 0x00,
};

#define ETHTOOL_FAMILY 0x15

/* Parses a copy of exactly the message's bytes as request() does: a read past them is one. */
static struct nlmsghdr *copy_message(const void *bytes, size_t size, struct nlattr **tb,
                                     int maxattr)
{
        struct nlmsghdr *nlh;

        nlh = malloc(size);
        assert_non_null(nlh);
        memcpy(nlh, bytes, size);
        assert_true(nlmsg_ok(nlh, (int) size));
        assert_int_equal(genlmsg_parse(nlh, 0, tb, maxattr, NULL), 0);
        return nlh;
}

/* A reply of the ethtool family; attributes are added by the caller. */
static struct nl_msg *reply_message(uint8_t cmd)
{
        struct nl_msg *msg;

        msg = nlmsg_alloc();
        assert_non_null(msg);
        assert_non_null(genlmsg_put(msg, 0, 1, ETHTOOL_FAMILY, 0, 0, cmd, ETHTOOL_GENL_VERSION));
        return msg;
}

static void test_linkmodes_veth(void **state)
{
        struct nlattr *tb[ETHTOOL_LINKMODES_REPLY_MAX + 1];
        _cleanup_free_ struct nlmsghdr *nlh = NULL;
        EthtoolLinkModes m;

        nlh = copy_message(reply_linkmodes_veth, sizeof(reply_linkmodes_veth), tb,
                           ETHTOOL_LINKMODES_REPLY_MAX);
        ethtool_linkmodes_from_reply(tb, &m);
        assert_false(m.autoneg);
        assert_int_equal(m.speed, 10000);
        assert_int_equal(m.duplex, DUPLEX_FULL);
        assert_int_equal(m.supported, 0);
        assert_int_equal(m.advertising, 0);
        assert_int_equal(m.lp_advertising, 0);
}

static void test_linkstate_veth(void **state)
{
        struct nlattr *tb[ETHTOOL_LINKSTATE_REPLY_MAX + 1];
        _cleanup_free_ struct nlmsghdr *nlh = NULL;
        EthtoolLinkState st;

        nlh = copy_message(reply_linkstate_veth, sizeof(reply_linkstate_veth), tb,
                           ETHTOOL_LINKSTATE_REPLY_MAX);
        ethtool_linkstate_from_reply(tb, &st);
        assert_true(st.link);
        assert_false(st.has_down_count);
}

static void test_linkmodes_bitsets(void **state)
{
        struct nlattr *tb[ETHTOOL_LINKMODES_REPLY_MAX + 1];
        _cleanup_free_ struct nlmsghdr *nlh = NULL;
        /* Words of a compact bitset: 10baseT/Half (bit 0), 100baseT/Full (bit 3). */
        uint32_t value[2] = { 0x9, 0 }, mask[2] = { 0xf, 0 }, peer[2] = { 0x8, 0 };
        struct nlattr *nest;
        struct nl_msg *msg = reply_message(ETHTOOL_MSG_LINKMODES_GET_REPLY);
        EthtoolLinkModes m;

        assert_int_equal(nla_put_u8(msg, ETHTOOL_A_LINKMODES_AUTONEG, AUTONEG_ENABLE), 0);
        assert_int_equal(nla_put_u32(msg, ETHTOOL_A_LINKMODES_SPEED, SPEED_100), 0);
        assert_int_equal(nla_put_u8(msg, ETHTOOL_A_LINKMODES_DUPLEX, DUPLEX_FULL), 0);
        nest = nla_nest_start(msg, ETHTOOL_A_LINKMODES_OURS);
        assert_int_equal(nla_put_u32(msg, ETHTOOL_A_BITSET_SIZE, 64), 0);
        assert_int_equal(nla_put(msg, ETHTOOL_A_BITSET_VALUE, sizeof(value), value), 0);
        assert_int_equal(nla_put(msg, ETHTOOL_A_BITSET_MASK, sizeof(mask), mask), 0);
        nla_nest_end(msg, nest);
        nest = nla_nest_start(msg, ETHTOOL_A_LINKMODES_PEER);
        assert_int_equal(nla_put_u32(msg, ETHTOOL_A_BITSET_SIZE, 64), 0);
        assert_int_equal(nla_put(msg, ETHTOOL_A_BITSET_VALUE, sizeof(peer), peer), 0);
        nla_nest_end(msg, nest);

        nlh = copy_message(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, tb,
                           ETHTOOL_LINKMODES_REPLY_MAX);
        nlmsg_free(msg);
        ethtool_linkmodes_from_reply(tb, &m);
        assert_true(m.autoneg);
        assert_int_equal(m.speed, SPEED_100);
        assert_int_equal(m.duplex, DUPLEX_FULL);
        assert_int_equal(m.advertising, 0x9);
        assert_int_equal(m.supported, 0xf);
        assert_int_equal(m.lp_advertising, 0x8);
}

static void test_short_attributes(void **state)
{
        struct nlattr *tb[ETHTOOL_LINKMODES_REPLY_MAX + 1];
        struct nlattr *tb_state[ETHTOOL_LINKSTATE_REPLY_MAX + 1];
        struct nlmsghdr *nlh;
        const uint16_t two_bytes = 100;
        struct nl_msg *msg;
        EthtoolLinkModes m;
        EthtoolLinkState st;

        /* An empty AUTONEG and a SPEED of two bytes, last in the message: nla_get_u8() and
         * nla_get_u32() read past the datagram. Both count as absent. */
        msg = reply_message(ETHTOOL_MSG_LINKMODES_GET_REPLY);
        assert_int_equal(nla_put(msg, ETHTOOL_A_LINKMODES_AUTONEG, 0, NULL), 0);
        assert_int_equal(nla_put(msg, ETHTOOL_A_LINKMODES_SPEED, sizeof(two_bytes),
                                 &two_bytes), 0);
        assert_int_equal(nla_put(msg, ETHTOOL_A_LINKMODES_DUPLEX, 0, NULL), 0);
        nlh = copy_message(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, tb,
                           ETHTOOL_LINKMODES_REPLY_MAX);
        nlmsg_free(msg);
        ethtool_linkmodes_from_reply(tb, &m);
        free(nlh);
        assert_false(m.autoneg);
        assert_int_equal(m.speed, SPEED_UNKNOWN);
        assert_int_equal(m.duplex, DUPLEX_UNKNOWN);

        /* An empty LINK and a short link-down count. */
        msg = reply_message(ETHTOOL_MSG_LINKSTATE_GET_REPLY);
        assert_int_equal(nla_put(msg, ETHTOOL_A_LINKSTATE_LINK, 0, NULL), 0);
        assert_int_equal(nla_put(msg, PHYD_ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT, sizeof(two_bytes),
                                 &two_bytes), 0);
        nlh = copy_message(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, tb_state,
                           ETHTOOL_LINKSTATE_REPLY_MAX);
        nlmsg_free(msg);
        ethtool_linkstate_from_reply(tb_state, &st);
        free(nlh);
        assert_false(st.link);
        assert_false(st.has_down_count);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_linkmodes_veth),
                cmocka_unit_test(test_linkstate_veth),
                cmocka_unit_test(test_linkmodes_bitsets),
                cmocka_unit_test(test_short_attributes),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
