/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <stdio.h>
#include <time.h>

#include "log.h"
#include "phy-journal.h"

static uint64_t now_usec(void)
{
        struct timespec ts;

        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * USEC_PER_SEC + (uint64_t) ts.tv_nsec / 1000;
}

/* Whether one more event of this PHY may go to the journal now; after drops, the count is
 * reported first. */
static bool phy_journal_allow(DaemonPhy *phy)
{
        unsigned suppressed;
        char count[32];
        char *fields[] = { count, NULL };

        if (!phy_journal_limit_allow(&phy->journal_limit, now_usec(), PHY_JOURNAL_INTERVAL_USEC,
                                     PHY_JOURNAL_BURST, &suppressed))
                return false;

        if (suppressed > 0) {
                snprintf(count, sizeof(count), "PHYD_SUPPRESSED=%u", suppressed);
                log_phy_event(phy, LOG_WARNING, PHYD_MESSAGE_SUPPRESSED, fields,
                              "%u link event%s not logged: the link is flapping", suppressed,
                              suppressed == 1 ? " was" : "s were");
        }
        return true;
}

static const char *flow_control(const PhySnapshot *s)
{
        return s->rx_pause && s->tx_pause ? "rx/tx" : s->rx_pause ? "rx" : s->tx_pause ? "tx"
                                                                                       : "off";
}

void phy_journal_link_changed(DaemonPhy *phy, const PhySnapshot *old, const PhySnapshot *new)
{
        char link[32], speed[32], duplex[32], state[48], old_state[48], pause[32];
        char *fields[] = { link, speed, duplex, state, pause, old_state, NULL };
        bool link_changed = !old || old->link != new->link;
        bool state_changed = !old || old->state != new->state;

        if (!link_changed && !state_changed)
                return;
        if (!phy_journal_allow(phy))
                return;

        snprintf(link, sizeof(link), "PHYD_LINK=%s", new->link ? "up" : "down");
        snprintf(speed, sizeof(speed), "PHYD_SPEED=%u", phy_snapshot_speed(new));
        snprintf(duplex, sizeof(duplex), "PHYD_DUPLEX=%s", phy_snapshot_duplex_string(new));
        snprintf(state, sizeof(state), "PHYD_STATE=%s", phy_state_to_string(new->state));
        snprintf(pause, sizeof(pause), "PHYD_FLOW_CONTROL=%s", flow_control(new));
        snprintf(old_state, sizeof(old_state), "PHYD_OLD_STATE=%s",
                 old ? phy_state_to_string(old->state) : "down");

        if (link_changed && new->link)
                /* The kernel's phy_print_status() wording. */
                log_phy_event(phy, LOG_INFO, PHYD_MESSAGE_LINK_UP, fields,
                              "Link is Up - %uMbps/%s - flow control %s", phy_snapshot_speed(new),
                              new->duplex == DUPLEX_FULL ? "Full" : new->duplex == DUPLEX_HALF
                                                                          ? "Half"
                                                                          : "Unknown",
                              flow_control(new));
        else if (link_changed && old)
                log_phy_event(phy, LOG_INFO, PHYD_MESSAGE_LINK_DOWN, fields, "Link is Down");
        else
                log_phy_event(phy, new->state == PHY_ERROR ? LOG_WARNING : LOG_INFO,
                              PHYD_MESSAGE_STATE_CHANGED, fields, "PHY state %s -> %s",
                              old ? phy_state_to_string(old->state) : "down",
                              phy_state_to_string(new->state));
}

void phy_journal_phy_added(DaemonPhy *phy)
{
        char backend[48];
        char *fields[] = { backend, NULL };

        snprintf(backend, sizeof(backend), "PHYD_BACKEND=%s", phy_backend_to_string(phy->backend));
        log_phy_event(phy, LOG_INFO, PHYD_MESSAGE_PHY_ADDED, fields, "PHY added (%s, %s)",
                      phy_backend_to_string(phy->backend), phy->path);
}

void phy_journal_phy_removed(DaemonPhy *phy)
{
        log_phy_event(phy, LOG_INFO, PHYD_MESSAGE_PHY_REMOVED, NULL, "PHY removed");
}
