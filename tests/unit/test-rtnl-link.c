/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * rtnl_link_parse(): the link messages rtnetlink sends (RTM_NEWLINK, RTM_DELLINK), read as
 * the daemon's interface watch reads them (DESIGN: every ARPHRD_ETHER interface of the
 * namespace; carrier from IFLA_CARRIER, IFF_LOWER_UP without it, never with the interface
 * down), and messages that lie about their attributes, which must be refused rather than
 * read past their end.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* glibc's <net/if.h> first: the kernel's headers then leave out what it defines. */
#include <net/if.h>

#include <errno.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>

#include "phyd/macro.h"
#include "rtnl-link.h"

#define IFF_LOWER_UP_BIT 0x10000

static const uint8_t mac[ETH_ALEN] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };

/* A link message as the kernel builds one; attributes are added by the caller. */
static struct nl_msg *link_message(int type, unsigned short arphrd, unsigned flags)
{
        struct ifinfomsg ifi = {
                .ifi_family = AF_UNSPEC,
                .ifi_type = arphrd,
                .ifi_index = 7,
                .ifi_flags = flags,
        };
        struct nl_msg *msg;

        msg = nlmsg_alloc_simple(type, 0);
        assert_non_null(msg);
        assert_int_equal(nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO), 0);
        return msg;
}

/* Parses a copy of exactly the message's bytes, so that a read past them is one. */
static int parse(struct nl_msg *msg, NetLink *ret, bool *ret_removed)
{
        struct nlmsghdr *nlh = nlmsg_hdr(msg), *copy;
        int r;

        copy = malloc(nlh->nlmsg_len);
        assert_non_null(copy);
        memcpy(copy, nlh, nlh->nlmsg_len);
        r = rtnl_link_parse(copy, ret, ret_removed);
        free(copy);
        nlmsg_free(msg);
        return r;
}

static void test_newlink(void **state)
{
        struct nl_msg *msg = link_message(RTM_NEWLINK, ARPHRD_ETHER, IFF_UP | IFF_LOWER_UP_BIT);
        NetLink link;
        bool removed = true;

        assert_int_equal(nla_put_string(msg, IFLA_IFNAME, "veth0"), 0);
        assert_int_equal(nla_put(msg, IFLA_ADDRESS, ETH_ALEN, mac), 0);
        assert_int_equal(nla_put_u8(msg, IFLA_CARRIER, 1), 0);
        assert_int_equal(parse(msg, &link, &removed), 1);

        assert_int_equal(link.ifindex, 7);
        assert_string_equal(link.ifname, "veth0");
        assert_true(link.carrier);
        assert_true(link.has_mac);
        assert_memory_equal(link.mac, mac, ETH_ALEN);
        assert_false(removed);
}

static void test_carrier(void **state)
{
        struct nl_msg *msg;
        NetLink link;
        bool removed;

        /* IFLA_CARRIER wins over IFF_LOWER_UP ... */
        msg = link_message(RTM_NEWLINK, ARPHRD_ETHER, IFF_UP | IFF_LOWER_UP_BIT);
        assert_int_equal(nla_put_u8(msg, IFLA_CARRIER, 0), 0);
        assert_int_equal(parse(msg, &link, &removed), 1);
        assert_false(link.carrier);

        /* ... which counts where it is missing ... */
        msg = link_message(RTM_NEWLINK, ARPHRD_ETHER, IFF_UP | IFF_LOWER_UP_BIT);
        assert_int_equal(parse(msg, &link, &removed), 1);
        assert_true(link.carrier);
        assert_false(link.has_mac);

        /* ... and an interface that is down has no link, whatever it says. */
        msg = link_message(RTM_NEWLINK, ARPHRD_ETHER, IFF_LOWER_UP_BIT);
        assert_int_equal(nla_put_u8(msg, IFLA_CARRIER, 1), 0);
        assert_int_equal(parse(msg, &link, &removed), 1);
        assert_false(link.carrier);
}

static void test_not_ours(void **state)
{
        NetLink link;
        bool removed = false;

        /* Gone: RTM_DELLINK. */
        assert_int_equal(parse(link_message(RTM_DELLINK, ARPHRD_ETHER, 0), &link, &removed), 1);
        assert_true(removed);

        /* Not Ethernet (lo), not a link message. */
        assert_int_equal(parse(link_message(RTM_NEWLINK, ARPHRD_LOOPBACK, IFF_UP), &link,
                               &removed), 0);
        assert_int_equal(parse(link_message(RTM_NEWADDR, ARPHRD_ETHER, IFF_UP), &link,
                               &removed), 0);
}

static void test_malformed(void **state)
{
        static const char unterminated[] = { 'v', 'e', 't', 'h', '0' };
        static const char too_long[] = "an-interface-name-past-IFNAMSIZ";
        struct nl_msg *msg;
        NetLink link;
        bool removed;

        /* Shorter than struct ifinfomsg. */
        msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
        assert_non_null(msg);
        assert_int_equal(parse(msg, &link, &removed), -EBADMSG);

        /* An interface name without its NUL: read until a NUL turned up. */
        msg = link_message(RTM_NEWLINK, ARPHRD_ETHER, IFF_UP);
        assert_int_equal(nla_put(msg, IFLA_IFNAME, sizeof(unterminated), unterminated), 0);
        assert_int_equal(parse(msg, &link, &removed), -EBADMSG);

        /* A name longer than the kernel's IFNAMSIZ. */
        msg = link_message(RTM_NEWLINK, ARPHRD_ETHER, IFF_UP);
        assert_int_equal(nla_put_string(msg, IFLA_IFNAME, too_long), 0);
        assert_int_equal(parse(msg, &link, &removed), -EBADMSG);

        /* An empty IFLA_CARRIER, last in the message: nla_get_u8() read the byte after it,
         * past the datagram. */
        msg = link_message(RTM_NEWLINK, ARPHRD_ETHER, IFF_UP);
        assert_int_equal(nla_put(msg, IFLA_CARRIER, 0, NULL), 0);
        assert_int_equal(parse(msg, &link, &removed), -EBADMSG);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_newlink),
                cmocka_unit_test(test_carrier),
                cmocka_unit_test(test_not_ours),
                cmocka_unit_test(test_malformed),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
