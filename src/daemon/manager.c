/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-id128.h>
#include <unistd.h>

#include "log.h"
#include "manager.h"
#include "phy-bus.h"
#include "phy-journal.h"
#include "phy-state-file.h"
#include "phy-worker.h"
#include "phy-workqueue.h"
#include "phyd/bus-util.h"

struct WorkerMessage {
        DaemonPhy *phy;
        PhySnapshot snapshot; /* when request is NULL */
        PhyRequest *request;  /* a finished request */
        WorkerMessage *next;
};


int manager_new(const ManagerOptions *options, Manager **ret_manager)
{
        _cleanup_(manager_freep) Manager *m = NULL;
        sd_id128_t id;
        int r;

        m = calloc(1, sizeof(*m));
        if (!m)
                return -ENOMEM;
        m->options = *options;
        m->mailbox_tail = &m->mailbox;
        m->mailbox_fd = -EBADF;
        m->next_index = 1;
        pthread_mutex_init(&m->mailbox_lock, NULL);

        /* A new id at every start lets clients tell a restart from a gap (LinkChanged
         * carries it). Under systemd, the unit's own invocation id. */
        r = sd_id128_get_invocation(&id);
        if (r < 0)
                r = sd_id128_randomize(&id);
        if (r < 0)
                return r;
        sd_id128_to_string(id, m->invocation_id);

        r = sd_event_default(&m->event);
        if (r < 0)
                return r;

        if (options->trace_path) {
                r = mdio_trace_file_open(options->trace_path, &m->trace_file);
                if (r < 0)
                        return log_error_errno(r, "Failed to open the MDIO trace file %s: %m",
                                               options->trace_path);
        }

        *ret_manager = TAKE_PTR(m);
        return 0;
}

static void manager_drain_mailbox(Manager *m);

Manager *manager_free(Manager *m)
{
        if (!m)
                return NULL;

        manager_unwatch_links(m);

        /* Workers first: they post into the mailbox and use the trace file. PHYs are left
         * as they are, and what the next phyd needs to take them over is saved (DESIGN
         * decision 8). */
        for (size_t i = 0; i < m->n_phys; i++) {
                phy_worker_stop(m->phys[i]);
                if (m->options.state_dir)
                        (void) phy_state_file_save(m->options.state_dir, m->phys[i]);
        }
        /* Every item is cancelled: the pool's threads are idle, joined here. */
        m->workqueue = phy_workqueue_free(m->workqueue);
        manager_drain_mailbox(m);
        for (size_t i = 0; i < m->n_phys; i++) {
                daemon_phy_bus_unregister(m->phys[i]);
                daemon_phy_free(m->phys[i]);
        }
        free(m->phys);

        bus_polkit_done(&m->polkit);
        sd_event_source_disable_unref(m->mailbox_source);
        sd_event_source_disable_unref(m->emit_source);
        if (m->mailbox_fd >= 0)
                close(m->mailbox_fd);
        sd_bus_flush_close_unref(m->bus);
        sd_event_unref(m->event);
        phyd_config_free(m->config);
        mdio_trace_file_close(m->trace_file);
        pthread_mutex_destroy(&m->mailbox_lock);
        free(m->options.sims);
        free(m);
        return NULL;
}

MdioTraceFile *manager_trace_file(Manager *m)
{
        return m->trace_file;
}

int manager_load_config(Manager *m)
{
        ConfigError err = {};
        PhydConfig *config = NULL;
        int r;

        r = phyd_config_load(m->options.config_dir, &config, &err);
        if (r < 0)
                return log_error_errno(r, "%s", config_error_message(&err));
        m->config = config;
        return 0;
}

int manager_add_phy(Manager *m, DaemonPhy *phy)
{
        DaemonPhy **a;

        a = realloc(m->phys, (m->n_phys + 1) * sizeof(*a));
        if (!a)
                return -ENOMEM;
        m->phys = a;
        m->phys[m->n_phys++] = phy;
        return 0;
}

/* Precedence: the PHY's .phy file, then --poll-interval, then phyd.conf. */
static uint64_t manager_poll_interval(Manager *m, const PhyConfig *c, PollMode *ret_mode)
{
        const DaemonConfig *d = &m->config->daemon;
        PollMode mode = d->poll_mode;
        uint64_t interval = d->poll_interval_usec;

        if (m->options.poll_interval_usec > 0) {
                interval = m->options.poll_interval_usec;
                /* Another interval than the kernel's is a deliberate divergence. */
                if (interval != PHY_STATE_TIME_USEC)
                        mode = POLL_MODE_FAST;
        }
        if (c && c->poll_mode_set)
                mode = c->poll_mode;
        if (c && c->poll_interval_set)
                interval = c->poll_interval_usec;
        *ret_mode = mode;
        return interval;
}

static int manager_new_sim_phy(Manager *m, PhyModelKind kind, MacProfileKind profile,
                               uint8_t address, const PhyConfig *c, DaemonPhy **ret_phy)
{
        _cleanup_(daemon_phy_freep) DaemonPhy *phy = NULL;
        int r;

        r = daemon_phy_new_sim(m, m->next_index, kind, profile, address, &phy);
        if (r < 0)
                return log_error_errno(r, "Failed to create a simulated %s PHY: %m",
                                       phy_model_kind_to_string(kind));
        phy->poll_interval_usec = manager_poll_interval(m, c, &phy->poll_mode);
        phy->initial_settings = phy_link_settings_from_config(c);
        if (m->options.state_dir) {
                r = phy_state_file_load(m->options.state_dir, phy, &phy->saved);
                if (r < 0)
                        log_phy_warning_errno(phy, r, "Failed to read the saved state: %m");
                phy->have_saved = r > 0;
        }
        if (c) {
                phy->config_file = strdup(c->filename);
                if (!phy->config_file)
                        return -ENOMEM;
        }

        r = manager_add_phy(m, phy);
        if (r < 0)
                return r;
        m->next_index++;
        if (ret_phy)
                *ret_phy = phy;
        TAKE_PTR(phy);
        return 0;
}

/* The MAC a sim model sits behind when nothing says otherwise (DESIGN decision 7). */
static MacProfileKind default_profile(PhyModelKind kind)
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

/* AX_EMBD_PHY_ADDR: where the AX88772's PHY sits; used for every sim PHY by default. */
#define SIM_DEFAULT_ADDRESS 0x10

static int manager_new_sim_phy_from_config(Manager *m, const PhyConfig *c, DaemonPhy **ret_phy)
{
        return manager_new_sim_phy(m, c->model,
                                   c->mac_profile_set ? c->mac_profile : default_profile(c->model),
                                   c->address_set ? (uint8_t) c->address : SIM_DEFAULT_ADDRESS, c,
                                   ret_phy);
}

int manager_add_phys(Manager *m)
{
        int r;

        for (size_t i = 0; i < m->options.n_sims; i++) {
                const SimSpec *s = &m->options.sims[i];

                r = manager_new_sim_phy(m, s->kind, s->profile, SIM_DEFAULT_ADDRESS, NULL, NULL);
                if (r < 0)
                        return r;
        }

        for (size_t i = 0; i < m->config->n_phys; i++) {
                const PhyConfig *c = &m->config->phys[i];

                if (c->backend != PHY_BACKEND_SIM)
                        continue;
                r = manager_new_sim_phy_from_config(m, c, NULL);
                if (r < 0)
                        return r;
        }
        return 0;
}

static void manager_update_status(Manager *m)
{
        size_t up = 0, first_runs = 0;

        for (size_t i = 0; i < m->n_phys; i++) {
                if (m->phys[i]->published.link)
                        up++;
                if (m->phys[i]->published.first_run_done)
                        first_runs++;
        }

        /* READY=1 once every PHY present at start has run once (issue: Type=notify). */
        if (!m->ready && first_runs == m->n_phys) {
                m->ready = true;
                (void) sd_notifyf(false, "READY=1\nSTATUS=%zu PHY%s, %zu up", m->n_phys,
                                  m->n_phys == 1 ? "" : "s", up);
                log_debug("Ready: every PHY has completed its first run");
                return;
        }
        (void) sd_notifyf(false, "STATUS=%zu PHY%s, %zu up", m->n_phys, m->n_phys == 1 ? "" : "s",
                          up);
}

static void manager_drain_mailbox(Manager *m)
{
        WorkerMessage *list;
        bool snapshots = false;

        pthread_mutex_lock(&m->mailbox_lock);
        list = m->mailbox;
        m->mailbox = NULL;
        m->mailbox_tail = &m->mailbox;
        pthread_mutex_unlock(&m->mailbox_lock);

        while (list) {
                WorkerMessage *msg = list;

                list = msg->next;
                if (msg->request)
                        phy_request_reply(msg->request);
                else {
                        daemon_phy_publish(msg->phy, &msg->snapshot);
                        snapshots = true;
                }
                free(msg);
        }
        if (snapshots)
                manager_update_status(m);
}

static int on_mailbox(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
        Manager *m = userdata;
        uint64_t n;

        (void) read(fd, &n, sizeof(n));
        manager_drain_mailbox(m);
        return 0;
}

static void manager_post(Manager *m, WorkerMessage *msg)
{
        uint64_t one = 1;

        pthread_mutex_lock(&m->mailbox_lock);
        *m->mailbox_tail = msg;
        m->mailbox_tail = &msg->next;
        pthread_mutex_unlock(&m->mailbox_lock);
        (void) write(m->mailbox_fd, &one, sizeof(one));
}

void manager_post_snapshot(Manager *m, DaemonPhy *phy, const PhySnapshot *snapshot)
{
        WorkerMessage *msg;

        msg = calloc(1, sizeof(*msg));
        if (!msg) {
                log_phy_error_errno(phy, ENOMEM, "Dropped a snapshot: %m");
                return;
        }
        msg->phy = phy;
        msg->snapshot = *snapshot;
        manager_post(m, msg);
}

void manager_post_request_done(Manager *m, PhyRequest *req)
{
        WorkerMessage *msg;

        msg = calloc(1, sizeof(*msg));
        if (!msg) {
                /* Without memory the caller gets no reply; it times out. */
                log_phy_error_errno(req->phy, ENOMEM, "Dropped a method reply: %m");
                phy_request_free(req);
                return;
        }
        msg->phy = req->phy;
        msg->request = req;
        manager_post(m, msg);
}

static int on_emit(sd_event_source *s, void *userdata)
{
        Manager *m = userdata;

        for (size_t i = 0; i < m->n_phys; i++)
                (void) daemon_phy_emit_properties_changed(m->phys[i]);
        return 0;
}

void manager_schedule_emit(Manager *m)
{
        if (m->emit_source)
                (void) sd_event_source_set_enabled(m->emit_source, SD_EVENT_ONESHOT);
}

DaemonPhy *manager_find_phy(Manager *m, const char *name)
{
        char *end;
        long ifindex;

        for (size_t i = 0; i < m->n_phys; i++) {
                DaemonPhy *phy = m->phys[i];

                if (streq(phy->name, name) || (phy->ifname[0] && streq(phy->ifname, name)) ||
                    streq(phy->path, name))
                        return phy;
        }

        errno = 0;
        ifindex = strtol(name, &end, 10);
        if (errno == 0 && *name && !*end && ifindex > 0)
                for (size_t i = 0; i < m->n_phys; i++)
                        if (m->phys[i]->ifindex == ifindex)
                                return m->phys[i];
        return NULL;
}

static int on_sigterm(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
        Manager *m = userdata;

        log_info("Received SIG%s, exiting; PHYs are left as they are.",
                 si->ssi_signo == SIGTERM ? "TERM" : "INT");
        (void) sd_notify(false, "STOPPING=1");
        return sd_event_exit(m->event, 0);
}

/* The bus went away (dbus-daemon restarted or died). phyd does not reconnect: its name, its
 * objects and every client's subscription went with the bus, and systemd's daemons restart
 * rather than rebuild that (Restart=on-failure in phyd.service). So: one line saying why,
 * and a failing exit status. sd-bus's own exit-on-disconnect would exit with status 0
 * without a word, which Restart=on-failure does not restart. */
static int on_bus_disconnected(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        Manager *m = userdata;

        log_error("Lost the connection to the bus; exiting with failure so that the service "
                  "manager restarts phyd. PHYs are left as they are.");
        (void) sd_notify(false, "STOPPING=1");
        return sd_event_exit(m->event, -ENOTCONN);
}

static int on_sighup(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
        _cleanup_free_ char *error = NULL;

        if (manager_reload(userdata, &error) < 0)
                log_error("Reload failed, keeping the old configuration: %s", error);
        return 0;
}

int manager_connect_bus(Manager *m)
{
        int r = -EINVAL;

        switch (m->options.bus_kind) {
        case BUS_SYSTEM:
                r = sd_bus_open_system_with_description(&m->bus, "phyd");
                break;
        case BUS_USER:
                r = sd_bus_open_user_with_description(&m->bus, "phyd");
                break;
        case BUS_ADDRESS:
                r = bus_open_address(m->options.bus_address, "phyd", &m->bus);
                break;
        }
        if (r < 0)
                return log_error_errno(r, "Failed to connect to the %s bus: %m",
                                       m->options.bus_kind == BUS_SYSTEM ? "system"
                                       : m->options.bus_kind == BUS_USER ? "user"
                                                                         : "given");

        /* Losing the bus ends the loop with a failure: systemd restarts us
         * (Restart=on-failure). */
        r = sd_bus_match_signal(m->bus, NULL, "org.freedesktop.DBus.Local",
                                "/org/freedesktop/DBus/Local", "org.freedesktop.DBus.Local",
                                "Disconnected", on_bus_disconnected, m);
        if (r < 0)
                return log_error_errno(r, "Failed to watch for the bus going away: %m");
        r = sd_bus_attach_event(m->bus, m->event, SD_EVENT_PRIORITY_NORMAL);
        if (r < 0)
                return r;

        r = manager_bus_register(m);
        if (r < 0)
                return r;
        for (size_t i = 0; i < m->n_phys; i++) {
                r = daemon_phy_bus_register(m->phys[i]);
                if (r < 0)
                        return r;
        }

        r = sd_bus_request_name(m->bus, m->options.bus_name, 0);
        if (r == -EEXIST)
                return log_error_errno(r, "Another phyd already owns %s on this bus.",
                                       m->options.bus_name);
        if (r < 0)
                return log_error_errno(r, "Failed to acquire the name %s: %m",
                                       m->options.bus_name);
        return 0;
}

int manager_start(Manager *m)
{
        int r;

        r = sd_event_add_signal(m->event, NULL, SIGTERM, on_sigterm, m);
        if (r < 0)
                return r;
        r = sd_event_add_signal(m->event, NULL, SIGINT, on_sigterm, m);
        if (r < 0)
                return r;
        r = sd_event_add_signal(m->event, NULL, SIGHUP, on_sighup, m);
        if (r < 0)
                return r;
        r = sd_event_set_watchdog(m->event, true);
        if (r < 0)
                return r;

        m->mailbox_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (m->mailbox_fd < 0)
                return -errno;
        r = sd_event_add_io(m->event, &m->mailbox_source, m->mailbox_fd, EPOLLIN, on_mailbox, m);
        if (r < 0)
                return r;
        r = sd_event_add_defer(m->event, &m->emit_source, on_emit, m);
        if (r < 0)
                return r;
        /* After the mailbox: every snapshot of this iteration is in one PropertiesChanged. */
        (void) sd_event_source_set_priority(m->emit_source, SD_EVENT_PRIORITY_IDLE);
        (void) sd_event_source_set_enabled(m->emit_source, SD_EVENT_OFF);

        for (size_t i = 0; i < m->n_phys; i++) {
                phy_journal_phy_added(m->phys[i]);
                r = phy_worker_start(m->phys[i]);
                if (r < 0)
                        return r;
        }

        /* Interfaces found from now on are added as they come; READY=1 does not wait for
         * them (an interface may never come). */
        r = manager_watch_links(m);
        if (r < 0)
                log_warning_errno(r, "Not watching network interfaces: %m");

        if (m->n_phys == 0) {
                m->ready = true;
                (void) sd_notify(false, "READY=1\nSTATUS=0 PHYs");
        }
        return 0;
}

/* A debugging switch for the watchdog's test: the event loop stops answering, as a daemon
 * stuck in a bug would. Never set in production. */
static int on_debug_hang(sd_event_source *s, uint64_t usec, void *userdata)
{
        log_warning("PHYD_DEBUG_HANG_AFTER_SEC: the event loop stops here, on purpose.");
        for (;;)
                pause();
        return 0;
}

int manager_run(Manager *m)
{
        const char *hang = getenv("PHYD_DEBUG_HANG_AFTER_SEC");
        uint64_t now;
        int r;

        if (hang) {
                r = sd_event_now(m->event, CLOCK_MONOTONIC, &now);
                if (r < 0)
                        return r;
                r = sd_event_add_time(m->event, NULL, CLOCK_MONOTONIC,
                                      now + (uint64_t) atoi(hang) * USEC_PER_SEC, USEC_PER_MSEC,
                                      on_debug_hang, m);
                if (r < 0)
                        return r;
        }
        return sd_event_loop(m->event);
}

/* Whether the PHY a .phy file describes stays the same PHY: a different model, MAC or
 * address is another PHY, created anew; anything else is applied to the running one. */
static bool same_sim_phy(const PhyConfig *a, const PhyConfig *b)
{
        return a->backend == b->backend && a->model == b->model &&
               a->mac_profile_set == b->mac_profile_set &&
               (!a->mac_profile_set || a->mac_profile == b->mac_profile) &&
               a->address_set == b->address_set && (!a->address_set || a->address == b->address);
}

static DaemonPhy *manager_phy_of_file(Manager *m, const char *filename)
{
        for (size_t i = 0; i < m->n_phys; i++)
                if (m->phys[i]->config_file && streq(m->phys[i]->config_file, filename))
                        return m->phys[i];
        return NULL;
}

void manager_remove_phy(Manager *m, DaemonPhy *phy)
{
        phy_worker_stop(phy);
        /* Replies and snapshots it posted refer to it: deliver them first. */
        manager_drain_mailbox(m);
        daemon_phy_bus_unregister(phy);
        for (size_t i = 0; i < m->n_phys; i++)
                if (m->phys[i] == phy) {
                        memmove(m->phys + i, m->phys + i + 1, (m->n_phys - i - 1) * sizeof(*m->phys));
                        m->n_phys--;
                        break;
                }
        phy_journal_phy_removed(phy);
        daemon_phy_free(phy);
}

/* The poll settings of c (with the [Daemon] defaults) always; its link settings only when
 * the PHY's file changed (reset_link), dropping runtime Configure() changes then and only
 * then. */
static int manager_apply_to_phy(Manager *m, DaemonPhy *phy, const PhyConfig *c, bool reset_link)
{
        PhyRequest *req;

        req = phy_request_new(phy, PHY_REQUEST_APPLY_SETTINGS, NULL);
        if (!req)
                return -ENOMEM;
        req->poll.poll_interval_usec = manager_poll_interval(m, c, &req->poll.poll_mode);
        req->poll.reset_link = reset_link;
        if (reset_link)
                req->settings = phy_link_settings_from_config(c);
        phy->poll_mode = req->poll.poll_mode;
        phy->poll_interval_usec = req->poll.poll_interval_usec;
        phy_worker_submit(phy, req);
        return 0;
}

int manager_reload(Manager *m, char **ret_error)
{
        _cleanup_(phyd_config_freep) PhydConfig *new = NULL;
        PhydConfig *old = m->config;
        unsigned added = 0, removed = 0, changed = 0;
        ConfigError err = {};
        int r;

        r = phyd_config_load(m->options.config_dir, &new, &err);
        if (r < 0) {
                if (ret_error)
                        *ret_error = strdup(config_error_message(&err));
                return r;
        }

        /* From here on nothing can fail for the configuration as a whole: a PHY that cannot
         * be created is logged and skipped, the rest is applied. */
        m->config = TAKE_PTR(new);

        for (size_t i = 0; i < old->n_phys; i++) {
                const PhyConfig *o = &old->phys[i];
                const PhyConfig *n = phyd_config_get_phy(m->config, o->filename);
                DaemonPhy *phy = manager_phy_of_file(m, o->filename);

                if (!phy)
                        continue;
                if (n && n->backend == PHY_BACKEND_SIM && same_sim_phy(o, n)) {
                        if (!phyd_config_phy_equal(o, n)) {
                                (void) manager_apply_to_phy(m, phy, n, true);
                                changed++;
                        }
                        continue;
                }
                manager_remove_phy(m, phy);
                removed++;
        }

        for (size_t i = 0; i < m->config->n_phys; i++) {
                const PhyConfig *n = &m->config->phys[i];
                DaemonPhy *phy = NULL;

                if (n->backend != PHY_BACKEND_SIM || manager_phy_of_file(m, n->filename))
                        continue;
                r = manager_new_sim_phy_from_config(m, n, &phy);
                if (r < 0)
                        continue;
                phy_journal_phy_added(phy);
                if (daemon_phy_bus_register(phy) < 0 || phy_worker_start(phy) < 0) {
                        manager_remove_phy(m, phy);
                        continue;
                }
                added++;
        }

        /* [Daemon] defaults reach the PHYs whose file does not override them. */
        if (!daemon_config_equal(&old->daemon, &m->config->daemon))
                for (size_t i = 0; i < m->n_phys; i++) {
                        DaemonPhy *phy = m->phys[i];
                        const PhyConfig *c = phy->config_file
                                ? phyd_config_get_phy(m->config, phy->config_file) : NULL;

                        (void) manager_apply_to_phy(m, phy, c, false);
                }

        phyd_config_free(old);
        log_info("Reloaded the configuration from %s: %u PHY%s added, %u removed, %u changed.",
                 m->options.config_dir, added, added == 1 ? "" : "s", removed, changed);
        return 0;
}
