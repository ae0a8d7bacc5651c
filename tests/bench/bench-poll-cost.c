/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Cost per poll: one PHY's state machine run by run on the sim with virtual time, as the
 * unit tier drives it, in steady state with the link up (partner plugged, autonegotiation
 * done) and with the link down (no partner). For each model and link state it measures,
 * over RUNS runs:
 *   - the MDIO accesses per run (the kernel does 2 reads per run with link up on the
 *     AX88772C and AX88796B, 4 on the AX88772A: spec §1-§2);
 *   - the CPU time per run (CLOCK_THREAD_CPUTIME_ID), and the part of it the sim backend
 *     takes: the same register accesses replayed on the model alone, RUNS times.
 * Instruction counts, which unlike times repeat exactly, come from running this program
 * under callgrind with --toggle-collect=bench_runs (all of a run) and
 * --toggle-collect=bench_backend (the backend alone); scripts/bench does that.
 *
 *   bench-poll-cost RUNS [MODEL LINK]
 *
 * Prints one line per case: "model=M link=up|down state=S reads=R writes=W cpu_ns=N
 * backend_ns=B". MODEL is ax88796b, ax88772a or ax88772c; LINK up or down; without them,
 * every case.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "phyd/clock.h"
#include "phyd/mac-profile.h"
#include "phyd/mdio-bus.h"
#include "phyd/mdio-sim.h"
#include "phyd/phy-device.h"
#include "phyd/phy-model.h"
#include "phyd/macro.h"

#define BENCH_ADDR 0x10 /* AX_EMBD_PHY_ADDR */
#define BENCH_WARMUP_RUNS 50
#define BENCH_MAX_ACCESSES_PER_RUN 64

/* 10/100, both duplexes, symmetric and asymmetric pause, IEEE 802.3 selector. */
#define BENCH_PARTNER_ABILITIES 0x0de1

typedef struct Bench {
        Clock clock;
        MdioBus *bus;
        PhyModel *model; /* owned by the bus */
        PhyDevice *phy;

        unsigned long reads, writes;
        bool record;
        unsigned n_recorded;
        struct {
                MdioOp op;
                uint16_t reg, val;
        } recorded[BENCH_MAX_ACCESSES_PER_RUN];
} Bench;

static void on_access(MdioBus *bus, const MdioAccess *access, void *userdata)
{
        Bench *b = userdata;

        if (access->op == MDIO_READ)
                b->reads++;
        else
                b->writes++;
        if (b->record && b->n_recorded < BENCH_MAX_ACCESSES_PER_RUN) {
                b->recorded[b->n_recorded].op = access->op;
                b->recorded[b->n_recorded].reg = access->reg;
                b->recorded[b->n_recorded].val = access->val;
                b->n_recorded++;
        }
}

static int bench_init(Bench *b, PhyModelKind kind, bool link_up)
{
        PhyModelParams params;
        int r;

        *b = (Bench) {};
        clock_virtual_init(&b->clock, USEC_PER_SEC);
        phy_model_default_params(kind, &params);
        params.aneg_usec = 0;
        r = mdio_sim_bus_new("sim0", &b->clock, &b->bus);
        if (r < 0)
                return r;
        r = phy_model_new(&params, &b->clock, &b->model);
        if (r < 0)
                return r;
        r = mdio_sim_bus_add_model(b->bus, BENCH_ADDR, b->model);
        if (r < 0)
                return r;
        mdio_bus_set_tracer(b->bus, on_access, b);
        if (link_up)
                phy_model_plug(b->model, BENCH_PARTNER_ABILITIES);

        r = phy_device_create(b->bus, BENCH_ADDR, &b->clock, &b->phy);
        if (r < 0)
                return r;
        r = phy_probe(b->phy);
        if (r < 0)
                return r;
        r = phy_attach(b->phy, mac_profile_get(kind == PHY_MODEL_AX88796B ? MAC_PROFILE_XSURF
                                                                          : MAC_PROFILE_AX88772));
        if (r < 0)
                return r;
        return phy_start(b->phy);
}

static void bench_free(Bench *b)
{
        b->phy = phy_device_free(b->phy);
        b->bus = mdio_bus_free(b->bus);
}

static void bench_run_one(Bench *b)
{
        clock_virtual_advance_to(&b->clock, b->phy->work_due_usec);
        phy_state_machine(b->phy);
}

/* The measured loop; its name is what callgrind's --toggle-collect selects. */
__attribute__((noinline)) void bench_runs(Bench *b, unsigned long runs);
__attribute__((noinline)) void bench_runs(Bench *b, unsigned long runs)
{
        for (unsigned long i = 0; i < runs; i++)
                bench_run_one(b);
}

/* The backend alone: one run's accesses, replayed on the model. */
__attribute__((noinline)) void bench_backend(Bench *b, unsigned long runs);
__attribute__((noinline)) void bench_backend(Bench *b, unsigned long runs)
{
        for (unsigned long i = 0; i < runs; i++)
                for (unsigned k = 0; k < b->n_recorded; k++)
                        if (b->recorded[k].op == MDIO_READ)
                                (void) phy_model_read(b->model, b->recorded[k].reg);
                        else
                                (void) phy_model_write(b->model, b->recorded[k].reg,
                                                       b->recorded[k].val);
}

static uint64_t thread_cpu_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return (uint64_t) ts.tv_sec * 1000000000ULL + (uint64_t) ts.tv_nsec;
}

static int bench_case(PhyModelKind kind, const char *model, bool link_up, unsigned long runs)
{
        uint64_t t0, t1, t2;
        Bench b;
        int r;

        r = bench_init(&b, kind, link_up);
        if (r < 0) {
                fprintf(stderr, "%s: bring-up failed: %s\n", model, strerror(-r));
                bench_free(&b);
                return r;
        }
        bench_runs(&b, BENCH_WARMUP_RUNS);
        if (b.phy->link != link_up) {
                fprintf(stderr, "%s: the link is not %s in steady state\n", model,
                        link_up ? "up" : "down");
                bench_free(&b);
                return -EIO;
        }

        /* One run recorded, for the replay. */
        b.record = true;
        bench_run_one(&b);
        b.record = false;

        b.reads = b.writes = 0;
        t0 = thread_cpu_ns();
        bench_runs(&b, runs);
        t1 = thread_cpu_ns();
        bench_backend(&b, runs);
        t2 = thread_cpu_ns();

        printf("model=%s link=%s state=%s reads=%.2f writes=%.2f cpu_ns=%.1f backend_ns=%.1f\n",
               model, link_up ? "up" : "down", phy_state_to_string(b.phy->state),
               (double) b.reads / (double) runs, (double) b.writes / (double) runs,
               (double) (t1 - t0) / (double) runs, (double) (t2 - t1) / (double) runs);
        bench_free(&b);
        return 0;
}

int main(int argc, char *argv[])
{
        static const struct {
                const char *name;
                PhyModelKind kind;
        } models[] = {
                { "ax88796b", PHY_MODEL_AX88796B },
                { "ax88772a", PHY_MODEL_AX88772A },
                { "ax88772c", PHY_MODEL_AX88772C },
        };
        unsigned long runs;
        bool found = false;

        if (argc != 2 && argc != 4) {
                fprintf(stderr, "usage: %s RUNS [MODEL up|down]\n", argv[0]);
                return 2;
        }
        runs = strtoul(argv[1], NULL, 10);
        if (runs == 0) {
                fprintf(stderr, "RUNS: expected a positive number, got '%s'\n", argv[1]);
                return 2;
        }
        for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
                for (int up = 1; up >= 0; up--) {
                        if (argc == 4 && (strcmp(argv[2], models[i].name) != 0 ||
                                          strcmp(argv[3], up ? "up" : "down") != 0))
                                continue;
                        found = true;
                        if (bench_case(models[i].kind, models[i].name, up, runs) < 0)
                                return 1;
                }
        if (!found) {
                fprintf(stderr, "unknown case '%s %s' (expected ax88796b, ax88772a or "
                        "ax88772c, then up or down)\n", argv[2], argv[3]);
                return 2;
        }
        return 0;
}
