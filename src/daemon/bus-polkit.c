/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bus-polkit.h"
#include "log.h"
#include "phyd/macro.h"

struct BusPolkitQuery {
        BusPolkit *registry;
        sd_bus_message *request; /* the method call to run again */
        sd_bus_slot *slot;       /* the CheckAuthorization call, while it runs */
        char *action;
        int result;              /* 1 allowed, -EACCES refused, 0 still asking */
        BusPolkitQuery *next;
};

static void query_free(BusPolkitQuery *q)
{
        sd_bus_slot_unref(q->slot);
        sd_bus_message_unref(q->request);
        free(q->action);
        free(q);
}

static void query_unlink(BusPolkitQuery *q)
{
        for (BusPolkitQuery **p = &q->registry->queries; *p; p = &(*p)->next)
                if (*p == q) {
                        *p = q->next;
                        return;
                }
}

static int access_denied(sd_bus_error *error, const char *action)
{
        return sd_bus_error_setf(error, SD_BUS_ERROR_ACCESS_DENIED,
                                 "Permission denied: this needs root or the polkit action %s",
                                 action);
}

static int on_check_authorization(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
        BusPolkitQuery *q = userdata;
        int authorized = 0, challenge = 0, r;

        q->slot = sd_bus_slot_unref(q->slot);

        if (sd_bus_message_is_method_error(reply, NULL)) {
                /* No polkit on this bus (or it failed): only root, who never gets here. */
                log_debug("polkit could not be asked about %s: %s", q->action,
                          sd_bus_message_get_error(reply)->message);
                q->result = -EACCES;
        } else {
                r = sd_bus_message_enter_container(reply, 'r', "bba{ss}");
                if (r >= 0)
                        r = sd_bus_message_read(reply, "bb", &authorized, &challenge);
                q->result = r >= 0 && authorized ? 1 : -EACCES;
        }

        /* Dispatch the original call once more; its handler now finds the answer. */
        r = sd_bus_enqueue_for_read(sd_bus_message_get_bus(q->request), q->request);
        if (r < 0) {
                log_error_errno(r, "Failed to re-dispatch a call after polkit answered: %m");
                (void) sd_bus_reply_method_errorf(q->request, SD_BUS_ERROR_FAILED,
                                                  "Authorization could not be completed");
                query_unlink(q);
                query_free(q);
        }
        return 1;
}

int bus_verify_privileged(sd_bus_message *message, const char *action, BusPolkit *registry,
                          sd_bus_error *error)
{
        _cleanup_(sd_bus_creds_unrefp) sd_bus_creds *creds = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *call = NULL;
        BusPolkitQuery *q;
        const char *sender;
        uid_t euid;
        int r;

        /* The answer to an earlier question about this very call. */
        for (q = registry->queries; q; q = q->next)
                if (q->request == message && streq(q->action, action)) {
                        if (q->result == 0)
                                return 0;
                        r = q->result;
                        query_unlink(q);
                        query_free(q);
                        return r > 0 ? 1 : access_denied(error, action);
                }

        r = sd_bus_query_sender_creds(message, SD_BUS_CREDS_EUID | SD_BUS_CREDS_AUGMENT, &creds);
        if (r < 0)
                return r;
        r = sd_bus_creds_get_euid(creds, &euid);
        if (r < 0)
                return r;
        if (euid == 0)
                return 1;

        sender = sd_bus_message_get_sender(message);
        if (!sender)
                return access_denied(error, action);

        r = sd_bus_message_new_method_call(sd_bus_message_get_bus(message), &call,
                                           "org.freedesktop.PolicyKit1",
                                           "/org/freedesktop/PolicyKit1/Authority",
                                           "org.freedesktop.PolicyKit1.Authority",
                                           "CheckAuthorization");
        if (r < 0)
                return r;
        /* subject (sa{sv}), action_id s, details a{ss}, flags u, cancellation_id s. Flag 1
         * lets polkit ask the user, when the caller allows interaction. */
        r = sd_bus_message_append(call, "(sa{sv})sa{ss}us", "system-bus-name", 1, "name", "s",
                                  sender, action, 0,
                                  (uint32_t) sd_bus_message_get_allow_interactive_authorization(message),
                                  "");
        if (r < 0)
                return r;

        q = calloc(1, sizeof(*q));
        if (!q)
                return -ENOMEM;
        q->registry = registry;
        q->request = sd_bus_message_ref(message);
        q->action = strdup(action);
        if (!q->action) {
                query_free(q);
                return -ENOMEM;
        }

        r = sd_bus_call_async(sd_bus_message_get_bus(message), &q->slot, call,
                              on_check_authorization, q, 0);
        if (r < 0) {
                query_free(q);
                return r;
        }

        q->next = registry->queries;
        registry->queries = q;
        return 0;
}

void bus_polkit_done(BusPolkit *registry)
{
        while (registry->queries) {
                BusPolkitQuery *q = registry->queries;

                registry->queries = q->next;
                query_free(q);
        }
}
