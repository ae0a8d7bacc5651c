/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The messages of the mdio-netlink backend, as pure functions on byte buffers: no socket, no
 * kernel, so the unit tier tests them on byte arrays (ell's unit/test-genl-msg.c does the
 * same for its generic netlink code).
 *
 * The out-of-tree mdio-netlink module registers the generic netlink family "mdio" with one
 * command, XFER. Its request carries a bus id, a timeout and a program: an array of 64-bit
 * instructions (read, write, and, or, add, jump if equal / not equal, emit) that the module
 * runs with the bus's mdio_lock held, on eight 16-bit registers. The reply is one or more
 * genetlink messages whose DATA nests hold the values the program emitted, in order, then an
 * ERROR attribute if the program failed, then NLMSG_DONE; the request's NLM_F_ACK adds a
 * final NLMSG_ERROR (0, or the errno that refused the request, with the extended ack's
 * message).
 *
 * Every pattern here emits the result of each access right after it, so that the caller can
 * replay the program on the emitted values (mdio_program_replay()) and learn exactly which
 * accesses the kernel made, with which values, and which one failed: that is how a batched
 * program is traced access by access.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phyd/mdio-bus.h"

/*
 * The module's UAPI. These numbers come from include/linux/mdio-netlink.h of the mdio-tools
 * repository (github.com/wkz/mdio-tools), which no distribution ships; the policy limits come
 * from its kernel/mdio-netlink.c. They must match the module, so they are facts, not
 * choices.
 */
#define MDIO_NL_FAMILY_NAME "mdio"
/* The family's .version, and the genlmsghdr.version its requests carry. */
#define MDIO_NL_FAMILY_VERSION 1

enum {
        MDIO_GENL_UNSPEC = 0,
        MDIO_GENL_XFER = 1,
};

enum {
        MDIO_NLA_UNSPEC = 0,
        MDIO_NLA_BUS_ID = 1,  /* NUL-terminated string, the mii_bus id */
        MDIO_NLA_TIMEOUT = 2, /* u16 in the policy (at most 10000 ms; 100 ms when absent) */
        MDIO_NLA_PROG = 3,    /* binary: the instructions, 8 bytes each, at most 0x1000 bytes */
        MDIO_NLA_DATA = 4,    /* reply: a nest holding the emitted values as bare u32s */
        MDIO_NLA_ERROR = 5,   /* reply: s32, the negative errno the program stopped on */
        _MDIO_NLA_MAX,
};
#define MDIO_NLA_MAX (_MDIO_NLA_MAX - 1)

enum {
        MDIO_NL_OP_UNSPEC = 0,
        MDIO_NL_OP_READ = 1,  /* dev(R/I), reg(R/I), dst(R) */
        MDIO_NL_OP_WRITE = 2, /* dev(R/I), reg(R/I), src(R/I) */
        MDIO_NL_OP_AND = 3,   /* a(R/I), b(R/I), dst(R) */
        MDIO_NL_OP_OR = 4,    /* a(R/I), b(R/I), dst(R) */
        MDIO_NL_OP_ADD = 5,   /* a(R/I), b(R/I), dst(R) */
        MDIO_NL_OP_JEQ = 6,   /* a(R/I), b(R/I), offset(I): pc += (s16) offset if a == b */
        MDIO_NL_OP_JNE = 7,   /* a(R/I), b(R/I), offset(I): pc += (s16) offset if a != b */
        MDIO_NL_OP_EMIT = 8,  /* src(R/I), none, none */
        _MDIO_NL_OP_MAX,
};
#define MDIO_NL_OP_MAX (_MDIO_NL_OP_MAX - 1)

/* An operand is 18 bits: the mode in bits 17:16, a register number or an immediate in 15:0. */
enum {
        MDIO_NL_ARG_NONE = 0,
        MDIO_NL_ARG_REG = 1,
        MDIO_NL_ARG_IMM = 2,
        MDIO_NL_ARG_RESERVED = 3,
};

/*
 * struct mdio_nl_insn is one host-endian 64-bit word of bit-fields, in declaration order:
 * op:8, reserved:2, arg0:18, arg1:18, arg2:18. With the ABI's bit-field allocation that puts
 * op in bits 7:0, arg0 in 27:10, arg1 in 45:28 and arg2 in 63:46 on a little-endian machine
 * (from the top down on a big-endian one).
 */
#define MDIO_NL_INSN_SIZE 8
#define MDIO_NL_PROG_MAX_BYTES 0x1000
#define MDIO_NL_PROG_MAX_INSNS (MDIO_NL_PROG_MAX_BYTES / MDIO_NL_INSN_SIZE)
#define MDIO_NL_N_REGS 8
#define MDIO_NL_TIMEOUT_MAX_MSEC 10000
/* MII_BUS_ID_SIZE is 61 with the NUL. */
#define MDIO_NL_BUS_ID_MAX 60

/* An operand of an instruction, already in the 18-bit UAPI form. */
typedef uint32_t MdioArg;

#define MDIO_ARG_NONE ((MdioArg) 0)
#define MDIO_ARG_REG(r) ((MdioArg) ((MDIO_NL_ARG_REG << 16) | ((r) & 0xffffu)))
#define MDIO_ARG_IMM(v) ((MdioArg) ((MDIO_NL_ARG_IMM << 16) | ((v) & 0xffffu)))

/* The 16-bit "dev" operand of READ and WRITE: the Clause 22 address, or for Clause 45 the
 * port and device address in the MDIO_PHY_ID_C45 encoding of linux/mdio.h, which the
 * module understands. -EINVAL if out of range. */
int mdio_nl_phy_id(int addr, int devad);

typedef struct MdioInsn {
        uint8_t op;
        MdioArg arg[3];
} MdioInsn;

/*
 * A program under construction. Zero-initialise it (or mdio_program_init()), append, and
 * release it with mdio_program_done(). The first failed append is remembered: later appends
 * do nothing, and every consumer of the program (serialisation, request building, replay)
 * returns that error, so a pattern builder can append without checking each step and return
 * prog->error at the end.
 */
typedef struct MdioProgram {
        MdioInsn *insns;
        size_t n_insns;
        size_t n_allocated;
        int error;
} MdioProgram;

void mdio_program_init(MdioProgram *prog);
void mdio_program_done(MdioProgram *prog);

/* Appends one instruction after checking its operand modes as the module's validator does,
 * and, for a jump, that it goes forward (replay and the value count rely on programs without
 * loops). Returns the instruction's index, or a negative errno. */
int mdio_program_append(MdioProgram *prog, uint8_t op, MdioArg a0, MdioArg a1, MdioArg a2);

int mdio_program_read(MdioProgram *prog, MdioArg dev, MdioArg reg, unsigned dst);
int mdio_program_write(MdioProgram *prog, MdioArg dev, MdioArg reg, MdioArg src);
int mdio_program_and(MdioProgram *prog, MdioArg a, MdioArg b, unsigned dst);
int mdio_program_or(MdioProgram *prog, MdioArg a, MdioArg b, unsigned dst);
int mdio_program_add(MdioProgram *prog, MdioArg a, MdioArg b, unsigned dst);
int mdio_program_emit(MdioProgram *prog, MdioArg src);

/* A read followed by the emit of what it read, a write followed by the emit of what it
 * wrote: accesses that mdio_program_replay() can trace. */
int mdio_program_read_traced(MdioProgram *prog, uint16_t phy_id, uint16_t reg, unsigned dst);
int mdio_program_write_traced(MdioProgram *prog, uint16_t phy_id, uint16_t reg, MdioArg src);

/* A forward jump, taken if a == b (if_equal) or a != b, whose target is set later with
 * mdio_program_land(). Returns the jump's index. */
int mdio_program_jump(MdioProgram *prog, bool if_equal, MdioArg a, MdioArg b);
/* The same on (src & mask): and into the register scratch, then jump. */
int mdio_program_jump_masked(MdioProgram *prog, bool if_equal, unsigned src, uint16_t mask,
                             uint16_t value, unsigned scratch);
/* Points the jump at index jump (a value returned above) at the next instruction to be
 * appended; landing at the end of the program ends it. A negative jump (a failed append) is
 * ignored, the error is already in prog->error. */
void mdio_program_land(MdioProgram *prog, int jump);

/* The most values the program can emit: one per EMIT, as jumps only go forward. */
size_t mdio_program_max_values(const MdioProgram *prog);

/* Whether every READ is followed by the emit of its destination and every WRITE by an
 * emit, so that mdio_program_replay() can reconstruct each access. */
bool mdio_program_is_traceable(const MdioProgram *prog);

/* The MDIO_NLA_PROG payload: n_insns * 8 bytes in the module's layout, host-endian. With
 * buf NULL, only the size. -ENOBUFS if size is too small. */
int mdio_program_serialize(const MdioProgram *prog, void *buf, size_t size, size_t *ret_len);

/*
 * The genphy access patterns (spec §2), each one program whose values are, in order, the
 * result of each access made. phy_id is from mdio_nl_phy_id().
 */
/* (1) One read. Values: [value]. */
int mdio_program_read_reg(MdioProgram *prog, uint16_t phy_id, uint16_t reg);
/* (2) One write. Values: [val]. */
int mdio_program_write_reg(MdioProgram *prog, uint16_t phy_id, uint16_t reg, uint16_t val);
/* (3) phy_modify(): read, new = (old & ~mask) | set, write only if new != old (spec §2 RMW
 * rule), all under the one bus lock. Values: [old], or [old, new] if it wrote. */
int mdio_program_modify(MdioProgram *prog, uint16_t phy_id, uint16_t reg, uint16_t mask,
                        uint16_t set);
/* (4) genphy_update_link() (spec §2.2): BMCR; nothing more if ANRESTART is set; then BMSR,
 * once if link_was_up (polling with the link up), otherwise a second time only if the first
 * read did not show LSTATUS. Values: [BMCR], [BMCR, BMSR] or [BMCR, BMSR, BMSR]; the last
 * BMSR is the one phylib uses. */
int mdio_program_genphy_update_link(MdioProgram *prog, uint16_t phy_id, bool link_was_up);
/* (5) asix_ax88772a_read_status() (spec §1): (4), then, only if the link is up (LSTATUS in
 * the BMSR used and, with autoneg, ANEGCOMPLETE), BMCR and, with autoneg, LPA. With the link
 * up, values: [BMCR, BMSR, BMCR, LPA]. */
int mdio_program_ax88772a_read_status(MdioProgram *prog, uint16_t phy_id, bool link_was_up,
                                      bool autoneg);

/* One access as the replay reconstructs it: phy_id as in the program, val 0 for a failed
 * read, err 0 or the program's error. */
typedef void (*MdioReplayFn)(MdioOp op, uint16_t phy_id, uint16_t reg, uint16_t val, int err,
                             void *userdata);

/*
 * Runs a traceable program in userspace on the values the module emitted, calling fn for
 * each access the module made, in order. With xfer_error set (the reply's ERROR attribute),
 * the first access whose value is missing is reported as failed with that error and the
 * replay stops; the module checks its timeout before each instruction, so an -ETIMEDOUT is
 * charged to the next access it did not report. -EBADMSG if the values do not fit the
 * program, -EINVAL if it is not traceable.
 */
int mdio_program_replay(const MdioProgram *prog, const uint32_t *values, size_t n_values,
                        int xfer_error, MdioReplayFn fn, void *userdata);

/*
 * Requests. Each builds one complete netlink message into buf (NLM_F_REQUEST | NLM_F_ACK,
 * port id 0, sequence seq) and returns its length in *ret_len; -ENOBUFS if buf is too
 * small. buf must be aligned for struct nlmsghdr.
 */
/* CTRL_CMD_GETFAMILY for the family "mdio". */
int mdio_netlink_family_request(void *buf, size_t size, uint32_t seq, size_t *ret_len);
/* MDIO_GENL_XFER: bus id, timeout (1..MDIO_NL_TIMEOUT_MAX_MSEC ms, else -ERANGE), program. */
int mdio_netlink_xfer_request(void *buf, size_t size, uint16_t family, uint32_t seq,
                              const char *bus_id, uint32_t timeout_msec,
                              const MdioProgram *prog, size_t *ret_len);

/*
 * Replies, fed one datagram at a time. A feed returns 1 once the final NLMSG_ERROR (the
 * acknowledgement, or the error that refused the request) has been seen, 0 while more is to
 * come, -EBADMSG on a malformed message. Messages with another sequence number (the late
 * answer to a request that timed out) are skipped.
 */
typedef struct MdioNetlinkFamily {
        uint16_t id;
        uint32_t version;
        uint32_t max_attr;
} MdioNetlinkFamily;

typedef struct MdioNetlinkFamilyReply {
        MdioNetlinkFamily family;
        bool found;
        int error;     /* from NLMSG_ERROR: 0 or a negative errno */
        char *message; /* the extended ack's message, or NULL */
        bool complete;
} MdioNetlinkFamilyReply;

int mdio_netlink_family_reply_feed(MdioNetlinkFamilyReply *reply, const void *buf,
                                   size_t len, uint32_t seq);
/* 0 with *ret_family set; -EPROTONOSUPPORT if the kernel has no family "mdio" (the module
 * is not loaded); another negative errno if the request failed. */
int mdio_netlink_family_reply_result(const MdioNetlinkFamilyReply *reply,
                                     MdioNetlinkFamily *ret_family);
void mdio_netlink_family_reply_done(MdioNetlinkFamilyReply *reply);

typedef struct MdioNetlinkReply {
        uint32_t *values; /* every part's DATA, concatenated */
        size_t n_values;
        size_t n_allocated;
        int xfer_error; /* MDIO_NLA_ERROR: 0, or the negative errno the program stopped on */
        int error;      /* NLMSG_ERROR: 0, or the negative errno that refused the request */
        char *message;  /* the extended ack's message, or NULL */
        bool done;      /* NLMSG_DONE seen */
        bool complete;  /* the final NLMSG_ERROR seen */
} MdioNetlinkReply;

int mdio_netlink_xfer_reply_feed(MdioNetlinkReply *reply, const void *buf, size_t len,
                                 uint16_t family, uint32_t seq);
/* The outcome: the refusal, else the program's error, else 0 (-EBADMSG if the reply was
 * acknowledged without NLMSG_DONE). */
int mdio_netlink_xfer_reply_result(const MdioNetlinkReply *reply);
void mdio_netlink_xfer_reply_done(MdioNetlinkReply *reply);
