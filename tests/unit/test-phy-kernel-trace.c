/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The recorded kernel scenario: tests/data/kernel-traces/ax88772a-6.12.117-probe-plug-unplug
 * .trace is the MDIO traffic of Debian's 6.12.117 kernel, its own asix and ax88796b
 * drivers, driving an emulated AX88772A (PHY 0x10) through probe, ip link set up, partner
 * plugged, unplugged and plugged again. phyd replays the same scenario on the AX88772A sim
 * with the ax88772 MAC profile and must make the same accesses to PHY 0x10, run by run.
 *
 * What is compared, and why:
 * - Accesses to PHY 0x00 are the asix MAC driver's own check of registers 0x14-0x16 (spec
 *   §9), and '# ioctl' lines are a test program's reads: neither is phylib's.
 * - The kernel trace is cut into runs where the bus was idle for 90 ms or more (the longest
 *   gap inside a run is the reset poll's sleep, at most 50 ms plus one access).
 * - phylib polls 1 s after the end of each run (spec §3.1; 1.021-1.025 s measured, §9). A
 *   group of accesses that starts less than 1 s after the previous run ended is not on that
 *   schedule and so is not phylib's; the test names every such group it sets aside and
 *   requires that it only reads (nothing that could change what phylib sees later).
 * - The scenario's events ('# <t> ctl: plug', 'ctl: unplug') are placed in the idle gap
 *   after the same run as in the kernel's recording, at the same offset from its end.
 * - Model parameters are those of the trace's header: BMCR default 0x3100, ADVERTISE
 *   default 0x01e1, partner 0x05e1, reset 3 ms, ANRESTART clearing at once, aneg 1.2 s;
 *   each MDIO access costs 2 ms, as over the AX88772's USB control transfers (spec §9).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/mii.h>

#include "phy-harness.h"
#include "phyd/macro.h"
#include "phyd/mdio-sim.h"
#include "phyd/mdio-trace.h"

#define TRACE_FILE KERNEL_TRACE_DIR "/ax88772a-6.12.117-probe-plug-unplug.trace"
#define PARTNER_ABILITIES 0x05e1
#define ACCESS_USEC (2 * USEC_PER_MSEC)
#define RUN_GAP_USEC (90 * USEC_PER_MSEC)
#define MAX_RUNS 64

typedef enum ScenarioAction {
        ACTION_PLUG,
        ACTION_UNPLUG,
} ScenarioAction;

typedef struct ScenarioEvent {
        ScenarioAction action;
        size_t after_run;      /* in the idle gap after this run */
        uint64_t offset_usec;  /* from the end of that run */
} ScenarioEvent;

typedef struct Run {
        size_t first, n; /* into the access array */
        uint64_t start_usec, end_usec;
} Run;

typedef struct KernelRecording {
        MdioAccess accesses[1024];
        size_t n_accesses;
        Run runs[MAX_RUNS];
        size_t n_runs;
        ScenarioEvent events[16];
        size_t n_events;
} KernelRecording;

static void load_recording(KernelRecording *rec)
{
        uint64_t event_usec[16];
        ScenarioAction event_action[16];
        size_t n_event_times = 0;
        Run groups[MAX_RUNS * 2];
        size_t n_groups = 0;
        char line[512];
        FILE *f;

        f = fopen(TRACE_FILE, "re");
        assert_non_null(f);

        while (fgets(line, sizeof(line), f)) {
                MdioTraceLine parsed;
                double t;
                char what[32];
                int r;

                /* "# 7.915736 ctl: plug": the scenario's own actions. */
                if (sscanf(line, "# %lf ctl: %31s", &t, what) == 2) {
                        assert_true(n_event_times < ELEMENTSOF(event_usec));
                        event_usec[n_event_times] = (uint64_t) (t * 1e6 + 0.5);
                        if (streq(what, "plug"))
                                event_action[n_event_times++] = ACTION_PLUG;
                        else if (streq(what, "unplug"))
                                event_action[n_event_times++] = ACTION_UNPLUG;
                        else
                                fail_msg("unknown action in the recording: %s", what);
                        continue;
                }

                r = mdio_trace_parse_line(line, &parsed);
                assert_true(r >= 0);
                if (r == 0 || parsed.access.addr != HARNESS_ADDR)
                        continue;
                assert_true(rec->n_accesses < ELEMENTSOF(rec->accesses));
                rec->accesses[rec->n_accesses++] = parsed.access;
        }
        fclose(f);

        /* Cut into groups at idle gaps. */
        for (size_t i = 0; i < rec->n_accesses; i++) {
                uint64_t t = rec->accesses[i].usec;

                if (n_groups == 0 || t - groups[n_groups - 1].end_usec >= RUN_GAP_USEC) {
                        assert_true(n_groups < ELEMENTSOF(groups));
                        groups[n_groups++] = (Run) { .first = i, .start_usec = t };
                }
                groups[n_groups - 1].n++;
                groups[n_groups - 1].end_usec = t;
        }

        /* Keep the groups on phylib's schedule. */
        for (size_t g = 0; g < n_groups; g++) {
                if (rec->n_runs > 0 &&
                    groups[g].start_usec < rec->runs[rec->n_runs - 1].end_usec + USEC_PER_SEC) {
                        print_message("# set aside, off the 1 s poll schedule: %zu accesses at "
                                      "%.6f s\n", groups[g].n, groups[g].start_usec / 1e6);
                        for (size_t i = 0; i < groups[g].n; i++)
                                assert_int_equal(rec->accesses[groups[g].first + i].op,
                                                 MDIO_READ);
                        continue;
                }
                assert_true(rec->n_runs < MAX_RUNS);
                rec->runs[rec->n_runs++] = groups[g];
        }

        /* Place each action after the last run that ended before it. */
        for (size_t e = 0; e < n_event_times; e++) {
                size_t k = 0;

                for (size_t i = 0; i < rec->n_runs; i++)
                        if (rec->runs[i].end_usec < event_usec[e])
                                k = i;
                assert_true(k + 1 < rec->n_runs);
                assert_true(rec->runs[k + 1].start_usec > event_usec[e]);
                rec->events[rec->n_events++] = (ScenarioEvent) {
                        .action = event_action[e],
                        .after_run = k,
                        .offset_usec = event_usec[e] - rec->runs[k].end_usec,
                };
        }
}

static void compare_run(const KernelRecording *rec, size_t k, Harness *h)
{
        const Run *run = &rec->runs[k];
        TraceStep steps[64];
        char cite[96];

        assert_true(run->n <= ELEMENTSOF(steps));
        for (size_t i = 0; i < run->n; i++) {
                const MdioAccess *a = &rec->accesses[run->first + i];
                steps[i] = (TraceStep) { a->op, a->reg, a->val, a->err };
        }
        snprintf(cite, sizeof(cite), "the kernel's run %zu (at %.6f s) of the recording", k,
                 run->start_usec / 1e6);
        harness_expect_trace(h, steps, run->n, cite);
}

static void apply_events_after(const KernelRecording *rec, size_t k, Harness *h)
{
        for (size_t e = 0; e < rec->n_events; e++) {
                const ScenarioEvent *ev = &rec->events[e];

                if (ev->after_run != k)
                        continue;
                harness_idle(h, ev->offset_usec);
                switch (ev->action) {
                case ACTION_PLUG:
                        phy_model_plug(h->model, PARTNER_ABILITIES);
                        break;
                case ACTION_UNPLUG:
                        phy_model_unplug(h->model);
                        break;
                }
        }
}

static void test_kernel_recording_ax88772a(void **state)
{
        KernelRecording *rec;
        Harness h;
        size_t runs_up = 0, runs_down = 0;

        rec = calloc(1, sizeof(*rec));
        assert_non_null(rec);
        load_recording(rec);
        /* Probe+attach, ip link set up, and the polls of the recording. */
        assert_true(rec->n_runs >= 10);
        assert_int_equal(rec->n_events, 3);

        harness_init(&h, PHY_MODEL_AX88772A);
        mdio_sim_bus_set_access_usec(h.bus, ACCESS_USEC);

        /* Run 0: probe, attach, the ax88772 MAC's suspend. */
        assert_int_equal(phy_device_create(h.bus, HARNESS_ADDR, &h.clock, &h.phy), 0);
        assert_int_equal(phy_probe(h.phy), 0);
        assert_int_equal(phy_attach(h.phy, mac_profile_get(MAC_PROFILE_AX88772)), 0);
        compare_run(rec, 0, &h);
        assert_string_equal(h.phy->drv->name, "Asix Electronics AX88772A");
        apply_events_after(rec, 0, &h);

        /* Run 1: ip link set up, i.e. phy_start() and the run it triggers. */
        harness_idle(&h, rec->runs[1].start_usec - rec->runs[0].end_usec);
        assert_int_equal(phy_start(h.phy), 0);
        harness_run(&h);
        compare_run(rec, 1, &h);
        apply_events_after(rec, 1, &h);

        for (size_t k = 2; k < rec->n_runs; k++) {
                harness_run(&h);
                compare_run(rec, k, &h);
                if (h.phy->state == PHY_RUNNING)
                        runs_up++;
                else
                        runs_down++;
                apply_events_after(rec, k, &h);
        }

        /* dmesg of the same recording: "Link is Up - 100Mbps/Full - flow control rx/tx",
         * "Link is Down", and Up again. */
        harness_assert_link(&h, PHY_RUNNING, true, SPEED_100, DUPLEX_FULL, true, true);
        /* Entries into link-down: UP->NOLINK after ip link set up, RUNNING->NOLINK on unplug. */
        assert_int_equal(h.phy->link_down_events, 2);
        assert_true(runs_up > 0 && runs_down > 0);

        harness_free(&h);
        free(rec);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_kernel_recording_ax88772a),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
