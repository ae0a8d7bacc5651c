/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dispatcher-log.h"
#include "dispatcher-phy.h"
#include "phyd/strv.h"

static DispatchPhy *dispatch_phy_find(Dispatcher *d, const char *id)
{
        for (DispatchPhy *p = d->phys; p; p = p->next)
                if (streq(p->id, id))
                        return p;
        return NULL;
}

static int dispatch_phy_new(Dispatcher *d, const char *id, DispatchPhy **ret)
{
        DispatchPhy *p;

        p = calloc(1, sizeof(*p));
        if (!p)
                return -ENOMEM;
        p->id = strdup(id);
        if (!p->id) {
                free(p);
                return -ENOMEM;
        }
        p->dispatcher = d;
        p->next = d->phys;
        if (d->phys)
                d->phys->prev = p;
        d->phys = p;

        *ret = p;
        return 0;
}

DispatchPhy *dispatch_phy_free(DispatchPhy *p)
{
        if (!p)
                return NULL;
        if (p->prev)
                p->prev->next = p->next;
        else
                p->dispatcher->phys = p->next;
        if (p->next)
                p->next->prev = p->prev;

        script_free(p->running);
        strv_free(p->scripts);
        strv_free(p->env);
        dispatch_event_free(p->current);
        dispatch_event_free(p->pending);
        free(p->id);
        free(p);
        return NULL;
}

static void dispatch_phy_end_current(DispatchPhy *p)
{
        p->current = dispatch_event_free(p->current);
        p->scripts = strv_free(p->scripts);
        p->env = strv_free(p->env);
        p->next_script = 0;
}

/* Makes e current and lists the scripts to run for it; on failure e is dropped, logged. */
static void dispatch_phy_begin(DispatchPhy *p, DispatchEvent *e)
{
        Dispatcher *d = p->dispatcher;
        int r;

        p->current = e;
        r = dispatch_event_environment(e, &p->env);
        if (r < 0) {
                log_phy_warning_errno(p->id, r, "%s: Failed to prepare the environment for "
                                      "sequence %" PRIu64 ", skipping it: %m", p->id,
                                      e->sequence);
                dispatch_phy_end_current(p);
                return;
        }
        /* Read for every event: scripts added or removed take effect at the next one. */
        r = script_list(d->scripts_dir, &p->scripts);
        if (r < 0) {
                log_phy_warning_errno(p->id, r, "%s: Failed to read %s, skipping sequence "
                                      "%" PRIu64 ": %m", p->id, d->scripts_dir, e->sequence);
                dispatch_phy_end_current(p);
                return;
        }
        log_phy_debug(p->id, "%s: Running %zu script%s for sequence %" PRIu64 ".", p->id,
                      strv_length(p->scripts), strv_length(p->scripts) == 1 ? "" : "s",
                      e->sequence);
}

static void on_script_done(Script *s, void *userdata);

/* Starts the next script of the current event; when there is none left, the pending event
 * becomes current; when there is none either, the PHY is done and freed. */
static void dispatch_phy_advance(DispatchPhy *p)
{
        Dispatcher *d = p->dispatcher;
        int r;

        for (;;) {
                while (p->current && p->scripts && p->scripts[p->next_script]) {
                        const char *path = p->scripts[p->next_script++];

                        r = script_spawn(d->event, path, p->id, p->env, d->timeout_usec,
                                         on_script_done, p, &p->running);
                        if (r >= 0)
                                return;
                        log_phy_warning_errno(p->id, r, "%s: Failed to run %s: %m", p->id,
                                              path);
                }
                dispatch_phy_end_current(p);

                if (!p->pending) {
                        dispatch_phy_free(p);
                        return;
                }
                if (p->n_pending > 1)
                        log_phy_info(p->id, "%s: %u link events coalesced into the latest "
                                     "(sequence %" PRIu64 ").", p->id, p->n_pending,
                                     p->pending->sequence);
                p->n_pending = 0;
                dispatch_phy_begin(p, TAKE_PTR(p->pending));
        }
}

static void on_script_done(Script *s, void *userdata)
{
        DispatchPhy *p = userdata;

        p->running = script_free(s);
        dispatch_phy_advance(p);
}

int dispatch_phy_enqueue(Dispatcher *d, DispatchEvent *e)
{
        DispatchPhy *p;
        int r;

        p = dispatch_phy_find(d, e->id);
        if (p) {
                /* Busy: e waits, in place of whatever waited. */
                dispatch_event_free(p->pending);
                p->pending = e;
                p->n_pending++;
                return 0;
        }

        r = dispatch_phy_new(d, e->id, &p);
        if (r < 0) {
                log_phy_warning_errno(e->id, r, "%s: Failed to queue sequence %" PRIu64 ": %m",
                                      e->id, e->sequence);
                dispatch_event_free(e);
                return r;
        }
        dispatch_phy_begin(p, e);
        dispatch_phy_advance(p);
        return 0;
}
