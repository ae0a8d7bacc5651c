/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Programs, requests and replies of the mdio-netlink family, on byte buffers only (see
 * mdio-netlink-msg.h). The socket side is mdio-netlink.c.
 */

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/mdio.h>
#include <linux/mii.h>
#include <linux/netlink.h>
#include <string.h>

#include "phyd/macro.h"
#include "phyd/mdio-netlink-msg.h"

#define ARG_MODE(a) ((a) >> 16)
#define ARG_VALUE(a) ((uint16_t) ((a) & 0xffff))

/* Registers the patterns use. */
#define R_BMCR 0
#define R_SCRATCH 1
#define R_BMSR 2
#define R_VALUE 3

int mdio_nl_phy_id(int addr, int devad)
{
        if (addr < 0 || addr >= MDIO_MAX_ADDR)
                return -EINVAL;
        if (devad == MDIO_DEVAD_NONE)
                return addr;
        if (devad < 0 || devad > 31)
                return -EINVAL;
        return mdio_phy_id_c45(addr, devad);
}

void mdio_program_init(MdioProgram *prog)
{
        *prog = (MdioProgram) {};
}

void mdio_program_done(MdioProgram *prog)
{
        free(prog->insns);
        mdio_program_init(prog);
}

/* Which operand modes each op accepts, as the module's validator has them. */
#define M_R (1u << MDIO_NL_ARG_REG)
#define M_I (1u << MDIO_NL_ARG_IMM)
#define M_N (1u << MDIO_NL_ARG_NONE)

static const uint8_t op_modes[_MDIO_NL_OP_MAX][3] = {
        [MDIO_NL_OP_READ] = { M_R | M_I, M_R | M_I, M_R },
        [MDIO_NL_OP_WRITE] = { M_R | M_I, M_R | M_I, M_R | M_I },
        [MDIO_NL_OP_AND] = { M_R | M_I, M_R | M_I, M_R },
        [MDIO_NL_OP_OR] = { M_R | M_I, M_R | M_I, M_R },
        [MDIO_NL_OP_ADD] = { M_R | M_I, M_R | M_I, M_R },
        [MDIO_NL_OP_JEQ] = { M_R | M_I, M_R | M_I, M_I },
        [MDIO_NL_OP_JNE] = { M_R | M_I, M_R | M_I, M_I },
        [MDIO_NL_OP_EMIT] = { M_R | M_I, M_N, M_N },
};

static bool arg_valid(MdioArg arg, uint8_t modes)
{
        if (arg >> 18)
                return false;
        if (!(modes & (1u << ARG_MODE(arg))))
                return false;
        /* The module takes a register number modulo 8; a larger one is a bug of ours. */
        if (ARG_MODE(arg) == MDIO_NL_ARG_REG && ARG_VALUE(arg) >= MDIO_NL_N_REGS)
                return false;
        if (ARG_MODE(arg) == MDIO_NL_ARG_NONE && arg != MDIO_ARG_NONE)
                return false;
        return true;
}

static bool op_is_jump(uint8_t op)
{
        return op == MDIO_NL_OP_JEQ || op == MDIO_NL_OP_JNE;
}

int mdio_program_append(MdioProgram *prog, uint8_t op, MdioArg a0, MdioArg a1, MdioArg a2)
{
        const MdioArg args[3] = { a0, a1, a2 };

        if (prog->error < 0)
                return prog->error;

        if (op == MDIO_NL_OP_UNSPEC || op > MDIO_NL_OP_MAX)
                return (prog->error = -EINVAL);
        for (size_t i = 0; i < 3; i++)
                if (!arg_valid(args[i], op_modes[op][i]))
                        return (prog->error = -EINVAL);
        /* Only forward jumps: no loops, so every EMIT runs at most once and a replay ends. */
        if (op_is_jump(op) && (int16_t) ARG_VALUE(a2) < 0)
                return (prog->error = -EINVAL);

        if (prog->n_insns >= MDIO_NL_PROG_MAX_INSNS)
                return (prog->error = -E2BIG);
        if (prog->n_insns >= prog->n_allocated) {
                size_t n = MIN(prog->n_allocated > 0 ? prog->n_allocated * 2 : 16,
                               (size_t) MDIO_NL_PROG_MAX_INSNS);
                MdioInsn *insns;

                insns = reallocarray(prog->insns, n, sizeof(MdioInsn));
                if (!insns)
                        return (prog->error = -ENOMEM);
                prog->insns = insns;
                prog->n_allocated = n;
        }

        prog->insns[prog->n_insns] = (MdioInsn) { .op = op, .arg = { a0, a1, a2 } };
        return (int) prog->n_insns++;
}

static MdioArg reg_arg(unsigned r)
{
        /* Out of range stays out of range, for arg_valid() to refuse. */
        return r < MDIO_NL_N_REGS ? MDIO_ARG_REG(r) : (MdioArg) (1u << 18);
}

int mdio_program_read(MdioProgram *prog, MdioArg dev, MdioArg reg, unsigned dst)
{
        return mdio_program_append(prog, MDIO_NL_OP_READ, dev, reg, reg_arg(dst));
}

int mdio_program_write(MdioProgram *prog, MdioArg dev, MdioArg reg, MdioArg src)
{
        return mdio_program_append(prog, MDIO_NL_OP_WRITE, dev, reg, src);
}

int mdio_program_and(MdioProgram *prog, MdioArg a, MdioArg b, unsigned dst)
{
        return mdio_program_append(prog, MDIO_NL_OP_AND, a, b, reg_arg(dst));
}

int mdio_program_or(MdioProgram *prog, MdioArg a, MdioArg b, unsigned dst)
{
        return mdio_program_append(prog, MDIO_NL_OP_OR, a, b, reg_arg(dst));
}

int mdio_program_add(MdioProgram *prog, MdioArg a, MdioArg b, unsigned dst)
{
        return mdio_program_append(prog, MDIO_NL_OP_ADD, a, b, reg_arg(dst));
}

int mdio_program_emit(MdioProgram *prog, MdioArg src)
{
        return mdio_program_append(prog, MDIO_NL_OP_EMIT, src, MDIO_ARG_NONE, MDIO_ARG_NONE);
}

int mdio_program_read_traced(MdioProgram *prog, uint16_t phy_id, uint16_t reg, unsigned dst)
{
        int r;

        r = mdio_program_read(prog, MDIO_ARG_IMM(phy_id), MDIO_ARG_IMM(reg), dst);
        if (r < 0)
                return r;
        return mdio_program_emit(prog, reg_arg(dst));
}

int mdio_program_write_traced(MdioProgram *prog, uint16_t phy_id, uint16_t reg, MdioArg src)
{
        int r;

        r = mdio_program_write(prog, MDIO_ARG_IMM(phy_id), MDIO_ARG_IMM(reg), src);
        if (r < 0)
                return r;
        return mdio_program_emit(prog, src);
}

int mdio_program_jump(MdioProgram *prog, bool if_equal, MdioArg a, MdioArg b)
{
        /* Offset 0 until mdio_program_land(): a jump to the next instruction. */
        return mdio_program_append(prog, if_equal ? MDIO_NL_OP_JEQ : MDIO_NL_OP_JNE, a, b,
                                   MDIO_ARG_IMM(0));
}

int mdio_program_jump_masked(MdioProgram *prog, bool if_equal, unsigned src, uint16_t mask,
                             uint16_t value, unsigned scratch)
{
        int r;

        r = mdio_program_and(prog, reg_arg(src), MDIO_ARG_IMM(mask), scratch);
        if (r < 0)
                return r;
        return mdio_program_jump(prog, if_equal, reg_arg(scratch), MDIO_ARG_IMM(value));
}

void mdio_program_land(MdioProgram *prog, int jump)
{
        MdioInsn *insn;

        if (jump < 0 || prog->error < 0)
                return;
        if ((size_t) jump >= prog->n_insns || !op_is_jump(prog->insns[jump].op)) {
                prog->error = -EINVAL;
                return;
        }

        /* The module adds the offset to pc before its loop's pc++. */
        insn = &prog->insns[jump];
        insn->arg[2] = MDIO_ARG_IMM(prog->n_insns - (size_t) jump - 1);
}

size_t mdio_program_max_values(const MdioProgram *prog)
{
        size_t n = 0;

        for (size_t i = 0; i < prog->n_insns; i++)
                if (prog->insns[i].op == MDIO_NL_OP_EMIT)
                        n++;
        return n;
}

static size_t jump_target(const MdioProgram *prog, size_t pc)
{
        return pc + 1 + (size_t) (int16_t) ARG_VALUE(prog->insns[pc].arg[2]);
}

static bool is_access(const MdioInsn *insn)
{
        return insn->op == MDIO_NL_OP_READ || insn->op == MDIO_NL_OP_WRITE;
}

bool mdio_program_is_traceable(const MdioProgram *prog)
{
        if (prog->error < 0)
                return false;

        for (size_t i = 0; i < prog->n_insns; i++) {
                const MdioInsn *insn = &prog->insns[i];

                if (is_access(insn)) {
                        const MdioInsn *next = i + 1 < prog->n_insns ? insn + 1 : NULL;

                        /* What a read put in its register, or what a write sent. */
                        if (!next || next->op != MDIO_NL_OP_EMIT || next->arg[0] != insn->arg[2])
                                return false;
                } else if (op_is_jump(insn->op)) {
                        size_t t = jump_target(prog, i);

                        /* Landing on an access's emit would emit without the access. */
                        if (t > 0 && t < prog->n_insns && is_access(&prog->insns[t - 1]))
                                return false;
                }
        }
        return true;
}

static uint64_t insn_encode(const MdioInsn *insn)
{
        uint64_t op = insn->op, a0 = insn->arg[0], a1 = insn->arg[1], a2 = insn->arg[2];

        /* struct mdio_nl_insn's bit-fields as the ABI allocates them (see the header). */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return op | a0 << 10 | a1 << 28 | a2 << 46;
#else
        return op << 56 | a0 << 36 | a1 << 18 | a2;
#endif
}

int mdio_program_serialize(const MdioProgram *prog, void *buf, size_t size, size_t *ret_len)
{
        size_t len;

        if (prog->error < 0)
                return prog->error;

        len = prog->n_insns * MDIO_NL_INSN_SIZE;
        if (buf) {
                if (size < len)
                        return -ENOBUFS;
                for (size_t i = 0; i < prog->n_insns; i++) {
                        uint64_t word = insn_encode(&prog->insns[i]);

                        memcpy((uint8_t *) buf + i * MDIO_NL_INSN_SIZE, &word, sizeof(word));
                }
        }

        if (ret_len)
                *ret_len = len;
        return 0;
}

int mdio_program_read_reg(MdioProgram *prog, uint16_t phy_id, uint16_t reg)
{
        mdio_program_read_traced(prog, phy_id, reg, R_VALUE);
        return prog->error;
}

int mdio_program_write_reg(MdioProgram *prog, uint16_t phy_id, uint16_t reg, uint16_t val)
{
        mdio_program_write_traced(prog, phy_id, reg, MDIO_ARG_IMM(val));
        return prog->error;
}

int mdio_program_modify(MdioProgram *prog, uint16_t phy_id, uint16_t reg, uint16_t mask,
                        uint16_t set)
{
        int unchanged;

        /* old in R_VALUE, new = (old & ~mask) | set in R_SCRATCH. */
        mdio_program_read_traced(prog, phy_id, reg, R_VALUE);
        mdio_program_and(prog, MDIO_ARG_REG(R_VALUE), MDIO_ARG_IMM((uint16_t) ~mask), R_SCRATCH);
        mdio_program_or(prog, MDIO_ARG_REG(R_SCRATCH), MDIO_ARG_IMM(set), R_SCRATCH);
        unchanged = mdio_program_jump(prog, true, MDIO_ARG_REG(R_VALUE), MDIO_ARG_REG(R_SCRATCH));
        mdio_program_write_traced(prog, phy_id, reg, MDIO_ARG_REG(R_SCRATCH));
        mdio_program_land(prog, unchanged);
        return prog->error;
}

/* genphy_update_link() up to the BMSR phylib uses, which is left in R_BMSR. Returns the jump
 * taken when autoneg is being restarted (no BMSR read, status 0: the caller lands it where
 * "link down" goes); the other early exit, a first BMSR showing LSTATUS, is landed here. */
static int update_link(MdioProgram *prog, uint16_t phy_id, bool link_was_up)
{
        int restarting, link_seen = -1;

        mdio_program_read_traced(prog, phy_id, MII_BMCR, R_BMCR);
        restarting = mdio_program_jump_masked(prog, false, R_BMCR, BMCR_ANRESTART, 0,
                                              R_SCRATCH);

        /* LSTATUS is latched low: with the link down, a first read that shows the link is
         * used, otherwise the second read gives the current state (spec §2.2). Polling with
         * the link up reads once, so a drop latched since the last poll is seen. */
        if (!link_was_up) {
                mdio_program_read_traced(prog, phy_id, MII_BMSR, R_BMSR);
                link_seen = mdio_program_jump_masked(prog, false, R_BMSR, BMSR_LSTATUS, 0,
                                                     R_SCRATCH);
        }
        mdio_program_read_traced(prog, phy_id, MII_BMSR, R_BMSR);
        mdio_program_land(prog, link_seen);

        return restarting;
}

int mdio_program_genphy_update_link(MdioProgram *prog, uint16_t phy_id, bool link_was_up)
{
        int restarting;

        restarting = update_link(prog, phy_id, link_was_up);
        mdio_program_land(prog, restarting);
        return prog->error;
}

int mdio_program_ax88772a_read_status(MdioProgram *prog, uint16_t phy_id, bool link_was_up,
                                      bool autoneg)
{
        uint16_t up = autoneg ? BMSR_LSTATUS | BMSR_ANEGCOMPLETE : BMSR_LSTATUS;
        int restarting, down;

        restarting = update_link(prog, phy_id, link_was_up);

        /* link = LSTATUS, forced to 0 while autoneg is enabled and not complete (spec
         * §2.2 step 3); with the link down read_status returns before any other read. */
        down = mdio_program_jump_masked(prog, false, R_BMSR, up, up, R_SCRATCH);

        /* The BMCR fallback for speed and duplex, then genphy_read_lpa(), which reads LPA
         * only with autoneg enabled (and complete, which a link up implies here). */
        mdio_program_read_traced(prog, phy_id, MII_BMCR, R_VALUE);
        if (autoneg)
                mdio_program_read_traced(prog, phy_id, MII_LPA, R_VALUE);

        mdio_program_land(prog, restarting);
        mdio_program_land(prog, down);
        return prog->error;
}

static uint16_t arg_get(MdioArg arg, const uint16_t *regs)
{
        return ARG_MODE(arg) == MDIO_NL_ARG_REG ? regs[ARG_VALUE(arg)] : ARG_VALUE(arg);
}

int mdio_program_replay(const MdioProgram *prog, const uint32_t *values, size_t n_values,
                        int xfer_error, MdioReplayFn fn, void *userdata)
{
        uint16_t regs[MDIO_NL_N_REGS] = {};
        size_t k = 0;

        if (prog->error < 0)
                return prog->error;
        if (!mdio_program_is_traceable(prog))
                return -EINVAL;
        if (xfer_error > 0)
                return -EINVAL;

        for (size_t pc = 0; pc < prog->n_insns; pc++) {
                const MdioInsn *insn = &prog->insns[pc];
                uint16_t a = arg_get(insn->arg[0], regs), b = arg_get(insn->arg[1], regs);

                switch (insn->op) {
                case MDIO_NL_OP_READ:
                case MDIO_NL_OP_WRITE: {
                        MdioOp op = insn->op == MDIO_NL_OP_READ ? MDIO_READ : MDIO_WRITE;
                        uint16_t val = op == MDIO_WRITE ? arg_get(insn->arg[2], regs) : 0;

                        if (k >= n_values) {
                                /* The access the program stopped on. */
                                if (xfer_error == 0)
                                        return -EBADMSG;
                                if (fn)
                                        fn(op, a, b, val, xfer_error, userdata);
                                return 0;
                        }
                        if (values[k] > 0xffff || (op == MDIO_WRITE && values[k] != val))
                                return -EBADMSG;
                        if (op == MDIO_READ) {
                                val = (uint16_t) values[k];
                                regs[ARG_VALUE(insn->arg[2])] = val;
                        }
                        k++;
                        if (fn)
                                fn(op, a, b, val, 0, userdata);
                        /* The emit that reported it. */
                        pc++;
                        break;
                }
                case MDIO_NL_OP_AND:
                        regs[ARG_VALUE(insn->arg[2])] = a & b;
                        break;
                case MDIO_NL_OP_OR:
                        regs[ARG_VALUE(insn->arg[2])] = a | b;
                        break;
                case MDIO_NL_OP_ADD:
                        regs[ARG_VALUE(insn->arg[2])] = (uint16_t) (a + b);
                        break;
                case MDIO_NL_OP_JEQ:
                case MDIO_NL_OP_JNE:
                        if ((a == b) == (insn->op == MDIO_NL_OP_JEQ))
                                pc += (size_t) (int16_t) ARG_VALUE(insn->arg[2]);
                        break;
                case MDIO_NL_OP_EMIT:
                        if (k >= n_values)
                                /* Stopped after the last access: nothing to charge. */
                                return xfer_error < 0 ? 0 : -EBADMSG;
                        if (values[k] != a)
                                return -EBADMSG;
                        k++;
                        break;
                default:
                        return -EINVAL;
                }
        }

        return k == n_values ? 0 : -EBADMSG;
}

/* Requests */

static struct nlmsghdr *genl_put_header(void *buf, size_t size, uint16_t type, uint8_t cmd,
                                        uint8_t version, uint32_t seq)
{
        struct genlmsghdr *genl;
        struct nlmsghdr *nlh;

        if (size < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)))
                return NULL;

        /* libmnl before 1.0.5 leaves attribute padding as it finds it, and the module reads
         * the u16 TIMEOUT with nla_get_u32(), padding included: start from zeroes. */
        memset(buf, 0, size);
        nlh = mnl_nlmsg_put_header(buf);
        nlh->nlmsg_type = type;
        nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
        nlh->nlmsg_seq = seq;

        genl = mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
        genl->cmd = cmd;
        genl->version = version;
        return nlh;
}

int mdio_netlink_family_request(void *buf, size_t size, uint32_t seq, size_t *ret_len)
{
        struct nlmsghdr *nlh;

        nlh = genl_put_header(buf, size, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, seq);
        if (!nlh)
                return -ENOBUFS;
        if (!mnl_attr_put_strz_check(nlh, size, CTRL_ATTR_FAMILY_NAME, MDIO_NL_FAMILY_NAME))
                return -ENOBUFS;

        *ret_len = nlh->nlmsg_len;
        return 0;
}

int mdio_netlink_xfer_request(void *buf, size_t size, uint16_t family, uint32_t seq,
                              const char *bus_id, uint32_t timeout_msec,
                              const MdioProgram *prog, size_t *ret_len)
{
        _cleanup_free_ uint8_t *insns = NULL;
        struct nlmsghdr *nlh;
        size_t len;
        int r;

        if (!bus_id || bus_id[0] == '\0' || !prog)
                return -EINVAL;
        if (strlen(bus_id) > MDIO_NL_BUS_ID_MAX)
                return -ENAMETOOLONG;
        /* The policy's maximum; 0 would let the program time out before its first step. */
        if (timeout_msec == 0 || timeout_msec > MDIO_NL_TIMEOUT_MAX_MSEC)
                return -ERANGE;

        r = mdio_program_serialize(prog, NULL, 0, &len);
        if (r < 0)
                return r;
        insns = malloc(len > 0 ? len : 1);
        if (!insns)
                return -ENOMEM;
        r = mdio_program_serialize(prog, insns, len, NULL);
        if (r < 0)
                return r;

        nlh = genl_put_header(buf, size, family, MDIO_GENL_XFER, MDIO_NL_FAMILY_VERSION, seq);
        if (!nlh)
                return -ENOBUFS;
        /* The module's policy types TIMEOUT as u16 (NLA_POLICY_MAX(NLA_U16, 10000)), and a
         * strict genetlink parse refuses any other length, so it goes as mdio-tools sends
         * it. (The module then reads it with nla_get_u32(); on a little-endian machine the
         * zeroed attribute padding makes that the same value.) */
        if (!mnl_attr_put_strz_check(nlh, size, MDIO_NLA_BUS_ID, bus_id) ||
            !mnl_attr_put_u16_check(nlh, size, MDIO_NLA_TIMEOUT, (uint16_t) timeout_msec) ||
            !mnl_attr_put_check(nlh, size, MDIO_NLA_PROG, len, insns))
                return -ENOBUFS;

        *ret_len = nlh->nlmsg_len;
        return 0;
}

/* Replies */

typedef int (*MessageFn)(const struct nlmsghdr *nlh, void *userdata);

static int parse_attr_cb(const struct nlattr *attr, void *data)
{
        const struct nlattr **tb = data;

        tb[mnl_attr_get_type(attr)] = attr;
        return MNL_CB_OK;
}

/* Parses attributes of types up to max into tb, skipping unknown (newer) ones. */
typedef struct AttrTable {
        const struct nlattr **tb;
        uint16_t max;
} AttrTable;

static int parse_attr_max_cb(const struct nlattr *attr, void *data)
{
        AttrTable *t = data;

        if (mnl_attr_type_valid(attr, t->max) < 0)
                return MNL_CB_OK;
        return parse_attr_cb(attr, t->tb);
}

static int parse_attrs(const struct nlmsghdr *nlh, size_t offset, const struct nlattr **tb,
                       uint16_t max)
{
        AttrTable t = { tb, max };

        if (mnl_nlmsg_get_payload_len(nlh) < offset)
                return -EBADMSG;
        if (mnl_attr_parse(nlh, (unsigned) offset, parse_attr_max_cb, &t) < 0)
                return -EBADMSG;
        return 0;
}

/* NLMSG_ERROR: the errno, and the extended ack's message if the kernel attached one. */
static int parse_error(const struct nlmsghdr *nlh, int *ret_error, char **ret_message)
{
        const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};
        const struct nlmsgerr *err;
        size_t offset;

        if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct nlmsgerr))
                return -EBADMSG;
        err = mnl_nlmsg_get_payload(nlh);
        *ret_error = err->error > 0 ? -err->error : err->error;

        if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
                return 0;

        /* The TLVs follow the echoed request, which is only its header when capped. */
        offset = sizeof(struct nlmsgerr);
        if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && err->msg.nlmsg_len >= sizeof(struct nlmsghdr))
                offset += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
        offset = MNL_ALIGN(offset);

        /* The message is a courtesy: a malformed one is dropped, the errno still counts. */
        if (parse_attrs(nlh, offset, tb, NLMSGERR_ATTR_MAX) < 0)
                return 0;
        if (tb[NLMSGERR_ATTR_MSG] && mnl_attr_validate(tb[NLMSGERR_ATTR_MSG],
                                                       MNL_TYPE_NUL_STRING) >= 0) {
                free(*ret_message);
                *ret_message = strdup(mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]));
                if (!*ret_message)
                        return -ENOMEM;
        }
        return 0;
}

typedef struct ReplyEnd {
        int *error;
        char **message;
        bool *done; /* NULL: NLMSG_DONE is not expected */
        bool *complete;
} ReplyEnd;

/* mnl_nlmsg_ok() compares nlmsg_len to what is left as an int: a length past INT_MAX passes
 * it, and one that MNL_ALIGN() wraps to 0 makes mnl_nlmsg_next() stand still. And libmnl
 * walks a message's attributes up to its aligned end, so that end must be in the datagram
 * too (the kernel always pads a message to it). */
static bool nlmsg_fits(const struct nlmsghdr *nlh, int remaining)
{
        uint64_t aligned;

        /* First whether there is a header to read at all. */
        if (!mnl_nlmsg_ok(nlh, remaining))
                return false;
        aligned = ((uint64_t) nlh->nlmsg_len + MNL_ALIGNTO - 1) & ~(uint64_t) (MNL_ALIGNTO - 1);
        return aligned <= (uint64_t) remaining;
}

static int walk_messages(const void *buf, size_t len, uint32_t seq, uint16_t type,
                         MessageFn fn, void *userdata, const ReplyEnd *end)
{
        const struct nlmsghdr *nlh = buf;
        int remaining, r;

        if (len > INT32_MAX)
                return -EBADMSG;
        remaining = (int) len;

        for (; nlmsg_fits(nlh, remaining); nlh = mnl_nlmsg_next(nlh, &remaining)) {
                /* The late answer to an earlier request that timed out. */
                if (nlh->nlmsg_seq != seq)
                        continue;

                switch (nlh->nlmsg_type) {
                case NLMSG_NOOP:
                        continue;
                case NLMSG_ERROR:
                        r = parse_error(nlh, end->error, end->message);
                        if (r < 0)
                                return r;
                        *end->complete = true;
                        return 1;
                case NLMSG_DONE:
                        if (!end->done)
                                return -EBADMSG;
                        *end->done = true;
                        continue;
                case NLMSG_OVERRUN:
                        return -EBADMSG;
                }

                if (nlh->nlmsg_type != type)
                        return -EBADMSG;
                if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
                        return -EBADMSG;
                r = fn(nlh, userdata);
                if (r < 0)
                        return r;
        }

        /* A partial message: the datagram was cut. */
        if (remaining > 0)
                return -EBADMSG;
        return 0;
}

static int family_message(const struct nlmsghdr *nlh, void *userdata)
{
        const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
        const struct nlattr *tb[CTRL_ATTR_MAX + 1] = {};
        MdioNetlinkFamilyReply *reply = userdata;
        int r;

        if (genl->cmd != CTRL_CMD_NEWFAMILY)
                return -EBADMSG;

        r = parse_attrs(nlh, sizeof(struct genlmsghdr), tb, CTRL_ATTR_MAX);
        if (r < 0)
                return r;

        if (!tb[CTRL_ATTR_FAMILY_ID] ||
            mnl_attr_validate(tb[CTRL_ATTR_FAMILY_ID], MNL_TYPE_U16) < 0)
                return -EBADMSG;
        /* Answers for another family would be a kernel bug; refuse rather than use it. */
        if (tb[CTRL_ATTR_FAMILY_NAME] &&
            (mnl_attr_validate(tb[CTRL_ATTR_FAMILY_NAME], MNL_TYPE_NUL_STRING) < 0 ||
             !streq(mnl_attr_get_str(tb[CTRL_ATTR_FAMILY_NAME]), MDIO_NL_FAMILY_NAME)))
                return -EBADMSG;

        reply->family = (MdioNetlinkFamily) {
                .id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]),
        };
        if (tb[CTRL_ATTR_VERSION]) {
                if (mnl_attr_validate(tb[CTRL_ATTR_VERSION], MNL_TYPE_U32) < 0)
                        return -EBADMSG;
                reply->family.version = mnl_attr_get_u32(tb[CTRL_ATTR_VERSION]);
        }
        if (tb[CTRL_ATTR_MAXATTR]) {
                if (mnl_attr_validate(tb[CTRL_ATTR_MAXATTR], MNL_TYPE_U32) < 0)
                        return -EBADMSG;
                reply->family.max_attr = mnl_attr_get_u32(tb[CTRL_ATTR_MAXATTR]);
        }
        reply->found = true;
        return 0;
}

int mdio_netlink_family_reply_feed(MdioNetlinkFamilyReply *reply, const void *buf,
                                   size_t len, uint32_t seq)
{
        ReplyEnd end = {
                .error = &reply->error,
                .message = &reply->message,
                .complete = &reply->complete,
        };

        if (reply->complete)
                return 1;
        return walk_messages(buf, len, seq, GENL_ID_CTRL, family_message, reply, &end);
}

int mdio_netlink_family_reply_result(const MdioNetlinkFamilyReply *reply,
                                     MdioNetlinkFamily *ret_family)
{
        if (!reply->complete)
                return -EBADMSG;
        /* ctrl_getfamily() answers ENOENT for a name nobody registered, and for a family
         * that is not netns-aware (mdio-netlink is not) asked from another namespace. */
        if (reply->error == -ENOENT)
                return -EPROTONOSUPPORT;
        if (reply->error < 0)
                return reply->error;
        if (!reply->found)
                return -EBADMSG;

        *ret_family = reply->family;
        return 0;
}

void mdio_netlink_family_reply_done(MdioNetlinkFamilyReply *reply)
{
        free(reply->message);
        *reply = (MdioNetlinkFamilyReply) {};
}

static int reply_add_values(MdioNetlinkReply *reply, const uint32_t *values, size_t n)
{
        if (n == 0)
                return 0;
        if (reply->n_values + n > reply->n_allocated) {
                size_t want = reply->n_values + n;
                uint32_t *p;

                if (want < reply->n_allocated * 2)
                        want = reply->n_allocated * 2;

                p = reallocarray(reply->values, want, sizeof(uint32_t));
                if (!p)
                        return -ENOMEM;
                reply->values = p;
                reply->n_allocated = want;
        }

        memcpy(reply->values + reply->n_values, values, n * sizeof(uint32_t));
        reply->n_values += n;
        return 0;
}

static int xfer_message(const struct nlmsghdr *nlh, void *userdata)
{
        const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
        const struct nlattr *tb[MDIO_NLA_MAX + 1] = {};
        MdioNetlinkReply *reply = userdata;
        int r;

        if (genl->cmd != MDIO_GENL_XFER)
                return -EBADMSG;

        r = parse_attrs(nlh, sizeof(struct genlmsghdr), tb, MDIO_NLA_MAX);
        if (r < 0)
                return r;

        /* Every part the module sends opens a DATA nest, possibly empty. Its payload is not
         * attributes but the emitted values, host-endian u32s without headers. */
        if (tb[MDIO_NLA_DATA]) {
                size_t n = mnl_attr_get_payload_len(tb[MDIO_NLA_DATA]);
                uint32_t v[64];
                const uint8_t *p = mnl_attr_get_payload(tb[MDIO_NLA_DATA]);

                if (n % sizeof(uint32_t) != 0)
                        return -EBADMSG;
                n /= sizeof(uint32_t);
                /* Copied out in chunks: the payload is only 4-byte aligned by netlink's
                 * promise, and memcpy() keeps us honest about it. */
                while (n > 0) {
                        size_t c = MIN(n, ELEMENTSOF(v));

                        memcpy(v, p, c * sizeof(uint32_t));
                        r = reply_add_values(reply, v, c);
                        if (r < 0)
                                return r;
                        p += c * sizeof(uint32_t);
                        n -= c;
                }
        }

        if (tb[MDIO_NLA_ERROR]) {
                int32_t e;

                if (mnl_attr_validate(tb[MDIO_NLA_ERROR], MNL_TYPE_U32) < 0)
                        return -EBADMSG;
                e = (int32_t) mnl_attr_get_u32(tb[MDIO_NLA_ERROR]);
                reply->xfer_error = e > 0 ? -e : e;
        }
        return 0;
}

int mdio_netlink_xfer_reply_feed(MdioNetlinkReply *reply, const void *buf, size_t len,
                                 uint16_t family, uint32_t seq)
{
        ReplyEnd end = {
                .error = &reply->error,
                .message = &reply->message,
                .done = &reply->done,
                .complete = &reply->complete,
        };

        if (reply->complete)
                return 1;
        return walk_messages(buf, len, seq, family, xfer_message, reply, &end);
}

int mdio_netlink_xfer_reply_result(const MdioNetlinkReply *reply)
{
        if (!reply->complete)
                return -EBADMSG;
        if (reply->error < 0)
                return reply->error;
        if (!reply->done)
                return -EBADMSG;
        return reply->xfer_error;
}

void mdio_netlink_xfer_reply_done(MdioNetlinkReply *reply)
{
        free(reply->values);
        free(reply->message);
        *reply = (MdioNetlinkReply) {};
}
