/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "dispatcher-event.h"
#include "phyd/strv.h"

/* systemd's default PATH for services, so that a script behaves the same whoever started the
 * dispatcher. */
#define SCRIPT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

DispatchEvent *dispatch_event_free(DispatchEvent *e)
{
        if (!e)
                return NULL;
        free(e->id);
        free(e->interface);
        free(e->state);
        free(e->duplex);
        free(e);
        return NULL;
}

static const char *yes_no(bool b)
{
        return b ? "yes" : "no";
}

static int env_add(char ***env, const char *format, ...) _printf_(2, 3);
static int env_add(char ***env, const char *format, ...)
{
        _cleanup_free_ char *s = NULL;
        va_list ap;
        int r;

        va_start(ap, format);
        r = vasprintf(&s, format, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return strv_extend(env, s);
}

int dispatch_event_environment(const DispatchEvent *e, char ***ret_env)
{
        _cleanup_(strv_freep) char **env = NULL;
        int r;

        r = env_add(&env, "PHYD_PHY=%s", e->id);
        if (r >= 0)
                r = env_add(&env, "INTERFACE=%s", e->interface ?: "");
        if (r >= 0)
                r = env_add(&env, "PHYD_LINK=%s", e->link ? "up" : "down");
        if (r >= 0)
                r = env_add(&env, "PHYD_SPEED=%" PRIu32, e->speed);
        if (r >= 0)
                r = env_add(&env, "PHYD_DUPLEX=%s", e->duplex ?: "unknown");
        if (r >= 0)
                r = env_add(&env, "PHYD_TX_PAUSE=%s", yes_no(e->tx_pause));
        if (r >= 0)
                r = env_add(&env, "PHYD_RX_PAUSE=%s", yes_no(e->rx_pause));
        if (r >= 0)
                r = env_add(&env, "PHYD_STATE=%s", e->state ?: "");
        if (r >= 0)
                r = env_add(&env, "PHYD_SEQUENCE=%" PRIu64, e->sequence);
        if (r >= 0)
                r = env_add(&env, "PATH=%s", SCRIPT_PATH);
        if (r < 0)
                return r;

        *ret_env = TAKE_PTR(env);
        return 0;
}
