/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The mdio-netlink backend on byte arrays, as ell's unit/test-genl-msg.c tests its generic
 * netlink code: the exact request for each access pattern, written out below from the
 * module's UAPI (include/linux/mdio-netlink.h of mdio-tools: struct mdio_nl_insn is one
 * 64-bit word of bit-fields op:8, reserved:2, arg0:18, arg1:18, arg2:18; an operand is its
 * mode, 1 register or 2 immediate, in bits 17:16 over 16 bits of value), replies in the
 * shape the module and the kernel send them, and a small interpreter of the program format,
 * written here from the module's semantics and independent of the builder, that runs each
 * pattern against scripted register values to check which accesses it makes.
 *
 * There is no kernel test of the transfer itself: the module is out of tree and no
 * distribution ships it, so the one kernel behaviour testable here is that its absence is
 * reported as such.
 *
 * The byte arrays are little-endian, as the module's host-endian instructions and values
 * are on every machine this runs on; on a big-endian machine those tests skip.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/mii.h>
#include <unistd.h>

#include "phyd/clock.h"
#include "phyd/macro.h"
#include "phyd/mdio-netlink.h"

#define LITTLE_ENDIAN_HOST (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

#define FAMILY 0x21
#define SEQ 7
#define BUS_ID "usb-001:002"
#define PHY 0x10 /* the AX88772's embedded PHY */

static void skip_unless_little_endian(void)
{
        if (!LITTLE_ENDIAN_HOST)
                skip();
}

/*
 * Requests. Each pattern's program is listed one instruction a line: op, then operands
 * (0x.. an immediate, rN a register); a jump's last operand is added to pc before the
 * module's pc++, so "JNE r1, 0x00, 0x02" at 3 goes on at 6.
 */

static const uint8_t request_read_bmsr[] = {
        0x40, 0x00, 0x00, 0x00, /* nlmsg_len 64 */
        0x21, 0x00, 0x05, 0x00, /* family 0x21, NLM_F_REQUEST | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0: to the kernel */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x10, 0x00, 0x01, 0x00, /* MDIO_NLA_BUS_ID, 16 bytes */
        0x75, 0x73, 0x62, 0x2d, 0x30, 0x30, 0x31, 0x3a, 0x30, 0x30, 0x32, 0x00, /* "usb-001:002" */
        0x06, 0x00, 0x02, 0x00, /* MDIO_NLA_TIMEOUT, 6 bytes */
        0xe8, 0x03, 0x00, 0x00, /* u16 1000 (ms), padding */
        0x14, 0x00, 0x03, 0x00, /* MDIO_NLA_PROG, 20 bytes */
        0x01, 0x40, 0x00, 0x18, 0x00, 0xe0, 0x00, 0x40, /*  0 READ  0x10, 0x01, r3 */
        0x08, 0x0c, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  1 EMIT  r3 */
};

static const uint8_t request_write_adv[] = {
        0x40, 0x00, 0x00, 0x00, /* nlmsg_len 64 */
        0x21, 0x00, 0x05, 0x00, /* family 0x21, NLM_F_REQUEST | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0: to the kernel */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x10, 0x00, 0x01, 0x00, /* MDIO_NLA_BUS_ID, 16 bytes */
        0x75, 0x73, 0x62, 0x2d, 0x30, 0x30, 0x31, 0x3a, 0x30, 0x30, 0x32, 0x00, /* "usb-001:002" */
        0x06, 0x00, 0x02, 0x00, /* MDIO_NLA_TIMEOUT, 6 bytes */
        0xe8, 0x03, 0x00, 0x00, /* u16 1000 (ms), padding */
        0x14, 0x00, 0x03, 0x00, /* MDIO_NLA_PROG, 20 bytes */
        0x02, 0x40, 0x00, 0x48, 0x00, 0x60, 0x78, 0x83, /*  0 WRITE 0x10, 0x04, 0xde1 */
        0x08, 0x84, 0x37, 0x08, 0x00, 0x00, 0x00, 0x00, /*  1 EMIT  0xde1 */
};

static const uint8_t request_modify_bmcr[] = {
        0x68, 0x00, 0x00, 0x00, /* nlmsg_len 104 */
        0x21, 0x00, 0x05, 0x00, /* family 0x21, NLM_F_REQUEST | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0: to the kernel */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x10, 0x00, 0x01, 0x00, /* MDIO_NLA_BUS_ID, 16 bytes */
        0x75, 0x73, 0x62, 0x2d, 0x30, 0x30, 0x31, 0x3a, 0x30, 0x30, 0x32, 0x00, /* "usb-001:002" */
        0x06, 0x00, 0x02, 0x00, /* MDIO_NLA_TIMEOUT, 6 bytes */
        0xe8, 0x03, 0x00, 0x00, /* u16 1000 (ms), padding */
        0x3c, 0x00, 0x03, 0x00, /* MDIO_NLA_PROG, 60 bytes */
        0x01, 0x40, 0x00, 0x08, 0x00, 0xe0, 0x00, 0x40, /*  0 READ  0x10, 0x00, r3 */
        0x08, 0x0c, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  1 EMIT  r3 */
        0x03, 0x0c, 0x00, 0xf4, 0xbf, 0x6f, 0x00, 0x40, /*  2 AND   r3, 0xfbff, r1 */
        0x04, 0x04, 0x00, 0x04, 0x20, 0x61, 0x00, 0x40, /*  3 OR    r1, 0x1200, r1 */
        0x06, 0x0c, 0x00, 0x14, 0x00, 0x90, 0x00, 0x80, /*  4 JEQ   r3, r1, 0x02 -> 7 */
        0x02, 0x40, 0x00, 0x08, 0x00, 0x60, 0x00, 0x40, /*  5 WRITE 0x10, 0x00, r1 */
        0x08, 0x04, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  6 EMIT  r1 */
};

static const uint8_t request_update_link_up[] = {
        0x60, 0x00, 0x00, 0x00, /* nlmsg_len 96 */
        0x21, 0x00, 0x05, 0x00, /* family 0x21, NLM_F_REQUEST | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0: to the kernel */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x10, 0x00, 0x01, 0x00, /* MDIO_NLA_BUS_ID, 16 bytes */
        0x75, 0x73, 0x62, 0x2d, 0x30, 0x30, 0x31, 0x3a, 0x30, 0x30, 0x32, 0x00, /* "usb-001:002" */
        0x06, 0x00, 0x02, 0x00, /* MDIO_NLA_TIMEOUT, 6 bytes */
        0xe8, 0x03, 0x00, 0x00, /* u16 1000 (ms), padding */
        0x34, 0x00, 0x03, 0x00, /* MDIO_NLA_PROG, 52 bytes */
        0x01, 0x40, 0x00, 0x08, 0x00, 0x20, 0x00, 0x40, /*  0 READ  0x10, 0x00, r0 */
        0x08, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  1 EMIT  r0 */
        0x03, 0x00, 0x00, 0x04, 0x20, 0x60, 0x00, 0x40, /*  2 AND   r0, 0x200, r1 */
        0x07, 0x04, 0x00, 0x04, 0x00, 0xa0, 0x00, 0x80, /*  3 JNE   r1, 0x00, 0x02 -> 6 */
        0x01, 0x40, 0x00, 0x18, 0x00, 0xa0, 0x00, 0x40, /*  4 READ  0x10, 0x01, r2 */
        0x08, 0x08, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  5 EMIT  r2 */
};

static const uint8_t request_update_link_down[] = {
        0x80, 0x00, 0x00, 0x00, /* nlmsg_len 128 */
        0x21, 0x00, 0x05, 0x00, /* family 0x21, NLM_F_REQUEST | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0: to the kernel */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x10, 0x00, 0x01, 0x00, /* MDIO_NLA_BUS_ID, 16 bytes */
        0x75, 0x73, 0x62, 0x2d, 0x30, 0x30, 0x31, 0x3a, 0x30, 0x30, 0x32, 0x00, /* "usb-001:002" */
        0x06, 0x00, 0x02, 0x00, /* MDIO_NLA_TIMEOUT, 6 bytes */
        0xe8, 0x03, 0x00, 0x00, /* u16 1000 (ms), padding */
        0x54, 0x00, 0x03, 0x00, /* MDIO_NLA_PROG, 84 bytes */
        0x01, 0x40, 0x00, 0x08, 0x00, 0x20, 0x00, 0x40, /*  0 READ  0x10, 0x00, r0 */
        0x08, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  1 EMIT  r0 */
        0x03, 0x00, 0x00, 0x04, 0x20, 0x60, 0x00, 0x40, /*  2 AND   r0, 0x200, r1 */
        0x07, 0x04, 0x00, 0x04, 0x00, 0xa0, 0x01, 0x80, /*  3 JNE   r1, 0x00, 0x06 -> 10 */
        0x01, 0x40, 0x00, 0x18, 0x00, 0xa0, 0x00, 0x40, /*  4 READ  0x10, 0x01, r2 */
        0x08, 0x08, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  5 EMIT  r2 */
        0x03, 0x08, 0x00, 0x44, 0x00, 0x60, 0x00, 0x40, /*  6 AND   r2, 0x04, r1 */
        0x07, 0x04, 0x00, 0x04, 0x00, 0xa0, 0x00, 0x80, /*  7 JNE   r1, 0x00, 0x02 -> 10 */
        0x01, 0x40, 0x00, 0x18, 0x00, 0xa0, 0x00, 0x40, /*  8 READ  0x10, 0x01, r2 */
        0x08, 0x08, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  9 EMIT  r2 */
};

static const uint8_t request_ax88772a_up[] = {
        0x90, 0x00, 0x00, 0x00, /* nlmsg_len 144 */
        0x21, 0x00, 0x05, 0x00, /* family 0x21, NLM_F_REQUEST | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0: to the kernel */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x10, 0x00, 0x01, 0x00, /* MDIO_NLA_BUS_ID, 16 bytes */
        0x75, 0x73, 0x62, 0x2d, 0x30, 0x30, 0x31, 0x3a, 0x30, 0x30, 0x32, 0x00, /* "usb-001:002" */
        0x06, 0x00, 0x02, 0x00, /* MDIO_NLA_TIMEOUT, 6 bytes */
        0xe8, 0x03, 0x00, 0x00, /* u16 1000 (ms), padding */
        0x64, 0x00, 0x03, 0x00, /* MDIO_NLA_PROG, 100 bytes */
        0x01, 0x40, 0x00, 0x08, 0x00, 0x20, 0x00, 0x40, /*  0 READ  0x10, 0x00, r0 */
        0x08, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  1 EMIT  r0 */
        0x03, 0x00, 0x00, 0x04, 0x20, 0x60, 0x00, 0x40, /*  2 AND   r0, 0x200, r1 */
        0x07, 0x04, 0x00, 0x04, 0x00, 0x20, 0x02, 0x80, /*  3 JNE   r1, 0x00, 0x08 -> 12 */
        0x01, 0x40, 0x00, 0x18, 0x00, 0xa0, 0x00, 0x40, /*  4 READ  0x10, 0x01, r2 */
        0x08, 0x08, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  5 EMIT  r2 */
        0x03, 0x08, 0x00, 0x44, 0x02, 0x60, 0x00, 0x40, /*  6 AND   r2, 0x24, r1 */
        0x07, 0x04, 0x00, 0x44, 0x02, 0x20, 0x01, 0x80, /*  7 JNE   r1, 0x24, 0x04 -> 12 */
        0x01, 0x40, 0x00, 0x08, 0x00, 0xe0, 0x00, 0x40, /*  8 READ  0x10, 0x00, r3 */
        0x08, 0x0c, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /*  9 EMIT  r3 */
        0x01, 0x40, 0x00, 0x58, 0x00, 0xe0, 0x00, 0x40, /* 10 READ  0x10, 0x05, r3 */
        0x08, 0x0c, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /* 11 EMIT  r3 */
};

static const uint8_t reply_single[] = {
        0x24, 0x00, 0x00, 0x00, /* nlmsg_len 36 */
        0x21, 0x00, 0x06, 0x00, /* family 0x21, NLM_F_MULTI | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x10, 0x00, 0x04, 0x80, /* NLA_F_NESTED | MDIO_NLA_DATA, 16 bytes */
        0x40, 0x11, 0x00, 0x00, /* 0x1140 */
        0x09, 0x78, 0x00, 0x00, /* 0x7809 */
        0x2d, 0x78, 0x00, 0x00, /* 0x782d */
        0x10, 0x00, 0x00, 0x00, /* nlmsg_len 16 */
        0x03, 0x00, 0x06, 0x00, /* NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
};

static const uint8_t reply_ack[] = {
        0x24, 0x00, 0x00, 0x00, /* nlmsg_len 36 */
        0x02, 0x00, 0x00, 0x01, /* NLMSG_ERROR, NLM_F_CAPPED */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x00, 0x00, 0x00, 0x00, /* error 0 */
        0x80, 0x00, 0x00, 0x00, /* nlmsg_len 128 */
        0x21, 0x00, 0x05, 0x00, /* the request's header: type, flags */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0 */
};

static const uint8_t reply_part1[] = {
        0x20, 0x00, 0x00, 0x00, /* nlmsg_len 32 */
        0x21, 0x00, 0x06, 0x00, /* family 0x21, NLM_F_MULTI | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x0c, 0x00, 0x04, 0x80, /* NLA_F_NESTED | MDIO_NLA_DATA, 12 bytes */
        0x40, 0x11, 0x00, 0x00, /* 0x1140 */
        0x09, 0x78, 0x00, 0x00, /* 0x7809 */
};

static const uint8_t reply_part2[] = {
        0x1c, 0x00, 0x00, 0x00, /* nlmsg_len 28 */
        0x21, 0x00, 0x06, 0x00, /* family 0x21, NLM_F_MULTI | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x08, 0x00, 0x04, 0x80, /* NLA_F_NESTED | MDIO_NLA_DATA, 8 bytes */
        0x2d, 0x78, 0x00, 0x00, /* 0x782d */
        0x10, 0x00, 0x00, 0x00, /* nlmsg_len 16 */
        0x03, 0x00, 0x06, 0x00, /* NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
};

static const uint8_t reply_xfer_error[] = {
        0x24, 0x00, 0x00, 0x00, /* nlmsg_len 36 */
        0x21, 0x00, 0x06, 0x00, /* family 0x21, NLM_F_MULTI | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x08, 0x00, 0x04, 0x80, /* NLA_F_NESTED | MDIO_NLA_DATA, 8 bytes */
        0x40, 0x11, 0x00, 0x00, /* 0x1140 */
        0x08, 0x00, 0x05, 0x00, /* MDIO_NLA_ERROR, 8 bytes */
        0xfb, 0xff, 0xff, 0xff, /* -5 */
        0x10, 0x00, 0x00, 0x00, /* nlmsg_len 16 */
        0x03, 0x00, 0x06, 0x00, /* NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
};

static const uint8_t reply_extack[] = {
        0x44, 0x00, 0x00, 0x00, /* nlmsg_len 68 */
        0x02, 0x00, 0x00, 0x03, /* NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0xea, 0xff, 0xff, 0xff, /* error -EINVAL */
        0x80, 0x00, 0x00, 0x00, /* nlmsg_len 128 */
        0x21, 0x00, 0x05, 0x00, /* the request's header */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0 */
        0x17, 0x00, 0x01, 0x00, /* NLMSGERR_ATTR_MSG, 23 bytes */
        'A', 'r', 'g', 'u', 'm', 'e', 'n', 't',
        ' ', '2', ' ', 'i', 'n', 'v', 'a', 'l',
        'i', 'd', '\0', 0x00,
        0x08, 0x00, 0x02, 0x00, /* NLMSGERR_ATTR_OFFS, 8 bytes */
        0x2c, 0x00, 0x00, 0x00, /* offset 44: MDIO_NLA_PROG */
};

static const uint8_t reply_extack_uncapped[] = {
        0x48, 0x00, 0x00, 0x00, /* nlmsg_len 72 */
        0x02, 0x00, 0x00, 0x02, /* NLMSG_ERROR, NLM_F_ACK_TLVS, not capped */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0xea, 0xff, 0xff, 0xff, /* error -EINVAL */
        0x1c, 0x00, 0x00, 0x00, /* nlmsg_len 28 */
        0x21, 0x00, 0x05, 0x00, /* the request, echoed whole */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0 */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x06, 0x00, 0x01, 0x00, /* MDIO_NLA_BUS_ID, 6 bytes */
        0x78, 0x00, 0x00, 0x00, /* "x", padding */
        0x17, 0x00, 0x01, 0x00, /* NLMSGERR_ATTR_MSG, 23 bytes */
        'A', 'r', 'g', 'u', 'm', 'e', 'n', 't',
        ' ', '0', ' ', 'i', 'n', 'v', 'a', 'l',
        'i', 'd', '\0', 0x00,
};

static const uint8_t reply_enodev[] = {
        0x24, 0x00, 0x00, 0x00, /* nlmsg_len 36 */
        0x02, 0x00, 0x00, 0x01, /* NLMSG_ERROR, NLM_F_CAPPED */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0xed, 0xff, 0xff, 0xff, /* error -ENODEV */
        0x80, 0x00, 0x00, 0x00, /* nlmsg_len 128 */
        0x21, 0x00, 0x05, 0x00, /* the request's header */
        0x07, 0x00, 0x00, 0x00, /* seq 7 */
        0x00, 0x00, 0x00, 0x00, /* port id 0 */
};

static const uint8_t reply_stale[] = {
        0x1c, 0x00, 0x00, 0x00, /* nlmsg_len 28 */
        0x21, 0x00, 0x06, 0x00, /* family 0x21, NLM_F_MULTI | NLM_F_ACK */
        0x06, 0x00, 0x00, 0x00, /* seq 6 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x01, 0x01, 0x00, 0x00, /* MDIO_GENL_XFER, version 1 */
        0x08, 0x00, 0x04, 0x80, /* NLA_F_NESTED | MDIO_NLA_DATA, 8 bytes */
        0xff, 0xff, 0x00, 0x00, /* 0xffff */
        0x10, 0x00, 0x00, 0x00, /* nlmsg_len 16 */
        0x03, 0x00, 0x06, 0x00, /* NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK */
        0x06, 0x00, 0x00, 0x00, /* seq 6 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x24, 0x00, 0x00, 0x00, /* nlmsg_len 36 */
        0x02, 0x00, 0x00, 0x01, /* NLMSG_ERROR, NLM_F_CAPPED */
        0x06, 0x00, 0x00, 0x00, /* seq 6 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x00, 0x00, 0x00, 0x00, /* error 0 */
        0x80, 0x00, 0x00, 0x00, /* nlmsg_len 128 */
        0x21, 0x00, 0x05, 0x00, /* the request's header: type, flags */
        0x06, 0x00, 0x00, 0x00, /* seq 6 */
        0x00, 0x00, 0x00, 0x00, /* port id 0 */
};

static const uint8_t request_family[] = {
        0x20, 0x00, 0x00, 0x00, /* nlmsg_len 32 */
        0x10, 0x00, 0x05, 0x00, /* GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK */
        0x01, 0x00, 0x00, 0x00, /* seq 1 */
        0x00, 0x00, 0x00, 0x00, /* port id 0 */
        0x03, 0x01, 0x00, 0x00, /* CTRL_CMD_GETFAMILY, version 1 */
        0x09, 0x00, 0x02, 0x00, /* CTRL_ATTR_FAMILY_NAME, 9 bytes */
        'm', 'd', 'i', 'o', '\0', 0x00, 0x00, 0x00,
};

static const uint8_t reply_family[] = {
        0x58, 0x00, 0x00, 0x00, /* nlmsg_len 88 */
        0x10, 0x00, 0x00, 0x00, /* GENL_ID_CTRL */
        0x01, 0x00, 0x00, 0x00, /* seq 1 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x01, 0x02, 0x00, 0x00, /* CTRL_CMD_NEWFAMILY, version 2 */
        0x09, 0x00, 0x02, 0x00, /* CTRL_ATTR_FAMILY_NAME, 9 bytes */
        'm', 'd', 'i', 'o', '\0', 0x00, 0x00, 0x00,
        0x06, 0x00, 0x01, 0x00, /* CTRL_ATTR_FAMILY_ID, 6 bytes */
        0x21, 0x00, 0x00, 0x00, /* 0x21, padding */
        0x08, 0x00, 0x03, 0x00, /* CTRL_ATTR_VERSION */
        0x01, 0x00, 0x00, 0x00, /* 1 */
        0x08, 0x00, 0x04, 0x00, /* CTRL_ATTR_HDRSIZE */
        0x00, 0x00, 0x00, 0x00, /* 0 */
        0x08, 0x00, 0x05, 0x00, /* CTRL_ATTR_MAXATTR */
        0x05, 0x00, 0x00, 0x00, /* 5: MDIO_NLA_ERROR */
        0x18, 0x00, 0x06, 0x80, /* NLA_F_NESTED | CTRL_ATTR_OPS, 24 bytes */
        0x14, 0x00, 0x01, 0x80, /* NLA_F_NESTED | 1, 20 bytes */
        0x08, 0x00, 0x01, 0x00, /* CTRL_ATTR_OP_ID */
        0x01, 0x00, 0x00, 0x00, /* MDIO_GENL_XFER */
        0x08, 0x00, 0x02, 0x00, /* CTRL_ATTR_OP_FLAGS */
        0x0b, 0x00, 0x00, 0x00, /* GENL_ADMIN_PERM | GENL_CMD_CAP_DO | _HASPOL */
};

static const uint8_t reply_family_ack[] = {
        0x24, 0x00, 0x00, 0x00, /* nlmsg_len 36 */
        0x02, 0x00, 0x00, 0x01, /* NLMSG_ERROR, NLM_F_CAPPED */
        0x01, 0x00, 0x00, 0x00, /* seq 1 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0x00, 0x00, 0x00, 0x00, /* error 0 */
        0x20, 0x00, 0x00, 0x00, /* nlmsg_len 32 */
        0x10, 0x00, 0x05, 0x00, /* the request's header: type, flags */
        0x01, 0x00, 0x00, 0x00, /* seq 1 */
        0x00, 0x00, 0x00, 0x00, /* port id 0 */
};

static const uint8_t reply_family_enoent[] = {
        0x24, 0x00, 0x00, 0x00, /* nlmsg_len 36 */
        0x02, 0x00, 0x00, 0x01, /* NLMSG_ERROR, NLM_F_CAPPED */
        0x01, 0x00, 0x00, 0x00, /* seq 1 */
        0x34, 0x12, 0x00, 0x00, /* port id 0x1234 */
        0xfe, 0xff, 0xff, 0xff, /* error -ENOENT */
        0x20, 0x00, 0x00, 0x00, /* nlmsg_len 32 */
        0x10, 0x00, 0x05, 0x00, /* the request's header */
        0x01, 0x00, 0x00, 0x00, /* seq 1 */
        0x00, 0x00, 0x00, 0x00, /* port id 0 */
};

typedef int (*BuildFn)(MdioProgram *prog);

static int build_read_bmsr(MdioProgram *prog)
{
        return mdio_program_read_reg(prog, PHY, MII_BMSR);
}

static int build_write_adv(MdioProgram *prog)
{
        return mdio_program_write_reg(prog, PHY, MII_ADVERTISE, 0x0de1);
}

/* genphy_restart_aneg(): clear ISOLATE, set ANENABLE | ANRESTART. */
static int build_modify_bmcr(MdioProgram *prog)
{
        return mdio_program_modify(prog, PHY, MII_BMCR, BMCR_ISOLATE,
                                   BMCR_ANENABLE | BMCR_ANRESTART);
}

static int build_update_link_up(MdioProgram *prog)
{
        return mdio_program_genphy_update_link(prog, PHY, true);
}

static int build_update_link_down(MdioProgram *prog)
{
        return mdio_program_genphy_update_link(prog, PHY, false);
}

static int build_ax88772a_up(MdioProgram *prog)
{
        return mdio_program_ax88772a_read_status(prog, PHY, true, true);
}

static int build_ax88772a_down(MdioProgram *prog)
{
        return mdio_program_ax88772a_read_status(prog, PHY, false, true);
}

static int build_ax88772a_forced(MdioProgram *prog)
{
        return mdio_program_ax88772a_read_status(prog, PHY, true, false);
}

typedef struct RequestCase {
        BuildFn build;
        const uint8_t *bytes;
        size_t size;
        size_t max_values;
} RequestCase;

#define REQUEST(b, n) { build_##b, request_##b, sizeof(request_##b), n }

static const RequestCase request_cases[] = {
        REQUEST(read_bmsr, 1),
        REQUEST(write_adv, 1),
        REQUEST(modify_bmcr, 2),
        REQUEST(update_link_up, 2),
        REQUEST(update_link_down, 3),
        REQUEST(ax88772a_up, 4),
};

static void test_request(void **state)
{
        const RequestCase *c = *state;
        _cleanup_(mdio_program_done) MdioProgram prog = {};
        uint32_t buf[256];
        size_t len;

        skip_unless_little_endian();

        assert_int_equal(c->build(&prog), 0);
        assert_true(mdio_program_is_traceable(&prog));
        assert_int_equal(mdio_program_max_values(&prog), c->max_values);
        assert_int_equal(mdio_netlink_xfer_request(buf, sizeof(buf), FAMILY, SEQ, BUS_ID, 1000,
                                                   &prog, &len), 0);
        assert_int_equal(len, c->size);
        assert_memory_equal(buf, c->bytes, c->size);
}

static void test_request_family(void **state)
{
        uint32_t buf[64];
        size_t len;

        skip_unless_little_endian();

        assert_int_equal(mdio_netlink_family_request(buf, sizeof(buf), 1, &len), 0);
        assert_int_equal(len, sizeof(request_family));
        assert_memory_equal(buf, request_family, sizeof(request_family));

        assert_int_equal(mdio_netlink_family_request(buf, 24, 1, &len), -ENOBUFS);
}

static void test_request_limits(void **state)
{
        _cleanup_(mdio_program_done) MdioProgram prog = {};
        char id[MDIO_NL_BUS_ID_MAX + 2];
        uint32_t buf[256];
        size_t len;

        assert_int_equal(mdio_program_read_reg(&prog, PHY, MII_BMCR), 0);

        /* The kernel's mii_bus id holds 60 characters and a NUL. */
        memset(id, 'a', sizeof(id) - 1);
        id[sizeof(id) - 1] = '\0';
        assert_int_equal(mdio_netlink_xfer_request(buf, sizeof(buf), FAMILY, SEQ, id, 1000, &prog,
                                                   &len), -ENAMETOOLONG);
        id[MDIO_NL_BUS_ID_MAX] = '\0';
        assert_int_equal(mdio_netlink_xfer_request(buf, sizeof(buf), FAMILY, SEQ, id, 1000, &prog,
                                                   &len), 0);
        assert_int_equal(mdio_netlink_xfer_request(buf, sizeof(buf), FAMILY, SEQ, "", 1000, &prog,
                                                   &len), -EINVAL);

        /* The module's policy: NLA_POLICY_MAX(NLA_U16, 10000). */
        assert_int_equal(mdio_netlink_xfer_request(buf, sizeof(buf), FAMILY, SEQ, BUS_ID, 0,
                                                   &prog, &len), -ERANGE);
        assert_int_equal(mdio_netlink_xfer_request(buf, sizeof(buf), FAMILY, SEQ, BUS_ID, 10001,
                                                   &prog, &len), -ERANGE);
        assert_int_equal(mdio_netlink_xfer_request(buf, sizeof(buf), FAMILY, SEQ, BUS_ID, 10000,
                                                   &prog, &len), 0);

        /* One byte short of the 64 the single read needs. */
        assert_int_equal(mdio_netlink_xfer_request(buf, 63, FAMILY, SEQ, BUS_ID, 1000, &prog,
                                                   &len), -ENOBUFS);
}

static void test_program_validation(void **state)
{
        _cleanup_(mdio_program_done) MdioProgram prog = {};
        _cleanup_(mdio_program_done) MdioProgram big = {};
        int r;

        /* The module's operand rules: a READ's destination is a register, ... */
        assert_int_equal(mdio_program_append(&prog, MDIO_NL_OP_READ, MDIO_ARG_IMM(PHY),
                                             MDIO_ARG_IMM(1), MDIO_ARG_IMM(0)), -EINVAL);
        mdio_program_done(&prog);
        /* ... there are eight registers, ... */
        assert_int_equal(mdio_program_read(&prog, MDIO_ARG_IMM(PHY), MDIO_ARG_IMM(1), 8), -EINVAL);
        mdio_program_done(&prog);
        /* ... EMIT has one operand, ... */
        assert_int_equal(mdio_program_append(&prog, MDIO_NL_OP_EMIT, MDIO_ARG_REG(0),
                                             MDIO_ARG_REG(1), MDIO_ARG_NONE), -EINVAL);
        mdio_program_done(&prog);
        /* ... a jump's offset is an immediate, ... */
        assert_int_equal(mdio_program_append(&prog, MDIO_NL_OP_JEQ, MDIO_ARG_REG(0),
                                             MDIO_ARG_REG(1), MDIO_ARG_REG(2)), -EINVAL);
        mdio_program_done(&prog);
        /* ... and there is no op 9 or op 0. */
        assert_int_equal(mdio_program_append(&prog, 9, MDIO_ARG_IMM(0), MDIO_ARG_NONE,
                                             MDIO_ARG_NONE), -EINVAL);
        mdio_program_done(&prog);
        assert_int_equal(mdio_program_append(&prog, MDIO_NL_OP_UNSPEC, MDIO_ARG_NONE,
                                             MDIO_ARG_NONE, MDIO_ARG_NONE), -EINVAL);
        mdio_program_done(&prog);

        /* Ours: jumps go forward only. */
        assert_int_equal(mdio_program_append(&prog, MDIO_NL_OP_JNE, MDIO_ARG_REG(0),
                                             MDIO_ARG_IMM(0), MDIO_ARG_IMM(0xffff)), -EINVAL);

        /* The first error sticks, and every consumer of the program returns it. */
        assert_int_equal(mdio_program_emit(&prog, MDIO_ARG_REG(0)), -EINVAL);
        assert_int_equal(mdio_program_read_reg(&prog, PHY, MII_BMSR), -EINVAL);
        assert_int_equal(mdio_program_serialize(&prog, NULL, 0, NULL), -EINVAL);
        assert_false(mdio_program_is_traceable(&prog));
        assert_int_equal(mdio_program_replay(&prog, NULL, 0, 0, NULL, NULL), -EINVAL);
        mdio_program_done(&prog);

        /* Landing something that is not a jump. */
        r = mdio_program_emit(&prog, MDIO_ARG_IMM(1));
        assert_int_equal(r, 0);
        mdio_program_land(&prog, r);
        assert_int_equal(prog.error, -EINVAL);
        mdio_program_done(&prog);

        /* The policy's 0x1000 bytes: 512 instructions. */
        for (size_t i = 0; i < MDIO_NL_PROG_MAX_INSNS; i++)
                assert_int_equal(mdio_program_emit(&big, MDIO_ARG_IMM(i)), (int) i);
        assert_int_equal(mdio_program_emit(&big, MDIO_ARG_IMM(0)), -E2BIG);
}

static void test_program_traceable(void **state)
{
        _cleanup_(mdio_program_done) MdioProgram prog = {};
        int j;

        /* A read whose value is never emitted cannot be traced. */
        assert_int_equal(mdio_program_read(&prog, MDIO_ARG_IMM(PHY), MDIO_ARG_IMM(1), 0), 0);
        assert_false(mdio_program_is_traceable(&prog));
        /* Emitting another register does not help. */
        assert_int_equal(mdio_program_emit(&prog, MDIO_ARG_REG(1)), 1);
        assert_false(mdio_program_is_traceable(&prog));
        mdio_program_done(&prog);

        /* Neither does a jump that lands on a write's emit, skipping the write. */
        j = mdio_program_jump(&prog, true, MDIO_ARG_IMM(0), MDIO_ARG_IMM(0));
        assert_int_equal(mdio_program_write_traced(&prog, PHY, MII_BMCR, MDIO_ARG_IMM(0)), 2);
        prog.insns[j].arg[2] = MDIO_ARG_IMM(1);
        assert_false(mdio_program_is_traceable(&prog));
        prog.insns[j].arg[2] = MDIO_ARG_IMM(2);
        assert_true(mdio_program_is_traceable(&prog));
}

static void test_phy_id(void **state)
{
        assert_int_equal(mdio_nl_phy_id(0x10, MDIO_DEVAD_NONE), 0x10);
        assert_int_equal(mdio_nl_phy_id(31, MDIO_DEVAD_NONE), 31);
        assert_int_equal(mdio_nl_phy_id(32, MDIO_DEVAD_NONE), -EINVAL);
        assert_int_equal(mdio_nl_phy_id(-1, MDIO_DEVAD_NONE), -EINVAL);
        /* MDIO_PHY_ID_C45 | port << 5 | device (linux/mdio.h). */
        assert_int_equal(mdio_nl_phy_id(1, 3), 0x8023);
        assert_int_equal(mdio_nl_phy_id(31, 31), 0x83ff);
        assert_int_equal(mdio_nl_phy_id(1, 32), -EINVAL);
}

/* Replies. Port id 0x1234 is the socket's, as the kernel addresses its answers. */

/* Feeds datagrams from an aligned copy, as they would sit in a receive buffer. */
static int feed(MdioNetlinkReply *reply, const uint8_t *bytes, size_t size)
{
        uint32_t buf[256];

        assert_true(size <= sizeof(buf));
        memcpy(buf, bytes, size);
        return mdio_netlink_xfer_reply_feed(reply, buf, size, FAMILY, SEQ);
}

static int feed_family(MdioNetlinkFamilyReply *reply, const uint8_t *bytes, size_t size)
{
        uint32_t buf[256];

        assert_true(size <= sizeof(buf));
        memcpy(buf, bytes, size);
        return mdio_netlink_family_reply_feed(reply, buf, size, 1);
}

static void assert_values(const MdioNetlinkReply *reply, const uint32_t *values, size_t n)
{
        assert_int_equal(reply->n_values, n);
        for (size_t i = 0; i < n; i++)
                assert_int_equal(reply->values[i], values[i]);
}

static const uint32_t bmcr_bmsr_bmsr[] = { 0x1140, 0x7809, 0x782d };

static void test_reply_single(void **state)
{
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply reply = {};

        skip_unless_little_endian();

        /* The part and NLMSG_DONE come in one datagram, the acknowledgement in another. */
        assert_int_equal(feed(&reply, reply_single, sizeof(reply_single)), 0);
        assert_true(reply.done);
        assert_false(reply.complete);
        assert_int_equal(feed(&reply, reply_ack, sizeof(reply_ack)), 1);
        assert_int_equal(mdio_netlink_xfer_reply_result(&reply), 0);
        assert_values(&reply, bmcr_bmsr_bmsr, ELEMENTSOF(bmcr_bmsr_bmsr));
        assert_null(reply.message);
}

static void test_reply_multipart(void **state)
{
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply reply = {};
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply whole = {};
        uint8_t all[sizeof(reply_part1) + sizeof(reply_part2) + sizeof(reply_ack)];

        skip_unless_little_endian();

        /* A program that filled a page goes on in a second message. */
        assert_int_equal(feed(&reply, reply_part1, sizeof(reply_part1)), 0);
        assert_false(reply.done);
        assert_int_equal(feed(&reply, reply_part2, sizeof(reply_part2)), 0);
        assert_int_equal(feed(&reply, reply_ack, sizeof(reply_ack)), 1);
        assert_int_equal(mdio_netlink_xfer_reply_result(&reply), 0);
        assert_values(&reply, bmcr_bmsr_bmsr, ELEMENTSOF(bmcr_bmsr_bmsr));

        /* The same messages in one buffer. */
        memcpy(all, reply_part1, sizeof(reply_part1));
        memcpy(all + sizeof(reply_part1), reply_part2, sizeof(reply_part2));
        memcpy(all + sizeof(reply_part1) + sizeof(reply_part2), reply_ack, sizeof(reply_ack));
        assert_int_equal(feed(&whole, all, sizeof(all)), 1);
        assert_int_equal(mdio_netlink_xfer_reply_result(&whole), 0);
        assert_values(&whole, bmcr_bmsr_bmsr, ELEMENTSOF(bmcr_bmsr_bmsr));
}

static void test_reply_xfer_error(void **state)
{
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply reply = {};
        static const uint32_t bmcr[] = { 0x1140 };

        skip_unless_little_endian();

        /* The program stopped on a failed access: the request itself was acknowledged. */
        assert_int_equal(feed(&reply, reply_xfer_error, sizeof(reply_xfer_error)), 0);
        assert_int_equal(feed(&reply, reply_ack, sizeof(reply_ack)), 1);
        assert_int_equal(reply.error, 0);
        assert_int_equal(reply.xfer_error, -EIO);
        assert_int_equal(mdio_netlink_xfer_reply_result(&reply), -EIO);
        assert_values(&reply, bmcr, ELEMENTSOF(bmcr));
}

static void test_reply_extack(void **state)
{
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply capped = {};
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply uncapped = {};

        skip_unless_little_endian();

        /* The module's validator refused the program: an error, and its reason. */
        assert_int_equal(feed(&capped, reply_extack, sizeof(reply_extack)), 1);
        assert_int_equal(mdio_netlink_xfer_reply_result(&capped), -EINVAL);
        assert_string_equal(capped.message, "Argument 2 invalid");
        assert_false(capped.done);
        assert_int_equal(capped.n_values, 0);

        /* Without NETLINK_CAP_ACK the request is echoed before the TLVs. */
        assert_int_equal(feed(&uncapped, reply_extack_uncapped, sizeof(reply_extack_uncapped)),
                         1);
        assert_int_equal(mdio_netlink_xfer_reply_result(&uncapped), -EINVAL);
        assert_string_equal(uncapped.message, "Argument 0 invalid");
}

static void test_reply_enodev(void **state)
{
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply reply = {};

        skip_unless_little_endian();

        assert_int_equal(feed(&reply, reply_enodev, sizeof(reply_enodev)), 1);
        assert_int_equal(mdio_netlink_xfer_reply_result(&reply), -ENODEV);
        assert_null(reply.message);
        assert_string_equal(mdio_netlink_strerror(-ENODEV),
                            "the kernel has no MDIO bus with this id");
}

static void test_reply_stale(void **state)
{
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply reply = {};

        skip_unless_little_endian();

        /* The whole answer to request 6, which timed out, arrives late: none of it counts. */
        assert_int_equal(feed(&reply, reply_stale, sizeof(reply_stale)), 0);
        assert_int_equal(reply.n_values, 0);
        assert_false(reply.done);
        assert_int_equal(feed(&reply, reply_single, sizeof(reply_single)), 0);
        assert_int_equal(feed(&reply, reply_ack, sizeof(reply_ack)), 1);
        assert_values(&reply, bmcr_bmsr_bmsr, ELEMENTSOF(bmcr_bmsr_bmsr));
}

static void test_reply_malformed(void **state)
{
        uint8_t bytes[sizeof(reply_single)];
        MdioNetlinkReply reply = {};

        skip_unless_little_endian();

        /* A datagram cut in the middle of a message. */
        assert_int_equal(feed(&reply, reply_single, sizeof(reply_single) - 4), -EBADMSG);
        mdio_netlink_xfer_reply_done(&reply);

        /* DATA of 10 bytes: not a whole number of u32 values. */
        memcpy(bytes, reply_single, sizeof(bytes));
        bytes[20] = 14;
        assert_int_equal(feed(&reply, bytes, sizeof(bytes)), -EBADMSG);
        mdio_netlink_xfer_reply_done(&reply);

        /* Another command than XFER. */
        memcpy(bytes, reply_single, sizeof(bytes));
        bytes[16] = MDIO_GENL_UNSPEC;
        assert_int_equal(feed(&reply, bytes, sizeof(bytes)), -EBADMSG);
        mdio_netlink_xfer_reply_done(&reply);

        /* Acknowledged without NLMSG_DONE: the module always ends its answer with one. */
        assert_int_equal(feed(&reply, reply_ack, sizeof(reply_ack)), 1);
        assert_int_equal(mdio_netlink_xfer_reply_result(&reply), -EBADMSG);
        mdio_netlink_xfer_reply_done(&reply);

        /* Not acknowledged yet. */
        assert_int_equal(feed(&reply, reply_single, sizeof(reply_single)), 0);
        assert_int_equal(mdio_netlink_xfer_reply_result(&reply), -EBADMSG);
        mdio_netlink_xfer_reply_done(&reply);

        /* A length past INT_MAX, which libmnl's own check lets through; 0xffffffff aligns to
         * 0 and once made the walk stand still (found by tests/fuzz/fuzz-mdio-netlink). */
        memcpy(bytes, reply_single, sizeof(bytes));
        memset(bytes, 0xff, 4);
        assert_int_equal(feed(&reply, bytes, sizeof(bytes)), -EBADMSG);
        mdio_netlink_xfer_reply_done(&reply);
        memcpy(bytes, reply_single, sizeof(bytes));
        memcpy(bytes, (const uint8_t[]) { 0x00, 0x00, 0x00, 0x80 }, 4);
        assert_int_equal(feed(&reply, bytes, sizeof(bytes)), -EBADMSG);
        mdio_netlink_xfer_reply_done(&reply);

        /* A message whose length is not a multiple of 4, cut right there: its DATA ended
         * in the padding libmnl takes for granted, past the datagram (found by
         * fuzz-mdio-netlink). */
        memcpy(bytes, reply_single, sizeof(bytes));
        bytes[0] = 35;
        assert_int_equal(feed(&reply, bytes, 35), -EBADMSG);
        mdio_netlink_xfer_reply_done(&reply);
}

static void test_reply_family(void **state)
{
        _cleanup_(mdio_netlink_family_reply_done) MdioNetlinkFamilyReply reply = {};
        MdioNetlinkFamily family;

        skip_unless_little_endian();

        assert_int_equal(feed_family(&reply, reply_family, sizeof(reply_family)), 0);
        assert_int_equal(feed_family(&reply, reply_family_ack, sizeof(reply_family_ack)), 1);
        assert_int_equal(mdio_netlink_family_reply_result(&reply, &family), 0);
        assert_int_equal(family.id, FAMILY);
        assert_int_equal(family.version, MDIO_NL_FAMILY_VERSION);
        assert_int_equal(family.max_attr, MDIO_NLA_MAX);
}

static void test_reply_family_absent(void **state)
{
        _cleanup_(mdio_netlink_family_reply_done) MdioNetlinkFamilyReply reply = {};
        MdioNetlinkFamily family = { .id = 0xbeef };

        skip_unless_little_endian();

        /* ctrl_getfamily() knows no "mdio": the module is not loaded. */
        assert_int_equal(feed_family(&reply, reply_family_enoent, sizeof(reply_family_enoent)), 1);
        assert_int_equal(mdio_netlink_family_reply_result(&reply, &family), -EPROTONOSUPPORT);
        assert_int_equal(family.id, 0xbeef);
        assert_string_equal(mdio_netlink_strerror(-EPROTONOSUPPORT),
                            "the kernel has no mdio netlink family (the mdio-netlink module is "
                            "not loaded)");
}

/*
 * The interpreter: the module's semantics, from its kernel/mdio-netlink.c, on the bytes of
 * a request. Eight u16 registers start at 0; READ and WRITE take the PHY address and register
 * from operands 0 and 1; a jump adds its signed offset to pc, then pc++ as for any
 * instruction; the program stops at its end or at the first failed access.
 */

typedef struct Access {
        MdioOp op;
        uint16_t phy;
        uint16_t reg;
        uint16_t val;
        int err;
} Access;

/* Successive reads of reg return values[0], values[1], ..., the last one repeating. */
typedef struct RegScript {
        uint16_t reg;
        uint16_t values[3];
        size_t n;
} RegScript;

typedef struct Script {
        RegScript regs[4];
        int fail_at; /* the access (counted from 1) that fails, 0 for none */
        int fail_err;
} Script;

typedef struct Run {
        Access accesses[16];
        size_t n_accesses;
        uint32_t emitted[16];
        size_t n_emitted;
        int error;
} Run;

static uint64_t le64(const uint8_t *p)
{
        uint64_t w = 0;

        for (size_t i = 0; i < 8; i++)
                w |= (uint64_t) p[i] << (8 * i);
        return w;
}

static uint16_t le16(const uint8_t *p)
{
        return (uint16_t) (p[0] | p[1] << 8);
}

/* The MDIO_NLA_PROG payload of a request, found by walking its attributes. */
static const uint8_t *request_prog(const uint8_t *req, size_t len, size_t *ret_len)
{
        size_t off = 16 + 4; /* nlmsghdr, genlmsghdr */

        while (off + 4 <= len) {
                uint16_t alen = le16(req + off), type = le16(req + off + 2);

                assert_true(alen >= 4 && off + alen <= len);
                if (type == 3) {
                        *ret_len = alen - 4u;
                        return req + off + 4;
                }
                off += (alen + 3u) & ~3u;
        }
        fail_msg("no MDIO_NLA_PROG");
        return NULL;
}

static uint16_t operand(uint32_t arg, const uint16_t *regs)
{
        switch (arg >> 16) {
        case 1:
                assert_true((arg & 0xffff) < 8);
                return regs[arg & 0xffff];
        case 2:
                return arg & 0xffff;
        }
        fail_msg("operand mode %u where a register or an immediate belongs", arg >> 16);
        return 0;
}

static uint16_t *dest(uint32_t arg, uint16_t *regs)
{
        assert_int_equal(arg >> 16, 1);
        assert_true((arg & 0xffff) < 8);
        return &regs[arg & 0xffff];
}

static uint16_t script_read(Script *s, size_t *counts, uint16_t reg)
{
        for (size_t i = 0; i < ELEMENTSOF(s->regs); i++) {
                RegScript *r = &s->regs[i];

                if (r->n > 0 && r->reg == reg) {
                        size_t k = counts[i] < r->n ? counts[i] : r->n - 1;

                        counts[i]++;
                        return r->values[k];
                }
        }
        fail_msg("read of register %u, which the script does not have", reg);
        return 0;
}

static void interpret(const uint8_t *prog, size_t len, Script *s, Run *run)
{
        uint16_t regs[8] = {};
        size_t counts[ELEMENTSOF(s->regs)] = {};
        size_t n = len / 8;

        assert_int_equal(len % 8, 0);
        *run = (Run) {};

        for (size_t pc = 0; pc < n; pc++) {
                uint64_t w = le64(prog + 8 * pc);
                unsigned op = w & 0xff;
                uint32_t a0 = (w >> 10) & 0x3ffff, a1 = (w >> 28) & 0x3ffff,
                         a2 = (w >> 46) & 0x3ffff;

                assert_int_equal((w >> 8) & 0x3, 0);

                switch (op) {
                case 1: /* READ */
                case 2: { /* WRITE */
                        Access *a = &run->accesses[run->n_accesses++];

                        assert_true(run->n_accesses <= ELEMENTSOF(run->accesses));
                        *a = (Access) {
                                .op = op == 1 ? MDIO_READ : MDIO_WRITE,
                                .phy = operand(a0, regs),
                                .reg = operand(a1, regs),
                        };
                        if (op == 2)
                                a->val = operand(a2, regs);
                        if ((int) run->n_accesses == s->fail_at) {
                                a->err = run->error = s->fail_err;
                                return;
                        }
                        if (op == 1)
                                *dest(a2, regs) = a->val = script_read(s, counts, a->reg);
                        break;
                }
                case 3: /* AND */
                        *dest(a2, regs) = operand(a0, regs) & operand(a1, regs);
                        break;
                case 4: /* OR */
                        *dest(a2, regs) = operand(a0, regs) | operand(a1, regs);
                        break;
                case 5: /* ADD */
                        *dest(a2, regs) = (uint16_t) (operand(a0, regs) + operand(a1, regs));
                        break;
                case 6: /* JEQ */
                case 7: /* JNE */
                        assert_int_equal(a2 >> 16, 2);
                        if ((operand(a0, regs) == operand(a1, regs)) == (op == 6))
                                pc += (size_t) (int16_t) (a2 & 0xffff);
                        break;
                case 8: /* EMIT */
                        assert_int_equal(a1, 0);
                        assert_int_equal(a2, 0);
                        assert_true(run->n_emitted < ELEMENTSOF(run->emitted));
                        run->emitted[run->n_emitted++] = operand(a0, regs);
                        break;
                default:
                        fail_msg("illegal instruction %u at %zu", op, pc);
                }
        }
}

typedef struct Replayed {
        Access accesses[16];
        size_t n;
} Replayed;

static void collect(MdioOp op, uint16_t phy_id, uint16_t reg, uint16_t val, int err,
                    void *userdata)
{
        Replayed *r = userdata;

        assert_true(r->n < ELEMENTSOF(r->accesses));
        r->accesses[r->n++] = (Access) { op, phy_id, reg, val, err };
}

static void assert_accesses(const Access *got, size_t n_got, const Access *want, size_t n_want)
{
        for (size_t i = 0; i < n_got && i < n_want; i++) {
                assert_int_equal(got[i].op, want[i].op);
                assert_int_equal(got[i].phy, want[i].phy);
                assert_int_equal(got[i].reg, want[i].reg);
                assert_int_equal(got[i].val, want[i].val);
                assert_int_equal(got[i].err, want[i].err);
        }
        assert_int_equal(n_got, n_want);
}

typedef struct PatternCase {
        const char *name;
        BuildFn build;
        Script script;
        Access want[6];
        size_t n_want;
} PatternCase;

#define R(r, v) { MDIO_READ, PHY, r, v, 0 }
#define W(r, v) { MDIO_WRITE, PHY, r, v, 0 }
#define FAILED_R(r, e) { MDIO_READ, PHY, r, 0, e }
#define FAILED_W(r, v, e) { MDIO_WRITE, PHY, r, v, e }

/* Register values: BMCR 0x1140 autoneg on; 0x1340 autoneg being restarted. BMSR 0x782d
 * link up and aneg complete; 0x7809 link down; 0x780d link up, aneg not complete. */
static const PatternCase pattern_cases[] = {
        {
                "read",
                build_read_bmsr,
                { { { MII_BMSR, { 0x782d }, 1 } } },
                { R(MII_BMSR, 0x782d) }, 1,
        },
        {
                "write",
                build_write_adv,
                {},
                { W(MII_ADVERTISE, 0x0de1) }, 1,
        },
        {
                "modify: written when it changes",
                build_modify_bmcr,
                { { { MII_BMCR, { 0x1540 }, 1 } } },
                { R(MII_BMCR, 0x1540), W(MII_BMCR, 0x1340) }, 2,
        },
        {
                "modify: not written when it does not",
                build_modify_bmcr,
                { { { MII_BMCR, { 0x1340 }, 1 } } },
                { R(MII_BMCR, 0x1340) }, 1,
        },
        {
                "update_link, polling with the link up: one BMSR read",
                build_update_link_up,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x782d }, 1 } } },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x782d) }, 2,
        },
        {
                "update_link, link up, a drop latched since the last poll: still one read",
                build_update_link_up,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x7809, 0x782d }, 2 } } },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x7809) }, 2,
        },
        {
                "update_link, link down, LSTATUS latched low: a second BMSR read",
                build_update_link_down,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x7809, 0x782d }, 2 } } },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x7809), R(MII_BMSR, 0x782d) }, 3,
        },
        {
                "update_link, link down, the first read shows the link: no second read",
                build_update_link_down,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x782d }, 1 } } },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x782d) }, 2,
        },
        {
                "update_link, link up, ANRESTART: BMCR only",
                build_update_link_up,
                { { { MII_BMCR, { 0x1340 }, 1 }, { MII_BMSR, { 0x782d }, 1 } } },
                { R(MII_BMCR, 0x1340) }, 1,
        },
        {
                "update_link, link down, ANRESTART: BMCR only",
                build_update_link_down,
                { { { MII_BMCR, { 0x1340 }, 1 }, { MII_BMSR, { 0x782d }, 1 } } },
                { R(MII_BMCR, 0x1340) }, 1,
        },
        {
                "ax88772a, link up: BMCR, BMSR, BMCR, LPA",
                build_ax88772a_up,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x782d }, 1 },
                    { MII_LPA, { 0x45e1 }, 1 } } },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x782d), R(MII_BMCR, 0x1140),
                  R(MII_LPA, 0x45e1) }, 4,
        },
        {
                "ax88772a, link up, the LPA-reads-0 switch: the same reads",
                build_ax88772a_up,
                { { { MII_BMCR, { 0x3100 }, 1 }, { MII_BMSR, { 0x782d }, 1 },
                    { MII_LPA, { 0x0000 }, 1 } } },
                { R(MII_BMCR, 0x3100), R(MII_BMSR, 0x782d), R(MII_BMCR, 0x3100),
                  R(MII_LPA, 0x0000) }, 4,
        },
        {
                "ax88772a, the link went down: no BMCR or LPA read",
                build_ax88772a_up,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x7809 }, 1 },
                    { MII_LPA, { 0x45e1 }, 1 } } },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x7809) }, 2,
        },
        {
                "ax88772a, LSTATUS without ANEGCOMPLETE: link forced down",
                build_ax88772a_up,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x780d }, 1 },
                    { MII_LPA, { 0x45e1 }, 1 } } },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x780d) }, 2,
        },
        {
                "ax88772a, ANRESTART: BMCR only",
                build_ax88772a_up,
                { { { MII_BMCR, { 0x1340 }, 1 }, { MII_BMSR, { 0x782d }, 1 },
                    { MII_LPA, { 0x45e1 }, 1 } } },
                { R(MII_BMCR, 0x1340) }, 1,
        },
        {
                "ax88772a, link coming up from down, latched low: two BMSR reads",
                build_ax88772a_down,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x7809, 0x782d }, 2 },
                    { MII_LPA, { 0x45e1 }, 1 } } },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x7809), R(MII_BMSR, 0x782d),
                  R(MII_BMCR, 0x1140), R(MII_LPA, 0x45e1) }, 5,
        },
        {
                "ax88772a, link still down: BMCR, BMSR, BMSR",
                build_ax88772a_down,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x7809 }, 1 },
                    { MII_LPA, { 0x45e1 }, 1 } } },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x7809), R(MII_BMSR, 0x7809) }, 3,
        },
        {
                "ax88772a, autoneg off, link up: no LPA read (genphy_read_lpa)",
                build_ax88772a_forced,
                { { { MII_BMCR, { 0x2100 }, 1 }, { MII_BMSR, { 0x780d }, 1 },
                    { MII_LPA, { 0x45e1 }, 1 } } },
                { R(MII_BMCR, 0x2100), R(MII_BMSR, 0x780d), R(MII_BMCR, 0x2100) }, 3,
        },
        /* A failed access ends the program; the replay charges the error to it. */
        {
                "update_link, the first BMSR read fails",
                build_update_link_down,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x7809 }, 1 } }, 2, -EIO },
                { R(MII_BMCR, 0x1140), FAILED_R(MII_BMSR, -EIO) }, 2,
        },
        {
                "modify, the write times out",
                build_modify_bmcr,
                { { { MII_BMCR, { 0x1140 }, 1 } }, 2, -ETIMEDOUT },
                { R(MII_BMCR, 0x1140), FAILED_W(MII_BMCR, 0x1340, -ETIMEDOUT) }, 2,
        },
        {
                "ax88772a, the LPA read fails",
                build_ax88772a_up,
                { { { MII_BMCR, { 0x1140 }, 1 }, { MII_BMSR, { 0x782d }, 1 },
                    { MII_LPA, { 0x45e1 }, 1 } }, 4, -ENODEV },
                { R(MII_BMCR, 0x1140), R(MII_BMSR, 0x782d), R(MII_BMCR, 0x1140),
                  FAILED_R(MII_LPA, -ENODEV) }, 4,
        },
};

static void test_pattern(void **state)
{
        const PatternCase *c = *state;
        _cleanup_(mdio_program_done) MdioProgram prog = {};
        Script script = c->script;
        Replayed replayed = {};
        const uint8_t *code;
        uint32_t buf[256];
        size_t len, code_len, n_values = 0;
        Run run;

        skip_unless_little_endian();

        /* What the module would do with the request as it goes on the wire... */
        assert_int_equal(c->build(&prog), 0);
        assert_int_equal(mdio_netlink_xfer_request(buf, sizeof(buf), FAMILY, SEQ, BUS_ID, 1000,
                                                   &prog, &len), 0);
        code = request_prog((const uint8_t *) buf, len, &code_len);
        interpret(code, code_len, &script, &run);
        assert_accesses(run.accesses, run.n_accesses, c->want, c->n_want);

        /* ...emitting each access's value right after it, the failed one excepted... */
        for (size_t i = 0; i < c->n_want; i++)
                if (c->want[i].err == 0) {
                        assert_true(n_values < run.n_emitted);
                        assert_int_equal(run.emitted[n_values++], c->want[i].val);
                }
        assert_int_equal(run.n_emitted, n_values);
        assert_true(n_values <= mdio_program_max_values(&prog));

        /* ...so that replaying the emitted values tells the same accesses, for the tracer. */
        assert_int_equal(mdio_program_replay(&prog, run.emitted, run.n_emitted, run.error,
                                             collect, &replayed), 0);
        assert_accesses(replayed.accesses, replayed.n, c->want, c->n_want);
}

static void test_replay_mismatch(void **state)
{
        _cleanup_(mdio_program_done) MdioProgram prog = {};
        static const uint32_t too_many[] = { 0x1140, 0x782d, 0x782d, 0x782d };
        static const uint32_t too_wide[] = { 0x11140 };
        static const uint32_t wrong_write[] = { 0x1540, 0x1540 };

        assert_int_equal(mdio_program_genphy_update_link(&prog, PHY, false), 0);
        /* More values than the program emits, or fewer without an error. */
        assert_int_equal(mdio_program_replay(&prog, too_many, 4, 0, NULL, NULL), -EBADMSG);
        assert_int_equal(mdio_program_replay(&prog, too_many, 1, 0, NULL, NULL), -EBADMSG);
        assert_int_equal(mdio_program_replay(&prog, too_wide, 1, -EIO, NULL, NULL), -EBADMSG);
        mdio_program_done(&prog);

        /* A write must emit what the program computed. */
        assert_int_equal(mdio_program_modify(&prog, PHY, MII_BMCR, BMCR_ISOLATE, 0x1200), 0);
        assert_int_equal(mdio_program_replay(&prog, wrong_write, 2, 0, NULL, NULL), -EBADMSG);
}

/* The kernel. */

static void test_bus_new_without_module(void **state)
{
        Clock *clock = clock_monotonic();
        MdioBus *bus = NULL;
        char id[MDIO_NL_BUS_ID_MAX + 2];

        memset(id, 'a', sizeof(id) - 1);
        id[sizeof(id) - 1] = '\0';
        assert_int_equal(mdio_netlink_bus_new(id, clock, &bus), -ENAMETOOLONG);
        assert_int_equal(mdio_netlink_bus_new("", clock, &bus), -EINVAL);

        /* With the module loaded there is nothing to say about a bus this test cannot know. */
        if (access("/sys/module/mdio_netlink", F_OK) == 0)
                skip();

        assert_int_equal(mdio_netlink_bus_new(BUS_ID, clock, &bus), -EPROTONOSUPPORT);
        assert_null(bus);
        assert_string_equal(mdio_netlink_strerror(-EPROTONOSUPPORT),
                            "the kernel has no mdio netlink family (the mdio-netlink module is "
                            "not loaded)");
}

static void test_strerror(void **state)
{
        assert_string_equal(mdio_netlink_strerror(-EPERM),
                            "the mdio netlink family requires CAP_NET_ADMIN");
        assert_string_equal(mdio_netlink_strerror(-EIO), strerror(EIO));
        assert_non_null(mdio_netlink_strerror(0));
}

int main(void)
{
        static const struct CMUnitTest fixed[] = {
                cmocka_unit_test(test_request_family),
                cmocka_unit_test(test_request_limits),
                cmocka_unit_test(test_program_validation),
                cmocka_unit_test(test_program_traceable),
                cmocka_unit_test(test_phy_id),
                cmocka_unit_test(test_reply_single),
                cmocka_unit_test(test_reply_multipart),
                cmocka_unit_test(test_reply_xfer_error),
                cmocka_unit_test(test_reply_extack),
                cmocka_unit_test(test_reply_enodev),
                cmocka_unit_test(test_reply_stale),
                cmocka_unit_test(test_reply_malformed),
                cmocka_unit_test(test_reply_family),
                cmocka_unit_test(test_reply_family_absent),
                cmocka_unit_test(test_replay_mismatch),
                cmocka_unit_test(test_bus_new_without_module),
                cmocka_unit_test(test_strerror),
        };
        static const char *const request_names[] = {
                "request: read", "request: write", "request: modify",
                "request: update_link, link up", "request: update_link, link down",
                "request: ax88772a read_status, link up",
        };
        struct CMUnitTest tests[ELEMENTSOF(request_cases) + ELEMENTSOF(fixed) +
                                ELEMENTSOF(pattern_cases)];
        size_t n = 0;

        _Static_assert(ELEMENTSOF(request_names) == ELEMENTSOF(request_cases), "one name a case");

        /* The table-driven cases, one test each, named after their case. */
        for (size_t i = 0; i < ELEMENTSOF(request_cases); i++) {
                tests[n] = (struct CMUnitTest) cmocka_unit_test_prestate(
                        test_request, (void *) &request_cases[i]);
                tests[n++].name = request_names[i];
        }
        for (size_t i = 0; i < ELEMENTSOF(fixed); i++)
                tests[n++] = fixed[i];
        for (size_t i = 0; i < ELEMENTSOF(pattern_cases); i++) {
                tests[n] = (struct CMUnitTest) cmocka_unit_test_prestate(
                        test_pattern, (void *) &pattern_cases[i]);
                tests[n++].name = pattern_cases[i].name;
        }

        return cmocka_run_group_tests(tests, NULL, NULL);
}
