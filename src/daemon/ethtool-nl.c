/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netlink/msg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "ethtool-nl-msg.h"
#include "ethtool-nl.h"
#include "ethtool-reply.h"
#include "phyd/macro.h"

struct EthtoolSocket {
        struct nl_sock *sock;
        int family;
};

int ethtool_socket_open(EthtoolSocket **ret)
{
        EthtoolSocket *s;
        int r;

        s = calloc(1, sizeof(*s));
        if (!s)
                return -ENOMEM;
        s->sock = nl_socket_alloc();
        if (!s->sock) {
                free(s);
                return -ENOMEM;
        }
        /* One request, one reply: with libnl's default NLM_F_ACK an acknowledgement would
         * follow each reply and be read as the answer to the next request. Errors still come
         * back as NLMSG_ERROR. */
        nl_socket_disable_auto_ack(s->sock);
        r = genl_connect(s->sock);
        if (r >= 0) {
                int one = 1;

                /* The kernel's reason for a refusal (extended ack), and without the echoed
                 * request: a set request's error is shown with what the kernel said. */
                (void) setsockopt(nl_socket_get_fd(s->sock), SOL_NETLINK, NETLINK_EXT_ACK,
                                  &one, sizeof(one));
                (void) setsockopt(nl_socket_get_fd(s->sock), SOL_NETLINK, NETLINK_CAP_ACK,
                                  &one, sizeof(one));
                s->family = genl_ctrl_resolve(s->sock, ETHTOOL_GENL_NAME);
                r = s->family;
        }
        if (r < 0) {
                ethtool_socket_free(s);
                return r == -NLE_OBJ_NOTFOUND ? -EPROTONOSUPPORT : -EIO;
        }
        *ret = s;
        return 0;
}

EthtoolSocket *ethtool_socket_free(EthtoolSocket *s)
{
        if (!s)
                return NULL;
        nl_socket_free(s->sock);
        free(s);
        return NULL;
}

/* libnl's error codes, as errno. */
static int nl_errno(int nlerr)
{
        switch (-nlerr) {
        case NLE_OPNOTSUPP:
                return -EOPNOTSUPP;
        case NLE_NODEV:
        case NLE_OBJ_NOTFOUND:
                return -ENODEV;
        case NLE_PERM:
                return -EPERM;
        case NLE_NOMEM:
                return -ENOMEM;
        default:
                return -EIO;
        }
}

typedef struct Reply {
        int cmd;
        struct nlattr *tb[ETHTOOL_A_LINKMODES_MAX > 16 ? ETHTOOL_A_LINKMODES_MAX + 1 : 17];
        int maxattr;
        struct nl_msg *msg;
        bool got;
} Reply;

static int on_valid(struct nl_msg *msg, void *userdata)
{
        Reply *reply = userdata;

        /* Keep the message: the attributes point into it. */
        nlmsg_get(msg);
        reply->msg = msg;
        reply->got = genlmsg_parse(nlmsg_hdr(msg), 0, reply->tb, reply->maxattr, NULL) >= 0;
        return NL_OK;
}

/* A copy of the socket's callbacks to add a request's own to. nl_socket_get_cb() takes a
 * reference: one not given back keeps the socket's callbacks alive after nl_socket_free(). */
static struct nl_cb *socket_cb_clone(EthtoolSocket *s)
{
        struct nl_cb *sock_cb, *cb;

        sock_cb = nl_socket_get_cb(s->sock);
        cb = nl_cb_clone(sock_cb);
        nl_cb_put(sock_cb);
        return cb;
}

static int request(EthtoolSocket *s, uint8_t cmd, int header_attr, int ifindex, int maxattr,
                   Reply *reply)
{
        struct nl_msg *msg;
        struct nlattr *hdr;
        struct nl_cb *cb;
        int r;

        msg = nlmsg_alloc();
        if (!msg)
                return -ENOMEM;
        if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, s->family, 0, 0, cmd,
                         ETHTOOL_GENL_VERSION)) {
                nlmsg_free(msg);
                return -ENOMEM;
        }
        hdr = nla_nest_start(msg, header_attr);
        if (!hdr || nla_put_u32(msg, ETHTOOL_A_HEADER_DEV_INDEX, (uint32_t) ifindex) < 0 ||
            nla_put_u32(msg, ETHTOOL_A_HEADER_FLAGS, ETHTOOL_FLAG_COMPACT_BITSETS) < 0) {
                nlmsg_free(msg);
                return -ENOMEM;
        }
        nla_nest_end(msg, hdr);

        r = nl_send_auto(s->sock, msg);
        nlmsg_free(msg);
        if (r < 0)
                return nl_errno(r);

        *reply = (Reply) { .maxattr = maxattr };
        cb = socket_cb_clone(s);
        if (!cb)
                return -ENOMEM;
        nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, reply);
        r = nl_recvmsgs(s->sock, cb);
        nl_cb_put(cb);
        if (r < 0) {
                if (reply->msg)
                        nlmsg_free(reply->msg);
                return nl_errno(r);
        }
        if (!reply->got) {
                if (reply->msg)
                        nlmsg_free(reply->msg);
                return -EIO;
        }
        return 0;
}

int ethtool_get_linkmodes(EthtoolSocket *s, int ifindex, EthtoolLinkModes *ret)
{
        EthtoolLinkModes m;
        Reply reply;
        int r;

        r = request(s, ETHTOOL_MSG_LINKMODES_GET, ETHTOOL_A_LINKMODES_HEADER, ifindex,
                    ETHTOOL_LINKMODES_REPLY_MAX, &reply);
        if (r < 0)
                return r;

        ethtool_linkmodes_from_reply(reply.tb, &m);

        nlmsg_free(reply.msg);
        *ret = m;
        return 0;
}

int ethtool_get_linkstate(EthtoolSocket *s, int ifindex, EthtoolLinkState *ret)
{
        EthtoolLinkState st;
        Reply reply;
        int r;

        r = request(s, ETHTOOL_MSG_LINKSTATE_GET, ETHTOOL_A_LINKSTATE_HEADER, ifindex,
                    ETHTOOL_LINKSTATE_REPLY_MAX, &reply);
        if (r < 0)
                return r;

        ethtool_linkstate_from_reply(reply.tb, &st);

        nlmsg_free(reply.msg);
        *ret = st;
        return 0;
}

typedef struct Ack {
        bool done;
        int error;      /* the kernel's, as -errno */
        char *message;  /* its extended ack message, if any */
        size_t size;
} Ack;

static int on_ack(struct nl_msg *msg, void *userdata)
{
        Ack *ack = userdata;

        ack->done = true;
        return NL_STOP;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *userdata)
{
        /* libnl hands over the payload; the header it belongs to is right before it. */
        const struct nlmsghdr *nlh = (const void *) ((const char *) err - NLMSG_HDRLEN);
        Ack *ack = userdata;
        char none[1];

        ack->done = true;
        ack->error = ethtool_msg_parse_error(nlh, ack->message ?: none,
                                             ack->message ? ack->size : 0);
        if (ack->error >= 0)
                ack->error = -EIO;
        return NL_STOP;
}

/* Sends a request built with NLM_F_ACK and waits for its acknowledgement. */
static int request_ack(EthtoolSocket *s, struct nl_msg *msg, char *extack, size_t size)
{
        Ack ack = { .message = size > 0 ? extack : NULL, .size = size };
        struct nl_cb *cb;
        int r;

        if (size > 0)
                extack[0] = '\0';
        r = nl_send_auto(s->sock, msg);
        if (r < 0)
                return nl_errno(r);

        cb = socket_cb_clone(s);
        if (!cb)
                return -ENOMEM;
        nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &ack);
        nl_cb_err(cb, NL_CB_CUSTOM, on_error, &ack);
        while (!ack.done) {
                r = nl_recvmsgs(s->sock, cb);
                if (r < 0 && !ack.done) {
                        nl_cb_put(cb);
                        return nl_errno(r);
                }
        }
        nl_cb_put(cb);
        return ack.error;
}

int ethtool_set_linkmodes(EthtoolSocket *s, int ifindex, const EthtoolLinkModesChange *c,
                          char *extack, size_t size)
{
        struct nl_msg *msg;
        int r;

        msg = nlmsg_alloc();
        if (!msg)
                return -ENOMEM;
        r = ethtool_msg_linkmodes_set(msg, s->family, ifindex, c);
        if (r >= 0)
                r = request_ack(s, msg, extack, size);
        nlmsg_free(msg);
        return r;
}

int ethtool_set_pause(EthtoolSocket *s, int ifindex, int rx, int tx, char *extack, size_t size)
{
        struct nl_msg *msg;
        int r;

        msg = nlmsg_alloc();
        if (!msg)
                return -ENOMEM;
        r = ethtool_msg_pause_set(msg, s->family, ifindex, rx, tx);
        if (r >= 0)
                r = request_ack(s, msg, extack, size);
        nlmsg_free(msg);
        return r;
}

int ethtool_nway_reset(EthtoolSocket *s, int ifindex)
{
        struct ethtool_value cmd = { .cmd = ETHTOOL_NWAY_RST };
        struct ifreq ifr = {};

        /* Ethtool netlink has no restart command: "ethtool -r" is this ioctl, which any
         * socket takes (the netlink one's family passes it on to the device layer). */
        if (!if_indextoname((unsigned) ifindex, ifr.ifr_name))
                return -ENODEV;
        ifr.ifr_data = (void *) &cmd;
        if (ioctl(nl_socket_get_fd(s->sock), SIOCETHTOOL, &ifr) < 0)
                return -errno;
        return 0;
}
