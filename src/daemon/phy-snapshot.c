/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <string.h>

#include "phy-snapshot.h"

void phy_snapshot_capture(PhySnapshot *s, PhyDevice *phy, PhyModel *model)
{
        *s = (PhySnapshot) {
                .present = phy != NULL,
                .state = PHY_DOWN,
                .speed = SPEED_UNKNOWN,
                .duplex = DUPLEX_UNKNOWN,
        };

        if (phy) {
                s->state = phy->state;
                s->link = phy->link;
                s->speed = phy->speed;
                s->duplex = phy->duplex;
                s->autoneg = phy->autoneg;
                s->autoneg_complete = phy->autoneg_complete;
                s->supported = phy->supported;
                s->advertising = phy->advertising;
                s->lp_advertising = phy->lp_advertising;
                /* What the MAC would be told at link up (phy_get_pause()); no link, no flow
                 * control. */
                if (phy->link)
                        phy_get_pause(phy, &s->tx_pause, &s->rx_pause);
                s->link_down_events = phy->link_down_events;
                s->phy_id = phy->phy_id;
                s->driver = phy->drv ? phy->drv->name : NULL;
                memcpy(s->regs, phy->regs, sizeof(s->regs));
                s->poll_interval_usec = phy->poll_interval_usec;
        }

        if (model) {
                s->partner_present = phy_model_partner_present(model);
                s->partner_abilities = phy_model_partner_abilities(model);
                s->aneg_usec = phy_model_get_aneg_usec(model);
                for (unsigned q = 0; q < _PHY_MODEL_QUIRK_MAX; q++)
                        s->quirks[q] = phy_model_get_quirk(model, (PhyModelQuirk) q);
        }
}

uint32_t phy_snapshot_diff(const PhySnapshot *a, const PhySnapshot *b)
{
        uint32_t d = 0;

#define DIFF(field, bit)                         \
        do {                                     \
                if (a->field != b->field)        \
                        d |= 1U << (bit);        \
        } while (0)

        DIFF(state, PHY_FIELD_STATE);
        DIFF(link, PHY_FIELD_LINK);
        DIFF(speed, PHY_FIELD_SPEED);
        DIFF(duplex, PHY_FIELD_DUPLEX);
        DIFF(autoneg, PHY_FIELD_AUTONEG);
        DIFF(autoneg_complete, PHY_FIELD_AUTONEG_COMPLETE);
        DIFF(advertising, PHY_FIELD_ADVERTISING);
        DIFF(lp_advertising, PHY_FIELD_LP_ADVERTISING);
        DIFF(tx_pause, PHY_FIELD_TX_PAUSE);
        DIFF(rx_pause, PHY_FIELD_RX_PAUSE);
        DIFF(link_down_events, PHY_FIELD_LINK_DOWN_EVENTS);
        DIFF(supported, PHY_FIELD_SUPPORTED);
        DIFF(phy_id, PHY_FIELD_PHY_ID);
        DIFF(driver, PHY_FIELD_DRIVER);
        DIFF(errors, PHY_FIELD_ERRORS);
        DIFF(poll_interval_usec, PHY_FIELD_POLL_INTERVAL);
        DIFF(status_text, PHY_FIELD_STATUS_TEXT);
        DIFF(partner_present, PHY_FIELD_SIM);
        DIFF(partner_abilities, PHY_FIELD_SIM);
        DIFF(aneg_usec, PHY_FIELD_SIM);
#undef DIFF
        if (memcmp(a->regs, b->regs, sizeof(a->regs)) != 0)
                d |= 1U << PHY_FIELD_REGISTERS;
        if (memcmp(a->quirks, b->quirks, sizeof(a->quirks)) != 0)
                d |= 1U << PHY_FIELD_SIM;
        /* The first run completing is worth a snapshot of its own (READY=1). */
        if (a->first_run_done != b->first_run_done || a->present != b->present)
                d |= 1U << PHY_FIELD_LIFECYCLE;
        return d;
}

const char *phy_snapshot_duplex_string(const PhySnapshot *s)
{
        switch (s->duplex) {
        case DUPLEX_FULL:
                return "full";
        case DUPLEX_HALF:
                return "half";
        default:
                return "unknown";
        }
}

uint32_t phy_snapshot_speed(const PhySnapshot *s)
{
        return s->speed > 0 ? (uint32_t) s->speed : 0;
}
