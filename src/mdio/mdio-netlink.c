/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The mdio-netlink backend: one NETLINK_GENERIC socket per bus, one XFER request per access
 * or per program. Message layout and parsing live in mdio-netlink-msg.c; this file sends,
 * waits and receives.
 */

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/mdio.h>
#include <linux/netlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "phyd/macro.h"
#include "phyd/mdio-netlink.h"

/* The module checks its timeout only between instructions, and one MDIO access of a USB
 * adapter is a control transfer that may itself take USB_CTRL_GET_TIMEOUT (5 s): wait that
 * much longer for the answer before giving up. A late answer is then recognised by its
 * sequence number and dropped. */
#define MDIO_NETLINK_WAIT_SLACK_MSEC 5000

typedef struct MdioNetlink {
        struct mnl_socket *nl;
        uint32_t portid;
        uint16_t family;
        uint32_t seq;
        uint32_t timeout_msec;
        uint8_t *buf; /* one request or one received datagram */
        size_t buf_size;
        char *message; /* the last refusal's extended ack message */
} MdioNetlink;

static MdioNetlink *mdio_netlink_free(MdioNetlink *nl)
{
        if (!nl)
                return NULL;
        if (nl->nl)
                mnl_socket_close(nl->nl);
        free(nl->buf);
        free(nl->message);
        free(nl);
        return NULL;
}
DEFINE_TRIVIAL_CLEANUP_FUNC(MdioNetlink *, mdio_netlink_free);

static uint64_t now_msec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}

/* Waits for one datagram until deadline (CLOCK_MONOTONIC ms: the kernel runs on real time,
 * whatever the bus's clock). Returns its length. */
static int recv_datagram(MdioNetlink *nl, uint64_t deadline)
{
        struct pollfd pfd = {
                .fd = mnl_socket_get_fd(nl->nl),
                .events = POLLIN,
        };
        ssize_t n;
        int r;

        for (;;) {
                uint64_t now = now_msec();

                if (now >= deadline)
                        return -ETIMEDOUT;
                r = poll(&pfd, 1, (int) MIN(deadline - now, (uint64_t) INT32_MAX));
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0)
                        return -errno;
                if (r == 0)
                        return -ETIMEDOUT;

                n = mnl_socket_recvfrom(nl->nl, nl->buf, nl->buf_size);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                return (int) n;
        }
}

static int send_request(MdioNetlink *nl, size_t len)
{
        ssize_t n;

        n = mnl_socket_sendto(nl->nl, nl->buf, len);
        if (n < 0)
                return -errno;
        if ((size_t) n != len)
                return -EIO;
        return 0;
}

static void keep_message(MdioNetlink *nl, char **message)
{
        free(nl->message);
        nl->message = TAKE_PTR(*message);
}

static uint32_t next_seq(MdioNetlink *nl)
{
        /* 0 is left out so that a zeroed header never passes for an answer. */
        if (++nl->seq == 0)
                nl->seq = 1;
        return nl->seq;
}

static int resolve_family(MdioNetlink *nl)
{
        MdioNetlinkFamilyReply reply = {};
        MdioNetlinkFamily family;
        uint64_t deadline;
        uint32_t seq = next_seq(nl);
        size_t len;
        int r;

        r = mdio_netlink_family_request(nl->buf, nl->buf_size, seq, &len);
        if (r < 0)
                return r;
        r = send_request(nl, len);
        if (r < 0)
                return r;

        deadline = now_msec() + MDIO_NETLINK_WAIT_SLACK_MSEC;
        do {
                r = recv_datagram(nl, deadline);
                if (r < 0)
                        goto finish;
                r = mdio_netlink_family_reply_feed(&reply, nl->buf, (size_t) r, seq);
                if (r < 0)
                        goto finish;
        } while (r == 0);

        r = mdio_netlink_family_reply_result(&reply, &family);
        if (r < 0) {
                keep_message(nl, &reply.message);
                goto finish;
        }
        nl->family = family.id;

finish:
        mdio_netlink_family_reply_done(&reply);
        return r;
}

/* One XFER round trip. On success the caller owns *ret_reply (including a program that
 * stopped on an error: that is the reply's xfer_error). */
static int xfer(MdioNetlink *nl, const char *bus_id, const MdioProgram *prog,
                MdioNetlinkReply *ret_reply)
{
        MdioNetlinkReply reply = {};
        uint64_t deadline;
        uint32_t seq = next_seq(nl);
        size_t len;
        int r;

        r = mdio_netlink_xfer_request(nl->buf, nl->buf_size, nl->family, seq, bus_id,
                                      nl->timeout_msec, prog, &len);
        if (r < 0)
                return r;
        r = send_request(nl, len);
        if (r < 0)
                return r;

        deadline = now_msec() + nl->timeout_msec + MDIO_NETLINK_WAIT_SLACK_MSEC;
        do {
                r = recv_datagram(nl, deadline);
                if (r < 0)
                        goto fail;
                r = mdio_netlink_xfer_reply_feed(&reply, nl->buf, (size_t) r, nl->family, seq);
                if (r < 0)
                        goto fail;
        } while (r == 0);

        if (reply.error < 0)
                keep_message(nl, &reply.message);
        *ret_reply = reply;
        return 0;

fail:
        mdio_netlink_xfer_reply_done(&reply);
        return r;
}

static MdioNetlink *mdio_netlink(MdioBus *bus)
{
        return bus->backend;
}

static int mdio_netlink_read(MdioBus *bus, int addr, int devad, uint16_t reg)
{
        _cleanup_(mdio_program_done) MdioProgram prog = {};
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply reply = {};
        int phy_id, r;

        phy_id = mdio_nl_phy_id(addr, devad);
        if (phy_id < 0)
                return phy_id;
        r = mdio_program_read_reg(&prog, (uint16_t) phy_id, reg);
        if (r < 0)
                return r;

        r = xfer(mdio_netlink(bus), bus->id, &prog, &reply);
        if (r < 0)
                return r;
        r = mdio_netlink_xfer_reply_result(&reply);
        if (r < 0)
                return r;
        if (reply.n_values != 1 || reply.values[0] > 0xffff)
                return -EBADMSG;
        return (int) reply.values[0];
}

static int mdio_netlink_write(MdioBus *bus, int addr, int devad, uint16_t reg, uint16_t val)
{
        _cleanup_(mdio_program_done) MdioProgram prog = {};
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply reply = {};
        int phy_id, r;

        phy_id = mdio_nl_phy_id(addr, devad);
        if (phy_id < 0)
                return phy_id;
        r = mdio_program_write_reg(&prog, (uint16_t) phy_id, reg, val);
        if (r < 0)
                return r;

        r = xfer(mdio_netlink(bus), bus->id, &prog, &reply);
        if (r < 0)
                return r;
        r = mdio_netlink_xfer_reply_result(&reply);
        if (r < 0)
                return r;
        if (reply.n_values != 1 || reply.values[0] != val)
                return -EBADMSG;
        return 0;
}

static void mdio_netlink_bus_free(MdioBus *bus)
{
        mdio_netlink_free(mdio_netlink(bus));
}

static const MdioBusOps mdio_netlink_ops = {
        .read = mdio_netlink_read,
        .write = mdio_netlink_write,
        .free = mdio_netlink_bus_free,
};

static int mdio_netlink_open(MdioNetlink *nl)
{
        int one = 1;

        nl->nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
        if (!nl->nl)
                return -errno;
        if (mnl_socket_bind(nl->nl, 0, MNL_SOCKET_AUTOPID) < 0)
                return -errno;
        nl->portid = mnl_socket_get_portid(nl->nl);

        /* Extended acks carry the module's reason ("Argument 2 invalid"); capped acks keep
         * our request out of the answer. Both are courtesies of kernels since 4.12/4.3: if
         * one is refused, errors simply come without a message. */
        (void) mnl_socket_setsockopt(nl->nl, NETLINK_EXT_ACK, &one, sizeof(one));
        (void) mnl_socket_setsockopt(nl->nl, NETLINK_CAP_ACK, &one, sizeof(one));
        return 0;
}

int mdio_netlink_bus_new(const char *bus_id, Clock *clock, MdioBus **ret_bus)
{
        _cleanup_(mdio_netlink_freep) MdioNetlink *nl = NULL;
        _cleanup_(mdio_program_done) MdioProgram empty = {};
        MdioNetlinkReply reply = {};
        MdioBus *bus;
        long page;
        int r;

        if (!bus_id || bus_id[0] == '\0' || !clock || !ret_bus)
                return -EINVAL;
        if (strlen(bus_id) > MDIO_NL_BUS_ID_MAX)
                return -ENAMETOOLONG;

        nl = calloc(1, sizeof(*nl));
        if (!nl)
                return -ENOMEM;
        nl->timeout_msec = MDIO_NETLINK_TIMEOUT_MSEC_DEFAULT;

        /* The module sends parts of at most one page (nlmsg_new(NLMSG_DEFAULT_SIZE)). */
        page = sysconf(_SC_PAGESIZE);
        nl->buf_size = page > 8192 ? (size_t) page : 8192;
        nl->buf = malloc(nl->buf_size);
        if (!nl->buf)
                return -ENOMEM;

        r = mdio_netlink_open(nl);
        if (r < 0)
                return r;
        r = resolve_family(nl);
        if (r < 0)
                return r;

        /* An empty program: the module looks the bus up (ENODEV) and checks the caller's
         * privilege (EPERM) before running anything, so both show up here, not at the
         * first access. */
        r = xfer(nl, bus_id, &empty, &reply);
        if (r < 0)
                return r;
        r = mdio_netlink_xfer_reply_result(&reply);
        mdio_netlink_xfer_reply_done(&reply);
        if (r < 0)
                return r;

        r = mdio_bus_new(bus_id, &mdio_netlink_ops, nl, clock, &bus);
        if (r < 0)
                return r;
        TAKE_PTR(nl);

        *ret_bus = bus;
        return 0;
}

bool mdio_bus_is_netlink(const MdioBus *bus)
{
        return bus && bus->ops == &mdio_netlink_ops;
}

int mdio_netlink_bus_set_timeout(MdioBus *bus, uint32_t timeout_msec)
{
        if (!mdio_bus_is_netlink(bus))
                return -EINVAL;
        if (timeout_msec == 0 || timeout_msec > MDIO_NL_TIMEOUT_MAX_MSEC)
                return -ERANGE;

        mdio_bus_lock(bus);
        mdio_netlink(bus)->timeout_msec = timeout_msec;
        mdio_bus_unlock(bus);
        return 0;
}

static void trace_replayed(MdioOp op, uint16_t phy_id, uint16_t reg, uint16_t val, int err,
                           void *userdata)
{
        MdioBus *bus = userdata;
        int addr = phy_id & MDIO_PHY_ID_C45 ? (phy_id & MDIO_PHY_ID_PRTAD) >> 5 : phy_id;

        mdio_bus_trace_access(bus, op, addr, reg, val, err);
}

int mdio_netlink_run(MdioBus *bus, const MdioProgram *prog, uint32_t *ret_values,
                     size_t *ret_n)
{
        _cleanup_(mdio_netlink_xfer_reply_done) MdioNetlinkReply reply = {};
        int r, q;

        if (!mdio_bus_is_netlink(bus) || !prog)
                return -EINVAL;
        if (prog->error < 0)
                return prog->error;
        if (!mdio_program_is_traceable(prog))
                return -EINVAL;

        mdio_bus_lock(bus);
        r = xfer(mdio_netlink(bus), bus->id, prog, &reply);
        if (r >= 0) {
                r = mdio_netlink_xfer_reply_result(&reply);
                /* A refused request made no access; otherwise say which ones happened. */
                if (reply.error == 0) {
                        q = mdio_program_replay(prog, reply.values, reply.n_values,
                                                reply.xfer_error, trace_replayed, bus);
                        if (q < 0 && r >= 0)
                                r = q;
                }
        }
        mdio_bus_unlock(bus);
        if (r < 0)
                return r;

        if (reply.n_values > mdio_program_max_values(prog))
                return -EBADMSG;
        if (ret_values && reply.n_values > 0)
                memcpy(ret_values, reply.values, reply.n_values * sizeof(uint32_t));
        if (ret_n)
                *ret_n = reply.n_values;
        return 0;
}

char *mdio_netlink_bus_last_message(MdioBus *bus)
{
        char *m = NULL;

        if (!mdio_bus_is_netlink(bus))
                return NULL;

        mdio_bus_lock(bus);
        if (mdio_netlink(bus)->message)
                m = strdup(mdio_netlink(bus)->message);
        mdio_bus_unlock(bus);
        return m;
}

const char *mdio_netlink_strerror(int err)
{
        switch (err) {
        case -EPROTONOSUPPORT:
                return "the kernel has no mdio netlink family (the mdio-netlink module is not "
                       "loaded)";
        case -ENODEV:
                return "the kernel has no MDIO bus with this id";
        case -EPERM:
                return "the mdio netlink family requires CAP_NET_ADMIN";
        }
        return strerror(err < 0 ? -err : err);
}
