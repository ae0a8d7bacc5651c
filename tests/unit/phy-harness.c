/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include <linux/mii.h>

#include "phy-harness.h"
#include "phyd/macro.h"
#include "phyd/mdio-sim.h"

static void harness_record_access(MdioBus *bus, const MdioAccess *access, void *userdata)
{
        Harness *h = userdata;

        assert_true(h->n_accesses < HARNESS_MAX_ACCESSES);
        h->accesses[h->n_accesses++] = *access;
}

static HarnessEvent *harness_new_event(Harness *h, HarnessEventKind kind)
{
        assert_true(h->n_events < HARNESS_MAX_EVENTS);
        h->events[h->n_events] = (HarnessEvent) { .kind = kind };
        return &h->events[h->n_events++];
}

static void on_state_changed(PhyDevice *phy, PhyState old_state, void *userdata)
{
        HarnessEvent *e = harness_new_event(userdata, HARNESS_STATE);

        e->from = old_state;
        e->to = phy->state;
}

static void on_link_changed(PhyDevice *phy, bool up, void *userdata)
{
        harness_new_event(userdata, up ? HARNESS_LINK_UP : HARNESS_LINK_DOWN);
}

static void on_error(PhyDevice *phy, const char *func, int err, void *userdata)
{
        HarnessEvent *e = harness_new_event(userdata, HARNESS_ERROR);

        e->func = func;
        e->err = err;
}

static const PhyListener harness_listener = {
        .state_changed = on_state_changed,
        .link_changed = on_link_changed,
        .error = on_error,
};

void harness_init_params(Harness *h, const PhyModelParams *params)
{
        *h = (Harness) {};
        clock_virtual_init(&h->clock, HARNESS_START_USEC);
        assert_int_equal(mdio_sim_bus_new("sim0", &h->clock, &h->bus), 0);
        assert_int_equal(phy_model_new(params, &h->clock, &h->model), 0);
        assert_int_equal(mdio_sim_bus_add_model(h->bus, HARNESS_ADDR, h->model), 0);
        mdio_bus_set_tracer(h->bus, harness_record_access, h);
}

void harness_init(Harness *h, PhyModelKind kind)
{
        PhyModelParams params;

        phy_model_default_params(kind, &params);
        harness_init_params(h, &params);
}

void harness_free(Harness *h)
{
        h->phy = phy_device_free(h->phy);
        h->bus = mdio_bus_free(h->bus);
}

void harness_probe(Harness *h)
{
        assert_int_equal(phy_device_create(h->bus, HARNESS_ADDR, &h->clock, &h->phy), 0);
        phy_set_listener(h->phy, &harness_listener, h);
        assert_int_equal(phy_probe(h->phy), 0);
}

void harness_bring_up(Harness *h, MacProfileKind profile)
{
        harness_probe(h);
        assert_int_equal(phy_attach(h->phy, mac_profile_get(profile)), 0);
        assert_int_equal(phy_start(h->phy), 0);
        harness_skip_trace(h);
        harness_clear_events(h);
}

void harness_run(Harness *h)
{
        assert_true(h->phy->work_due_usec != USEC_INFINITY);
        clock_virtual_advance_to(&h->clock, h->phy->work_due_usec);
        phy_state_machine(h->phy);
}

void harness_run_n(Harness *h, unsigned n)
{
        for (unsigned i = 0; i < n; i++)
                harness_run(h);
}

void harness_run_until(Harness *h, uint64_t usec)
{
        while (h->phy->work_due_usec <= usec)
                harness_run(h);
}

void harness_idle(Harness *h, uint64_t delta_usec)
{
        uint64_t target = clock_now(&h->clock) + delta_usec;

        /* The gap must lie before the next run, or the event would not be "after run k". */
        assert_true(h->phy->work_due_usec == USEC_INFINITY || h->phy->work_due_usec > target);
        clock_virtual_advance_to(&h->clock, target);
}

static void print_trace(const char *title, const MdioAccess *a, size_t n_a,
                        const TraceStep *steps, size_t n_steps)
{
        size_t n = n_a > n_steps ? n_a : n_steps;

        /* "# " keeps the listing a TAP comment. */
        print_message("# %s\n#   %-28s %-28s\n", title, "expected", "actual");
        for (size_t i = 0; i < n; i++) {
                char e[32] = "", g[32] = "";
                bool same;

                if (i < n_steps)
                        snprintf(e, sizeof(e), "%s reg:0x%02x val:0x%04x%s",
                                 steps[i].op == MDIO_READ ? "read " : "write", steps[i].reg,
                                 steps[i].val, steps[i].err ? " err" : "");
                if (i < n_a)
                        snprintf(g, sizeof(g), "%s reg:0x%02x val:0x%04x%s",
                                 a[i].op == MDIO_READ ? "read " : "write", a[i].reg, a[i].val,
                                 a[i].err ? " err" : "");
                same = i < n_steps && i < n_a && streq(e, g);
                print_message("# %c %-28s %-28s\n", same ? ' ' : '!', e, g);
        }
}

void harness_expect_trace(Harness *h, const TraceStep *steps, size_t n, const char *cite)
{
        const MdioAccess *got = h->accesses + h->mark;
        size_t n_got = h->n_accesses - h->mark;
        bool ok = n_got == n;

        for (size_t i = 0; ok && i < n; i++)
                ok = got[i].addr == HARNESS_ADDR && got[i].op == steps[i].op &&
                     got[i].reg == steps[i].reg && got[i].val == steps[i].val &&
                     got[i].err == steps[i].err;
        if (!ok) {
                print_trace(cite, got, n_got, steps, n);
                fail_msg("MDIO trace differs from %s", cite);
        }
        h->mark = h->n_accesses;
}

void harness_skip_trace(Harness *h)
{
        h->mark = h->n_accesses;
}

size_t harness_pending_accesses(const Harness *h)
{
        return h->n_accesses - h->mark;
}

size_t harness_count_events(const Harness *h, HarnessEventKind kind)
{
        size_t n = 0;

        for (size_t i = h->events_mark; i < h->n_events; i++)
                if (h->events[i].kind == kind)
                        n++;
        return n;
}

bool harness_saw_state_change(const Harness *h, PhyState from, PhyState to)
{
        for (size_t i = h->events_mark; i < h->n_events; i++)
                if (h->events[i].kind == HARNESS_STATE && h->events[i].from == from &&
                    h->events[i].to == to)
                        return true;
        return false;
}

const HarnessEvent *harness_last_event(const Harness *h, HarnessEventKind kind)
{
        for (size_t i = h->n_events; i > h->events_mark; i--)
                if (h->events[i - 1].kind == kind)
                        return &h->events[i - 1];
        fail_msg("no event of kind %d", (int) kind);
        return NULL;
}

void harness_clear_events(Harness *h)
{
        h->events_mark = h->n_events;
}

void harness_assert_link(Harness *h, PhyState state, bool link, int speed, int duplex,
                         bool tx_pause, bool rx_pause)
{
        bool tx, rx;

        phy_get_pause(h->phy, &tx, &rx);
        if (h->phy->state != state || h->phy->link != link || h->phy->speed != speed ||
            h->phy->duplex != duplex || tx != tx_pause || rx != rx_pause)
                fail_msg("PHY is %s link=%d speed=%d duplex=%d tx=%d rx=%d; expected %s "
                         "link=%d speed=%d duplex=%d tx=%d rx=%d",
                         phy_state_to_string(h->phy->state), h->phy->link, h->phy->speed,
                         h->phy->duplex, tx, rx, phy_state_to_string(state), link, speed,
                         duplex, tx_pause, rx_pause);
}
