/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Monitor mode's ethtool netlink requests (DESIGN decision 5: Configure() of a kernel-owned
 * PHY is "ethtool -s") on byte arrays, written out below from the UAPI
 * (linux/ethtool_netlink.h, linux/genetlink.h): what phyd asks the kernel, byte for byte.
 * The kernel answers a refused request with NLMSG_ERROR; that side is the kernel tier's
 * (veth refuses both requests with EOPNOTSUPP).
 *
 * Family id, sequence number and port are 0 here: nl_send_auto() fills in the last two, the
 * family is the kernel's. Attribute payloads are host-endian: on a big-endian machine the
 * tests skip.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/ethtool.h>

#include "ethtool-nl-msg.h"
#include "phyd/macro.h"

#define FAMILY 0x14
#define IFINDEX 3

static void skip_unless_little_endian(void)
{
        if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
                skip();
}

static void check_bytes(struct nl_msg *msg, const uint8_t *want, size_t len)
{
        const struct nlmsghdr *h = nlmsg_hdr(msg);

        assert_int_equal(h->nlmsg_len, len);
        assert_memory_equal(h, want, len);
}

/* The request header every set request starts with. */
#define HEADER(len, cmd)                                                                      \
        len, 0x00, 0x00, 0x00,  /* nlmsg_len */                                               \
        FAMILY, 0x00, 0x04, 0x00, /* type: the family; NLM_F_ACK, the answer is the ack */    \
        0x00, 0x00, 0x00, 0x00, /* seq */                                                     \
        0x00, 0x00, 0x00, 0x00, /* port */                                                    \
        cmd, 0x01, 0x00, 0x00,  /* genl cmd, ETHTOOL_GENL_VERSION 1 */                       \
        0x0c, 0x00, 0x01, 0x80, /* A_*_HEADER (1), NLA_F_NESTED, 12 bytes */                  \
        0x08, 0x00, 0x01, 0x00, /* A_HEADER_DEV_INDEX (1) */                                  \
        IFINDEX, 0x00, 0x00, 0x00

/* "ethtool -s vA autoneg off speed 100 duplex full": ETHTOOL_MSG_LINKMODES_SET (5). */
static const uint8_t request_forced_100_full[] = {
        HEADER(0x38, 0x05),
        0x05, 0x00, 0x02, 0x00, /* A_LINKMODES_AUTONEG (2), u8 */
        0x00, 0x00, 0x00, 0x00, /* AUTONEG_DISABLE, padding */
        0x08, 0x00, 0x05, 0x00, /* A_LINKMODES_SPEED (5), u32 */
        0x64, 0x00, 0x00, 0x00, /* 100 */
        0x05, 0x00, 0x06, 0x00, /* A_LINKMODES_DUPLEX (6), u8 */
        0x01, 0x00, 0x00, 0x00, /* DUPLEX_FULL, padding */
};

static void test_linkmodes_forced(void **state)
{
        EthtoolLinkModesChange c = ETHTOOL_LINK_MODES_CHANGE_UNSET;
        struct nl_msg *msg = nlmsg_alloc();

        skip_unless_little_endian();
        c.autoneg = 0;
        c.speed = SPEED_100;
        c.duplex = DUPLEX_FULL;
        assert_int_equal(ethtool_msg_linkmodes_set(msg, FAMILY, IFINDEX, &c), 0);
        check_bytes(msg, request_forced_100_full, sizeof(request_forced_100_full));
        nlmsg_free(msg);
}

/* Autoneg on with a whole advertisement: 10/100 half and full, Autoneg, TP, MII, Pause,
 * Asym_Pause, and bit 35 to show the second word. A compact bitset in list mode: NOMASK,
 * SIZE 64, VALUE two u32 words, lowest first; the kernel clears every bit above 64. */
static const uint8_t request_advertise[] = {
        HEADER(0x44, 0x05),
        0x05, 0x00, 0x02, 0x00, /* A_LINKMODES_AUTONEG (2) */
        0x01, 0x00, 0x00, 0x00, /* AUTONEG_ENABLE */
        0x1c, 0x00, 0x03, 0x80, /* A_LINKMODES_OURS (3), NLA_F_NESTED, 28 bytes */
        0x04, 0x00, 0x01, 0x00, /*   A_BITSET_NOMASK (1), flag */
        0x08, 0x00, 0x02, 0x00, /*   A_BITSET_SIZE (2), u32 */
        0x40, 0x00, 0x00, 0x00, /*   64 bits */
        0x0c, 0x00, 0x04, 0x00, /*   A_BITSET_VALUE (4), 8 bytes */
        0x4f, 0x60, 0x00, 0x00, /*   bits 0-3 (10/100 half/full), 6 Autoneg, 13 Pause, 14 Asym */
        0x08, 0x00, 0x00, 0x00, /*   bit 35 */
};

static void test_linkmodes_advertise(void **state)
{
        EthtoolLinkModesChange c = ETHTOOL_LINK_MODES_CHANGE_UNSET;
        struct nl_msg *msg = nlmsg_alloc();

        skip_unless_little_endian();
        c.autoneg = 1;
        c.set_advertise = true;
        c.advertise = LINK_MODE(10baseT_Half) | LINK_MODE(10baseT_Full) |
                      LINK_MODE(100baseT_Half) | LINK_MODE(100baseT_Full) | LINK_MODE(Autoneg) |
                      LINK_MODE(Pause) | LINK_MODE(Asym_Pause) | ((LinkModes) 1 << 35);
        assert_int_equal(ethtool_msg_linkmodes_set(msg, FAMILY, IFINDEX, &c), 0);
        check_bytes(msg, request_advertise, sizeof(request_advertise));
        nlmsg_free(msg);
}

/* "ethtool -A vA rx on": ETHTOOL_MSG_PAUSE_SET (0x16), tx not sent, so the kernel keeps it
 * (as set_asym_pause's callers read the other direction from the current setting). */
static const uint8_t request_pause_rx_on[] = {
        HEADER(0x28, 0x16),
        0x05, 0x00, 0x03, 0x00, /* A_PAUSE_RX (3), u8 */
        0x01, 0x00, 0x00, 0x00,
};

static const uint8_t request_pause_both_off[] = {
        HEADER(0x30, 0x16),
        0x05, 0x00, 0x03, 0x00, /* A_PAUSE_RX (3) */
        0x00, 0x00, 0x00, 0x00,
        0x05, 0x00, 0x04, 0x00, /* A_PAUSE_TX (4) */
        0x00, 0x00, 0x00, 0x00,
};

static void test_pause(void **state)
{
        struct nl_msg *msg;

        skip_unless_little_endian();
        msg = nlmsg_alloc();
        assert_int_equal(ethtool_msg_pause_set(msg, FAMILY, IFINDEX, 1, -1), 0);
        check_bytes(msg, request_pause_rx_on, sizeof(request_pause_rx_on));
        nlmsg_free(msg);

        msg = nlmsg_alloc();
        assert_int_equal(ethtool_msg_pause_set(msg, FAMILY, IFINDEX, 0, 0), 0);
        check_bytes(msg, request_pause_both_off, sizeof(request_pause_both_off));
        nlmsg_free(msg);
}

/* Nothing to ask is no request: Configure() sends only what it was given. */
static void test_empty_requests_refused(void **state)
{
        EthtoolLinkModesChange c = ETHTOOL_LINK_MODES_CHANGE_UNSET;
        struct nl_msg *msg = nlmsg_alloc();

        assert_true(ethtool_link_modes_change_is_empty(&c));
        assert_int_equal(ethtool_msg_linkmodes_set(msg, FAMILY, IFINDEX, &c), -EINVAL);
        assert_int_equal(ethtool_msg_pause_set(msg, FAMILY, IFINDEX, -1, -1), -EINVAL);
        assert_int_equal(nlmsg_hdr(msg)->nlmsg_len, NLMSG_HDRLEN);
        nlmsg_free(msg);
}

/* The kernel's refusals: NLMSG_ERROR, the errno, the echoed request (its header only with
 * NETLINK_CAP_ACK, which phyd sets), then the extended ack attributes when NLM_F_ACK_TLVS
 * says so. "not supported" is NLMSGERR_ATTR_MSG (1), 14 bytes with its NUL, padded to 16. */
static _Alignas(4) const uint8_t error_capped[] = {
        0x38, 0x00, 0x00, 0x00, /* nlmsg_len 56 */
        0x02, 0x00, 0x00, 0x03, /* NLMSG_ERROR; NLM_F_CAPPED | NLM_F_ACK_TLVS */
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xa1, 0xff, 0xff, 0xff, /* error -95, EOPNOTSUPP */
        0x38, 0x00, 0x00, 0x00, FAMILY, 0x00, 0x05, 0x00, /* the request's header */
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x12, 0x00, 0x01, 0x00, /* NLMSGERR_ATTR_MSG, 18 bytes */
        'n', 'o', 't', ' ', 's', 'u', 'p', 'p', 'o', 'r', 't', 'e', 'd', 0x00, 0x00, 0x00,
};

static _Alignas(4) const uint8_t error_uncapped[] = {
        0x44, 0x00, 0x00, 0x00, /* nlmsg_len 68 */
        0x02, 0x00, 0x00, 0x02, /* NLMSG_ERROR; NLM_F_ACK_TLVS */
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xea, 0xff, 0xff, 0xff, /* error -22, EINVAL */
        0x1c, 0x00, 0x00, 0x00, FAMILY, 0x00, 0x05, 0x00, /* the whole request, 28 bytes */
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x16, 0x01, 0x00, 0x00, 0x08, 0x00, 0x01, 0x80, 0x03, 0x00, 0x00, 0x00,
        0x12, 0x00, 0x01, 0x00,
        'n', 'o', 't', ' ', 's', 'u', 'p', 'p', 'o', 'r', 't', 'e', 'd', 0x00, 0x00, 0x00,
};

static _Alignas(4) const uint8_t error_plain[] = {
        0x24, 0x00, 0x00, 0x00, /* nlmsg_len 36 */
        0x02, 0x00, 0x00, 0x01, /* NLMSG_ERROR; NLM_F_CAPPED, no attributes */
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xff, 0xff, 0xff, 0xff, /* error -1, EPERM */
        0x38, 0x00, 0x00, 0x00, FAMILY, 0x00, 0x05, 0x00,
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static void test_parse_error(void **state)
{
        char buf[64] = "stale";

        skip_unless_little_endian();
        assert_int_equal(ethtool_msg_parse_error((const void *) error_capped, buf, sizeof(buf)),
                         -EOPNOTSUPP);
        assert_string_equal(buf, "not supported");
        assert_int_equal(ethtool_msg_parse_error((const void *) error_uncapped, buf, sizeof(buf)),
                         -EINVAL);
        assert_string_equal(buf, "not supported");
        assert_int_equal(ethtool_msg_parse_error((const void *) error_plain, buf, sizeof(buf)),
                         -EPERM);
        assert_string_equal(buf, "");
        /* Cut to the buffer, never past it. */
        assert_int_equal(ethtool_msg_parse_error((const void *) error_capped, buf, 4), -EOPNOTSUPP);
        assert_string_equal(buf, "not");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_linkmodes_forced),
                cmocka_unit_test(test_linkmodes_advertise),
                cmocka_unit_test(test_pause),
                cmocka_unit_test(test_empty_requests_refused),
                cmocka_unit_test(test_parse_error),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
