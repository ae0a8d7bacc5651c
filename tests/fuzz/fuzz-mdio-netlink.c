/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * libFuzzer target: the replies of the mdio-netlink family (mdio-netlink-msg.h), which come
 * from an out-of-tree kernel module, fed one datagram at a time as the backend reads them,
 * and then the replay of the values they carry on the program that asked for them.
 *
 * Input: one byte choosing the request (bit 0: the family lookup, else a transfer; bits 1-2:
 * which access pattern; bit 3: link_was_up; bit 4: autoneg), then datagrams, each a
 * little-endian u16 length and that many bytes.
 */

#include "fuzz.h"
#include "phyd/mdio-netlink-msg.h"

#define FAMILY 0x21
#define SEQ 7
#define PHY 0x10

static void on_access(MdioOp op, uint16_t phy_id, uint16_t reg, uint16_t val, int err,
                      void *userdata)
{
        size_t *n = userdata;

        (*n)++;
}

static int build_program(MdioProgram *prog, uint8_t mode)
{
        bool link_was_up = mode & 0x08, autoneg = mode & 0x10;

        switch ((mode >> 1) & 3) {
        case 0:
                return mdio_program_read_reg(prog, PHY, 1);
        case 1:
                return mdio_program_modify(prog, PHY, 0, 0x1200, 0x0200);
        case 2:
                return mdio_program_genphy_update_link(prog, PHY, link_was_up);
        default:
                return mdio_program_ax88772a_read_status(prog, PHY, link_was_up, autoneg);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        _cleanup_(mdio_program_done) MdioProgram prog = {};
        MdioNetlinkFamilyReply family = {};
        MdioNetlinkReply reply = {};
        MdioNetlinkFamily f;
        uint8_t mode;
        size_t n_accesses = 0;
        int r = 0;

        if (size < 1)
                return 0;
        mode = data[0];
        data++;
        size--;

        if (build_program(&prog, mode) < 0)
                abort();

        while (size >= 2 && r == 0) {
                size_t len = data[0] | (size_t) data[1] << 8;
                uint8_t *buf;

                data += 2;
                size -= 2;
                if (len > size)
                        len = size;
                /* Exactly the datagram's bytes, so that reading past them is caught, and
                 * aligned for struct nlmsghdr as a receive buffer is. */
                buf = malloc(len ?: 1);
                if (!buf)
                        abort();
                memcpy(buf, data, len);
                if (mode & 1)
                        r = mdio_netlink_family_reply_feed(&family, buf, len, SEQ);
                else
                        r = mdio_netlink_xfer_reply_feed(&reply, buf, len, FAMILY, SEQ);
                free(buf);
                data += len;
                size -= len;
        }

        if (mode & 1)
                (void) mdio_netlink_family_reply_result(&family, &f);
        else if (mdio_netlink_xfer_reply_result(&reply) >= 0 || reply.xfer_error < 0)
                (void) mdio_program_replay(&prog, reply.values, reply.n_values,
                                           reply.xfer_error, on_access, &n_accesses);

        mdio_netlink_family_reply_done(&family);
        mdio_netlink_xfer_reply_done(&reply);
        return 0;
}
