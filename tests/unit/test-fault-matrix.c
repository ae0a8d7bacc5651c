/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The fault matrix (docs/faults.md): every fault of the sim model, on every model, injected
 * in every state a PHY spends its time in (UP before its first run, RUNNING, NOLINK, and in
 * the middle of a Reset() request's soft reset). Each case runs the state machine for a few
 * polls on virtual time and checks what docs/faults.md says the fault leads to:
 *
 * - the state it ends in, and whether the PHY still polls (spec §3.2: an error other than
 *   -ENODEV goes through phy_error_precise to ERROR and the machine stops re-queueing;
 *   -ENODEV returns at once, no notify, no re-queue: polling stops quietly);
 * - the failed accesses (what the daemon counts as Errors) and the error events (what it
 *   logs);
 * - that once the fault is cleared the PHY comes back to the link it had, by itself or
 *   through Stop() + Start() (spec §3.2 phy_stop 6: the way out of ERROR).
 *
 * The cases are generated in a loop, one TAP case per fault x model x state, named
 * "fault/model/state".
 */

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <linux/mii.h>

#include "phy-harness.h"
#include "phyd/macro.h"
#include "spec-traces.h"

#define POLLS_AFTER_FAULT 5 /* enough for any fault to show: the longest path is 2 runs */
#define POLLS_TO_RECOVER 5  /* aneg takes 1.2 s on the sim: up within 3 runs */

typedef enum FaultAt {
        AT_UP,      /* after phy_start(), before the first run (spec §3.2 phy_start) */
        AT_RUNNING, /* link up, steady */
        AT_NOLINK,  /* no partner, steady */
        AT_RESET,   /* during a Reset() request: armed at the BMCR reset edge */
        _AT_MAX,
} FaultAt;

static const char *const at_names[_AT_MAX] = {
        [AT_UP] = "up",
        [AT_RUNNING] = "running",
        [AT_NOLINK] = "nolink",
        [AT_RESET] = "during-reset",
};

/* What docs/faults.md says a case ends in. */
typedef struct Outcome {
        PhyState state;
        bool polling;      /* the machine still re-queues itself */
        bool error_event;  /* phy_error_precise ran: the daemon's journal warning */
        bool failed_reads; /* some access failed: the daemon's Errors property grows */
        int reset_result;  /* AT_RESET: what the Reset() request returns */
        bool flaps;        /* RUNNING <-> NOLINK while the fault lasts: no one end state */
} Outcome;

typedef struct MatrixCase {
        PhyModelFault fault;
        PhyModelKind kind;
        FaultAt at;
        char name[64];
} MatrixCase;

/* Where the case injects the fault: every register for the access faults, BMSR for garbage
 * (the register the state machine decides on; garbage everywhere would also flip BMCR's
 * reset bit and test the reset poll instead). */
static int fault_register(PhyModelFault fault)
{
        return fault == PHY_MODEL_FAULT_GARBAGE ? MII_BMSR : -1;
}

static bool partner_for(FaultAt at)
{
        return at != AT_NOLINK;
}

/* The rules of docs/faults.md, as code. */
static Outcome expected_outcome(const MatrixCase *c)
{
        bool link = partner_for(c->at);
        PhyState steady = link ? PHY_RUNNING : PHY_NOLINK;
        Outcome ok = { .state = steady, .polling = true };
        Outcome error = { .state = PHY_ERROR, .error_event = true, .failed_reads = true };

        switch (c->fault) {
        case PHY_MODEL_FAULT_NONE:
        case _PHY_MODEL_FAULT_MAX:
        case _PHY_MODEL_FAULT_INVALID:
                break;
        case PHY_MODEL_FAULT_READ_ERROR:
                /* Every run reads BMCR and BMSR first: the first run fails, ERROR. A Reset()
                 * fails in its reset poll. */
                error.reset_result = -EIO;
                return error;
        case PHY_MODEL_FAULT_WRITE_ERROR:
                /* ERROR at the first write the state machine makes. A steady PHY writes
                 * nothing; the first run after phy_start writes the advertisement only if
                 * it differs from the reset default (the pause bits of the ax88772 profile,
                 * spec §2.6 and §7). A Reset() request fails at its first write after the
                 * edge (the AX88772A/C restore the pause advertisement; the AX88796B with
                 * the xsurf profile writes nothing more) and the caller gets the error;
                 * the machine is untouched and polls on. */
                if (c->at == AT_RESET) {
                        if (c->kind == PHY_MODEL_AX88772A || c->kind == PHY_MODEL_AX88772C) {
                                ok.failed_reads = true;
                                ok.reset_result = -EIO;
                        }
                        return ok;
                }
                if (c->at == AT_UP && (c->kind == PHY_MODEL_AX88772A ||
                                       c->kind == PHY_MODEL_AX88772C))
                        return error;
                return ok;
        case PHY_MODEL_FAULT_RESET_STUCK:
                /* Only a reset can stick. A Reset() then times out (genphy_soft_reset's
                 * poll, spec §2.1) and the PHY, left in reset, shows no link. The AX88772A
                 * also resets on every entry to NOLINK (spec §1, its link_change_notify),
                 * which ignores the result as the kernel's does: from UP, whose first run
                 * sees no link yet, it sticks there. The generic PHY never soft-resets
                 * (genphy_no_soft_reset). Nothing is logged: no access fails. */
                if (c->kind == PHY_MODEL_GENERIC)
                        return ok;
                if (c->at == AT_RESET) {
                        Outcome r = { .state = PHY_NOLINK, .polling = true,
                                      .reset_result = -ETIMEDOUT };
                        return r;
                }
                if (c->at == AT_UP && c->kind == PHY_MODEL_AX88772A)
                        ok.state = PHY_NOLINK;
                return ok;
        case PHY_MODEL_FAULT_ABSENT: {
                /* Every read answers 0xffff, which no access flags as an error: BMCR reads
                 * ANRESTART set, so genphy_update_link reports no link without reading BMSR
                 * (spec §2.2): NOLINK, not ERROR. A Reset() polls BMCR, whose reset bit never
                 * clears: -ETIMEDOUT. */
                Outcome r = { .state = PHY_NOLINK, .polling = true };

                if (c->at == AT_RESET && c->kind != PHY_MODEL_GENERIC)
                        r.reset_result = -ETIMEDOUT;
                return r;
        }
        case PHY_MODEL_FAULT_DEVICE_GONE: {
                /* -ENODEV: the run returns at once, no state change, no notify, no re-queue
                 * (§3.2): polling stops quietly, the last state stays. */
                Outcome r = { .state = c->at == AT_UP ? PHY_UP : steady, .polling = false,
                              .failed_reads = true };

                if (c->at == AT_RESET) {
                        r.state = PHY_RUNNING;
                        r.reset_result = -ENODEV;
                }
                return r;
        }
        case PHY_MODEL_FAULT_ID_CHANGED:
                /* Polling never reads PHYSID1/2 (spec §3): nothing changes until the next
                 * probe (a daemon restart, which then refuses to adopt the PHY). */
                return ok;
        case PHY_MODEL_FAULT_GARBAGE:
                /* BMSR inverted: link reads as its opposite (and aneg complete too, which
                 * genphy_update_link needs): a linked PHY drops to NOLINK, an unlinked one
                 * "comes up". No access fails, nothing is counted. The AX88772A resets on
                 * each entry to NOLINK, which drops the true link, which reads as up: it
                 * flaps for as long as the garbage lasts. */
                ok.state = link ? PHY_NOLINK : PHY_RUNNING;
                ok.flaps = link && c->kind == PHY_MODEL_AX88772A;
                return ok;
        }
        fail_msg("no outcome for fault %d", c->fault);
        return ok;
}

static MacProfileKind profile_for(PhyModelKind kind)
{
        switch (kind) {
        case PHY_MODEL_AX88796B:
                return MAC_PROFILE_XSURF;
        case PHY_MODEL_AX88772A:
        case PHY_MODEL_AX88772C:
                return MAC_PROFILE_AX88772;
        case PHY_MODEL_GENERIC:
        case _PHY_MODEL_KIND_MAX:
        case _PHY_MODEL_KIND_INVALID:
                break;
        }
        return MAC_PROFILE_NONE;
}

/* AT_RESET: arms the fault right after the access that starts the soft reset. */
typedef struct ResetArm {
        Harness *h;
        const MatrixCase *c;
        bool armed;
} ResetArm;

static void record_and_arm(MdioBus *bus, const MdioAccess *access, void *userdata)
{
        ResetArm *arm = userdata;
        Harness *h = arm->h;

        assert_true(h->n_accesses < HARNESS_MAX_ACCESSES);
        h->accesses[h->n_accesses++] = *access;

        if (!arm->armed && access->op == MDIO_WRITE && access->reg == MII_BMCR &&
            (access->val & BMCR_RESET) && access->err == 0) {
                arm->armed = true;
                assert_int_equal(phy_model_inject_fault(h->model, arm->c->fault,
                                                        fault_register(arm->c->fault), 0),
                                 0);
        }
}

static size_t failed_accesses_since(const Harness *h, size_t from)
{
        size_t n = 0;

        for (size_t i = from; i < h->n_accesses; i++)
                if (h->accesses[i].err < 0)
                        n++;
        return n;
}

static void run_polls(Harness *h, unsigned n)
{
        for (unsigned i = 0; i < n && h->phy->work_due_usec != USEC_INFINITY; i++)
                harness_run(h);
}

/* Brings the PHY to the case's state, with its trace and events cleared. */
static void reach_state(Harness *h, const MatrixCase *c)
{
        harness_init(h, c->kind);
        if (partner_for(c->at))
                phy_model_plug(h->model, PARTNER_100FD_PAUSE);
        harness_bring_up(h, profile_for(c->kind));
        if (c->at == AT_UP)
                return;

        run_polls(h, 4);
        assert_int_equal(h->phy->state, partner_for(c->at) ? PHY_RUNNING : PHY_NOLINK);
        harness_skip_trace(h);
        harness_clear_events(h);
}

static void test_fault_case(void **state)
{
        const MatrixCase *c = *state;
        Outcome want = expected_outcome(c);
        ResetArm arm = { .c = c };
        int reset_result = 0;
        size_t from;
        Harness h;

        reach_state(&h, c);
        from = h.n_accesses;

        if (c->at == AT_RESET) {
                /* As the daemon's Reset(): init_hw then _phy_start_aneg, under the lock. */
                arm.h = &h;
                mdio_bus_set_tracer(h.bus, record_and_arm, &arm);
                if (c->fault == PHY_MODEL_FAULT_RESET_STUCK || c->kind == PHY_MODEL_GENERIC)
                        /* A stuck reset is a property of the edge: armed before it. The
                         * generic PHY has no soft reset: armed at the request's start. */
                        arm.armed = phy_model_inject_fault(h.model, c->fault, -1, 0) == 0;
                pthread_mutex_lock(&h.phy->lock);
                reset_result = phy_init_hw(h.phy);
                if (reset_result >= 0)
                        reset_result = _phy_start_aneg(h.phy);
                pthread_mutex_unlock(&h.phy->lock);
                assert_true(arm.armed);
        } else
                assert_int_equal(phy_model_inject_fault(h.model, c->fault,
                                                        fault_register(c->fault), 0), 0);

        run_polls(&h, POLLS_AFTER_FAULT);

        print_message("# %s: state %s, polling %s, error events %zu, failed accesses %zu, "
                      "reset %d\n", c->name, phy_state_to_string(h.phy->state),
                      h.phy->work_due_usec != USEC_INFINITY ? "yes" : "no",
                      harness_count_events(&h, HARNESS_ERROR),
                      failed_accesses_since(&h, from), reset_result);

        if (want.flaps) {
                assert_true(harness_count_events(&h, HARNESS_LINK_DOWN) >= 2);
                assert_true(harness_count_events(&h, HARNESS_LINK_UP) >= 1);
        } else
                assert_string_equal(phy_state_to_string(h.phy->state),
                                    phy_state_to_string(want.state));
        assert_int_equal(h.phy->work_due_usec != USEC_INFINITY, want.polling);
        assert_int_equal(harness_count_events(&h, HARNESS_ERROR), want.error_event ? 1 : 0);
        assert_int_equal(failed_accesses_since(&h, from) > 0, want.failed_reads);
        if (c->at == AT_RESET)
                assert_int_equal(reset_result, want.reset_result);
        if (want.state == PHY_ERROR || want.state == PHY_HALTED)
                /* §3.2: HALTED and ERROR take the link down. */
                assert_false(h.phy->link);

        /* The fault goes away: the PHY comes back to the link it had, by itself while it
         * still polls, else through Stop() + Start() as the kernel recovers from ERROR. */
        phy_model_clear_faults(h.model);
        mdio_bus_set_tracer(h.bus, NULL, NULL);
        if (h.phy->work_due_usec == USEC_INFINITY) {
                assert_int_equal(phy_stop(h.phy), 0);
                assert_int_equal(phy_start(h.phy), 0);
        } else if (want.reset_result < 0 && c->at == AT_RESET) {
                /* A Reset() that failed half-way is retried, as a user would. */
                pthread_mutex_lock(&h.phy->lock);
                assert_int_equal(phy_init_hw(h.phy), 0);
                assert_int_equal(_phy_start_aneg(h.phy), 0);
                pthread_mutex_unlock(&h.phy->lock);
        }
        run_polls(&h, POLLS_TO_RECOVER);
        assert_string_equal(phy_state_to_string(h.phy->state),
                            phy_state_to_string(partner_for(c->at) ? PHY_RUNNING : PHY_NOLINK));
        assert_int_equal(h.phy->link, partner_for(c->at));

        harness_free(&h);
}

#define N_FAULTS (_PHY_MODEL_FAULT_MAX - 1) /* without PHY_MODEL_FAULT_NONE */
#define N_CASES (N_FAULTS * _PHY_MODEL_KIND_MAX * _AT_MAX)

static MatrixCase cases[N_CASES];

int main(void)
{
        struct CMUnitTest tests[N_CASES];
        size_t n = 0;

        for (PhyModelFault f = PHY_MODEL_FAULT_NONE + 1; f < _PHY_MODEL_FAULT_MAX; f++)
                for (PhyModelKind k = 0; k < _PHY_MODEL_KIND_MAX; k++)
                        for (FaultAt at = 0; at < _AT_MAX; at++) {
                                MatrixCase *c = &cases[n];

                                *c = (MatrixCase) { .fault = f, .kind = k, .at = at };
                                snprintf(c->name, sizeof(c->name), "%s/%s/%s",
                                         phy_model_fault_to_string(f),
                                         phy_model_kind_to_string(k), at_names[at]);
                                tests[n] = (struct CMUnitTest) {
                                        .name = c->name,
                                        .test_func = test_fault_case,
                                        .initial_state = c,
                                };
                                n++;
                        }
        return _cmocka_run_group_tests("fault-matrix", tests, n, NULL, NULL);
}
