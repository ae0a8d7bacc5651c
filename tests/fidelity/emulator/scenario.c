/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mii.h>

#include "phyd/macro.h"
#include "scenario.h"

static void fclosep(FILE **f)
{
        if (*f)
                fclose(*f);
}

static int parse_uint(const char *s, unsigned long max, unsigned long *ret)
{
        char *end;
        unsigned long v;

        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno != 0 || end == s || *end != '\0' || v > max || s[0] == '-')
                return -EINVAL;
        *ret = v;
        return 0;
}

static bool is_hex_word(const char *s)
{
        size_t n = strlen(s);

        return n > 0 && n <= 4 && strspn(s, "0123456789abcdefABCDEF") == n;
}

static int parse_event(char **w, unsigned n, ScenarioEvent *ev)
{
        static const struct { const char *name; unsigned n_args; } actions[] = {
                { "up", 0 }, { "down", 0 }, { "plug", 1 }, { "unplug", 0 }, { "pause", 2 },
                { "anrestart", 1 }, { "link-lead", 1 }, { "fault", 1 }, { "settings", 0 },
        };
        unsigned long v;
        unsigned i = 1, k;

        *ev = (ScenarioEvent) { .delay_usec = EVENT_DEFAULT_DELAY_USEC };
        if (i >= n || parse_uint(w[i++], 1000, &v) < 0)
                return -EINVAL;
        ev->after_run = (unsigned) v;
        if (i < n && w[i][0] == '+') {
                if (parse_uint(w[i++] + 1, 60000, &v) < 0)
                        return -EINVAL;
                ev->delay_usec = v * 1000;
        }
        if (i >= n)
                return -EINVAL;
        for (k = 0; k < ELEMENTSOF(actions); k++)
                if (strcmp(w[i], actions[k].name) == 0)
                        break;
        if (k == ELEMENTSOF(actions) || n - i - 1 != actions[k].n_args)
                return -EINVAL;
        /* plug's abilities: an ADVERTISE-format word in hex (e.g. 05e1). */
        if (strcmp(actions[k].name, "plug") == 0 && !is_hex_word(w[i + 1]))
                return -EINVAL;
        /* anrestart's hold time in ms (spec §2.2 step 1). */
        if ((strcmp(actions[k].name, "anrestart") == 0 ||
             strcmp(actions[k].name, "link-lead") == 0) && parse_uint(w[i + 1], 60000, &v) < 0)
                return -EINVAL;
        /* fault's kind: one of the model's faults, or none (clears them). */
        if (strcmp(actions[k].name, "fault") == 0 && phy_model_fault_from_string(w[i + 1]) < 0)
                return -EINVAL;
        strcpy(ev->action, actions[k].name);
        for (ev->n_args = 0, i++; i < n; i++, ev->n_args++) {
                if (strlen(w[i]) >= sizeof(ev->args[0]))
                        return -EINVAL;
                strcpy(ev->args[ev->n_args], w[i]);
        }
        return 0;
}

static int parse_line(char *line, Scenario *sc)
{
        char *w[8], *save = NULL, *t;
        unsigned n = 0;
        unsigned long v;

        line[strcspn(line, "#\n")] = '\0';
        for (t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
                if (n == ELEMENTSOF(w))
                        return -EINVAL;
                w[n++] = t;
        }
        if (n == 0)
                return 0;
        if (strcmp(w[0], "model") == 0 && n == 2) {
                sc->model = phy_model_kind_from_string(w[1]);
                return sc->model == PHY_MODEL_AX88772A || sc->model == PHY_MODEL_AX88772C
                        ? 0 : -EINVAL;
        }
        if (strcmp(w[0], "quirk") == 0 && n == 2) {
                PhyModelQuirk q = phy_model_quirk_from_string(w[1]);
                if (q < 0)
                        return -EINVAL;
                sc->quirks[q] = true;
                return 0;
        }
        if (strcmp(w[0], "aneg-ms") == 0 && n == 2) {
                if (parse_uint(w[1], 60000, &v) < 0)
                        return -EINVAL;
                sc->aneg_usec = v * 1000;
                return 0;
        }
        if (strcmp(w[0], "runs") == 0 && n == 2) {
                if (parse_uint(w[1], 1000, &v) < 0 || v == 0)
                        return -EINVAL;
                sc->runs = (unsigned) v;
                return 0;
        }
        if (strcmp(w[0], "after") == 0) {
                if (sc->n_events == SCENARIO_EVENTS_MAX)
                        return -E2BIG;
                return parse_event(w, n, &sc->events[sc->n_events++]);
        }
        return -EINVAL;
}

int scenario_load(const char *path, Scenario *ret_scenario)
{
        _cleanup_(fclosep) FILE *f = NULL;
        Scenario sc = { .model = _PHY_MODEL_KIND_INVALID };
        char line[256];
        unsigned n = 0;

        f = fopen(path, "re");
        if (!f) {
                fprintf(stderr, "%s: %m\n", path);
                return -errno;
        }
        while (fgets(line, sizeof(line), f)) {
                n++;
                if (parse_line(line, &sc) < 0) {
                        fprintf(stderr, "%s:%u: cannot read this line\n", path, n);
                        return -EINVAL;
                }
        }
        if (sc.model < 0 || sc.runs == 0) {
                fprintf(stderr, "%s: needs a 'model' and a 'runs' line\n", path);
                return -EINVAL;
        }
        *ret_scenario = sc;
        return 0;
}

static void end_run(RunTracker *t)
{
        t->in_run = false;
        t->n_ended++;
}

bool run_tracker_access(RunTracker *t, uint8_t phy_addr, const MdioAccess *a)
{
        if (a->addr != phy_addr || a->err < 0)
                return false;
        t->in_run = true;
        t->last_usec = a->usec;
        /* A suspend ends whatever phylib was doing (phyd starts the PHY right after attach,
         * without the kernel's idle gap between bind and ip link set up). */
        if (a->op == MDIO_WRITE && a->reg == MII_BMCR && (a->val & BMCR_PDOWN)) {
                end_run(t);
                return true;
        }
        return false;
}

bool run_tracker_idle(RunTracker *t, uint64_t now)
{
        if (!t->in_run || now < t->last_usec + RUN_IDLE_USEC)
                return false;
        end_run(t);
        return true;
}
