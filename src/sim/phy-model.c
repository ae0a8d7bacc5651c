/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * A register-level model of one Clause 22 10/100 PHY (IEEE 802.3 clause 22.2.4), driven by a
 * Clock. Nothing runs on its own: every public call first brings the model up to the clock's
 * time, processing the due events (reset completing, autonegotiation completing, a forced
 * link coming up) in time order, each at its own timestamp, and only then acts. So a test on
 * virtual time sees exactly what the daemon sees on real time.
 *
 * The behaviour follows the phylib/Asix spec (§2.10, §5, §7 "Quirks a register-level simulator
 * should reproduce") and the recorded AX88772A kernel trace. Every value that no kernel source
 * or standard gives is marked "Model assumption".
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mii.h>

#include "phyd/macro.h"
#include "phyd/phy-model.h"

/* Not in the uapi <linux/mii.h>: the Clause 22 registers for indirect MMD access. */
#define PHY_MODEL_MII_MMD_CTRL 0x0d
#define PHY_MODEL_MII_MMD_DATA 0x0e
#define PHY_MODEL_REG_MAX      31

/* The BMCR bits the model stores. RESET and ANRESTART are self-clearing and computed on read;
 * SPEED1000, CTST and the reserved bits read 0 on a 10/100 PHY (model assumption: writes to
 * them are dropped, as a PHY without those functions would). */
#define PHY_MODEL_BMCR_STORED \
        (BMCR_LOOPBACK | BMCR_SPEED100 | BMCR_ANENABLE | BMCR_PDOWN | BMCR_ISOLATE | BMCR_FULLDPLX)

/* What PHYSID1/2 answer under PHY_MODEL_FAULT_ID_CHANGED: an ID none of the Asix drivers claims
 * (model assumption: another vendor's part swapped in). */
#define PHY_MODEL_CHANGED_ID 0x001cc916u

/* Room for coexisting faults; more than any test or Simulator1 user has needed to combine. */
#define PHY_MODEL_FAULTS_MAX 8

typedef enum LinkMode {
        LINK_MODE_OFF,    /* in reset or powered down: no link, nothing scheduled */
        LINK_MODE_ANEG,   /* ANENABLE: negotiating (event_at = completion) or negotiated */
        LINK_MODE_FORCED, /* ANENABLE clear: event_at = forced link-up */
} LinkMode;

typedef struct FaultSlot {
        PhyModelFault fault; /* PHY_MODEL_FAULT_NONE marks a free slot */
        int reg;             /* < 0: every register */
        bool forever;
        unsigned remaining;
} FaultSlot;

struct PhyModel {
        PhyModelParams params;
        Clock *clock;
        uint64_t now; /* the time the model has been brought up to */

        uint16_t bmcr; /* PHY_MODEL_BMCR_STORED bits only */
        uint16_t advertise;
        uint16_t mmd_ctrl;

        /* Bit 15 of the last BMCR value written; on an edge-only PHY a reset needs this to
         * be 0 before a write sets it. */
        bool reset_latch;
        bool reset_active;
        bool reset_stuck;
        uint64_t reset_done_at;

        bool anrestart_active;
        uint64_t anrestart_done_at;

        LinkMode mode;
        uint64_t event_at; /* the mode's next event, USEC_INFINITY if none */
        bool link;
        bool link_latched_low; /* the link was down at some time since the last BMSR read */
        bool aneg_complete;

        uint16_t lpa;  /* the word received by the last completed aneg, LPACK included */
        bool lpa_held; /* lpa holds a received word since power-up or the last reset */

        bool partner;
        uint16_t partner_abilities;

        bool quirks[_PHY_MODEL_QUIRK_MAX];
        FaultSlot faults[PHY_MODEL_FAULTS_MAX];
};

static const char *const phy_model_kind_table[_PHY_MODEL_KIND_MAX] = {
        [PHY_MODEL_AX88796B] = "ax88796b",
        [PHY_MODEL_AX88772A] = "ax88772a",
        [PHY_MODEL_AX88772C] = "ax88772c",
        [PHY_MODEL_GENERIC] = "generic",
};

DEFINE_STRING_TABLE_LOOKUP(phy_model_kind, PhyModelKind);

static const char *const phy_model_quirk_table[_PHY_MODEL_QUIRK_MAX] = {
        [PHY_MODEL_QUIRK_LPA_ZERO] = "lpa-zero",
        [PHY_MODEL_QUIRK_STALE_LPA] = "stale-lpa",
};

DEFINE_STRING_TABLE_LOOKUP(phy_model_quirk, PhyModelQuirk);

static const char *const phy_model_fault_table[_PHY_MODEL_FAULT_MAX] = {
        [PHY_MODEL_FAULT_NONE] = "none",
        [PHY_MODEL_FAULT_READ_ERROR] = "read-error",
        [PHY_MODEL_FAULT_WRITE_ERROR] = "write-error",
        [PHY_MODEL_FAULT_RESET_STUCK] = "reset-stuck",
        [PHY_MODEL_FAULT_ABSENT] = "absent",
        [PHY_MODEL_FAULT_DEVICE_GONE] = "device-gone",
        [PHY_MODEL_FAULT_ID_CHANGED] = "id-changed",
        [PHY_MODEL_FAULT_GARBAGE] = "garbage",
};

DEFINE_STRING_TABLE_LOOKUP(phy_model_fault, PhyModelFault);

void phy_model_default_params(PhyModelKind kind, PhyModelParams *ret_params)
{
        PhyModelParams p = {
                /* Model assumption: BMCR 0x3100 (aneg on, 100 Mb/s, full duplex) after
                 * power-up and reset; no kernel source gives it (spec §7.1), the recorded
                 * AX88772A trace was made with it. */
                .bmcr_default = BMCR_ANENABLE | BMCR_SPEED100 | BMCR_FULLDPLX,
                /* 0x7809: 100F, 100H, 10F, 10H, aneg capable, extended registers; the value
                 * the AX88772A reads in the kernel trace, assumed for the others. */
                .bmsr_abilities = BMSR_100FULL | BMSR_100HALF | BMSR_10FULL | BMSR_10HALF |
                                  BMSR_ANEGCAPABLE | BMSR_ERCAP,
                /* Model assumption: 0x01e1, all 10/100 modes and no pause (spec §7.5: the
                 * v5.19 fix exists because the reset default lacks the pause bits). */
                .advertise_default = ADVERTISE_ALL | ADVERTISE_CSMA,
                /* Model assumption: 3 ms, well inside the kernel's 600 ms reset poll. */
                .reset_usec = 3 * USEC_PER_MSEC,
                /* Model assumption: 0, ANRESTART reads cleared on the next access, as in the
                 * recorded trace (spec §3.5 "the cleared case"). */
                .anrestart_usec = 0,
                /* Model assumption: 1.2 s from plug/reset/restart/power-up to aneg complete,
                 * inside the 1-3 s a real 10/100 PHY takes. */
                .aneg_usec = 1200 * USEC_PER_MSEC,
                /* Model assumption: 100 ms from aneg off (with a partner) to link up. */
                .forced_link_usec = 100 * USEC_PER_MSEC,
                /* Model assumption: every modelled PHY honours PDOWN (spec §7.6 for the
                 * 772A/C; the 796B driver never sets it, so the choice is invisible there). */
                .honours_pdown = true,
        };

        switch (kind) {
        case PHY_MODEL_AX88796B:
                p.phy_id = 0x003b1841;
                /* Spec §1/§7.1: the X-Surf 100's PHY resets only on a written 0->1 edge. */
                p.reset_on_edge_only = true;
                /* Model assumption: the AX88796B comes out of power-up with BMCR.15 reading
                 * 1 and no reset running, which is why asix_soft_reset writes BMCR = 0
                 * first: a plain read-modify-write sets a bit that already reads 1, gives
                 * no edge, and the kernel's 600 ms reset poll times out. */
                p.reset_pending_at_power_up = true;
                break;
        case PHY_MODEL_AX88772A:
                p.phy_id = 0x003b1861;
                /* Model assumption: the embedded 772A/C PHYs share the 796B's edge rule; the
                 * driver's asix_soft_reset makes the edge for all three. */
                p.reset_on_edge_only = true;
                break;
        case PHY_MODEL_AX88772C:
                p.phy_id = 0x003b1881;
                p.reset_on_edge_only = true;
                break;
        case PHY_MODEL_GENERIC:
        case _PHY_MODEL_KIND_MAX:
        case _PHY_MODEL_KIND_INVALID:
                /* Model assumption: the generic PHY carries the ID of the Intel 82555, a
                 * 10/100 PHY outside the Asix OUI that no phylib driver claims, so it binds
                 * the generic driver. It resets on any write of BMCR.15 (IEEE 802.3
                 * 22.2.4.1.1). A kind outside the enum gets these generic defaults. */
                p.phy_id = 0x02a80150;
                p.reset_on_edge_only = false;
                break;
        }

        *ret_params = p;
}

static bool fault_matches(const FaultSlot *slot, PhyModelFault fault, int reg)
{
        if (slot->fault != fault)
                return false;
        return slot->reg < 0 || reg < 0 || slot->reg == reg;
}

/* Fires the first fault of this kind that matches reg (reg < 0: any) and uses up one of its
 * accesses. Returns whether one fired. */
static bool fault_fire(PhyModel *m, PhyModelFault fault, int reg)
{
        for (size_t i = 0; i < ELEMENTSOF(m->faults); i++) {
                FaultSlot *slot = &m->faults[i];

                if (!fault_matches(slot, fault, reg))
                        continue;
                if (!slot->forever && --slot->remaining == 0)
                        *slot = (FaultSlot) { .fault = PHY_MODEL_FAULT_NONE };
                return true;
        }
        return false;
}

static void link_set(PhyModel *m, bool up)
{
        if (!up)
                m->link_latched_low = true;
        m->link = up;
}

static void link_drop(PhyModel *m)
{
        link_set(m, false);
        m->aneg_complete = false;
}

/* The best mode both sides advertise, as the BMCR speed/duplex bits, or -ENOENT if there is
 * none (IEEE 802.3 Annex 28B.3 priority, 10/100 only). */
static int aneg_resolve(uint16_t advertise, uint16_t partner, uint16_t *ret_bmcr_bits)
{
        static const struct {
                uint16_t advertise;
                uint16_t bmcr;
        } priority[] = {
                { ADVERTISE_100FULL, BMCR_SPEED100 | BMCR_FULLDPLX },
                { ADVERTISE_100HALF, BMCR_SPEED100 },
                { ADVERTISE_10FULL, BMCR_FULLDPLX },
                { ADVERTISE_10HALF, 0 },
        };
        uint16_t common = advertise & partner & ADVERTISE_ALL;

        for (size_t i = 0; i < ELEMENTSOF(priority); i++)
                if (common & priority[i].advertise) {
                        *ret_bmcr_bits = priority[i].bmcr;
                        return 0;
                }
        return -ENOENT;
}

static void aneg_start(PhyModel *m, uint64_t t)
{
        link_drop(m);
        m->mode = LINK_MODE_ANEG;
        /* Without a partner the PHY keeps listening; plugging one restarts from then. */
        m->event_at = m->partner ? t + m->params.aneg_usec : USEC_INFINITY;
}

static void forced_start(PhyModel *m, uint64_t t)
{
        link_drop(m);
        m->mode = LINK_MODE_FORCED;
        /* Model assumption: a forced PHY links with any partner after forced_link_usec, at
         * whatever BMCR says (a real partner would parallel-detect the speed). */
        m->event_at = m->partner ? t + m->params.forced_link_usec : USEC_INFINITY;
}

static void link_off(PhyModel *m)
{
        link_drop(m);
        m->mode = LINK_MODE_OFF;
        m->event_at = USEC_INFINITY;
}

static bool powered_down(const PhyModel *m)
{
        return m->params.honours_pdown && (m->bmcr & BMCR_PDOWN);
}

/* Starts the link the way BMCR now asks for, as after power-up: aneg or forced, unless the
 * PHY is in reset or powered down. */
static void link_bring_up(PhyModel *m, uint64_t t)
{
        if (m->reset_active || powered_down(m))
                link_off(m);
        else if (m->bmcr & BMCR_ANENABLE)
                aneg_start(m, t);
        else
                forced_start(m, t);
}

/* The state of power-up and of a completed reset, which restores every register's default
 * (spec §7.1) and forgets the stale LPA (spec §7.4). */
static void registers_reset(PhyModel *m)
{
        m->bmcr = m->params.bmcr_default & PHY_MODEL_BMCR_STORED;
        m->advertise = m->params.advertise_default;
        m->mmd_ctrl = 0;
        m->reset_latch = false;
        m->anrestart_active = false;
        m->lpa = 0;
        m->lpa_held = false;
}

static void reset_start(PhyModel *m, uint64_t t)
{
        m->reset_active = true;
        /* A reset-stuck fault counts resets: each reset started while it is armed hangs. */
        m->reset_stuck = fault_fire(m, PHY_MODEL_FAULT_RESET_STUCK, -1);
        m->reset_done_at = m->reset_stuck ? USEC_INFINITY : t + m->params.reset_usec;
        m->anrestart_active = false;
        link_off(m);
}

static void reset_complete(PhyModel *m, uint64_t t)
{
        m->reset_active = false;
        m->reset_stuck = false;
        m->reset_done_at = USEC_INFINITY;
        registers_reset(m);
        link_bring_up(m, t);
}

static void aneg_complete(PhyModel *m)
{
        uint16_t bits;

        m->event_at = USEC_INFINITY;

        /* Model assumption: with no mode in common aneg never completes and the link stays
         * down until aneg is restarted (a replug, ANRESTART, a reset). */
        if (aneg_resolve(m->advertise, m->partner_abilities, &bits) < 0)
                return;

        /* BMCR's speed and duplex follow the resolved mode: the 772A's LPA = 0 workaround
         * reads them from BMCR (spec §1, §7.3; the trace header says the same). */
        m->bmcr = (m->bmcr & ~(BMCR_SPEED100 | BMCR_FULLDPLX)) | bits;

        /* The stale-LPA quirk keeps the first word received since the last reset. */
        if (!(m->quirks[PHY_MODEL_QUIRK_STALE_LPA] && m->lpa_held))
                m->lpa = m->partner_abilities | LPA_LPACK;
        m->lpa_held = true;

        m->aneg_complete = true;
        link_set(m, true);
}

static void mode_event(PhyModel *m)
{
        switch (m->mode) {
        case LINK_MODE_ANEG:
                aneg_complete(m);
                break;
        case LINK_MODE_FORCED:
                m->event_at = USEC_INFINITY;
                link_set(m, true);
                break;
        case LINK_MODE_OFF:
                m->event_at = USEC_INFINITY;
                break;
        }
}

/* Brings the model up to the clock's time, each due event at its own timestamp, so an event
 * that schedules another (a reset completing starts aneg) sees the right start time. */
static void model_advance(PhyModel *m)
{
        uint64_t now = clock_now(m->clock);

        if (now < m->now)
                now = m->now;

        for (;;) {
                uint64_t reset_at = m->reset_active ? m->reset_done_at : USEC_INFINITY;
                uint64_t t = reset_at < m->event_at ? reset_at : m->event_at;

                if (t > now)
                        break;

                m->now = t;
                if (reset_at <= m->event_at)
                        reset_complete(m, t);
                else
                        mode_event(m);
        }

        if (m->anrestart_active && m->anrestart_done_at <= now)
                m->anrestart_active = false;

        m->now = now;
}

int phy_model_new(const PhyModelParams *params, Clock *clock, PhyModel **ret_model)
{
        PhyModel *m;

        if (!params || !clock || !ret_model)
                return -EINVAL;

        m = calloc(1, sizeof(*m));
        if (!m)
                return -ENOMEM;

        m->params = *params;
        m->clock = clock;
        m->now = clock_now(clock);
        m->reset_done_at = USEC_INFINITY;
        m->event_at = USEC_INFINITY;
        m->link_latched_low = true;

        registers_reset(m);
        m->reset_latch = params->reset_pending_at_power_up;
        link_bring_up(m, m->now);

        *ret_model = m;
        return 0;
}

PhyModel *phy_model_free(PhyModel *model)
{
        free(model);
        return NULL;
}

static uint16_t bmcr_read(const PhyModel *m)
{
        uint16_t v = m->bmcr;

        /* On an edge-only PHY a written RESET that started nothing stays pending and reads
         * back as 1 (spec §7.1); a reset in progress reads 1 on any PHY. */
        if (m->reset_active || (m->params.reset_on_edge_only && m->reset_latch))
                v |= BMCR_RESET;
        if (m->anrestart_active)
                v |= BMCR_ANRESTART;
        return v;
}

/* Spec §2.2 step 3: some PHYs report the link a moment before the negotiation completes. */
static bool link_leads_aneg(const PhyModel *m)
{
        return m->mode == LINK_MODE_ANEG && !m->link && m->params.link_lead_usec > 0 &&
                m->event_at != USEC_INFINITY && m->now + m->params.link_lead_usec >= m->event_at;
}

static uint16_t bmsr_read(PhyModel *m)
{
        uint16_t v = m->params.bmsr_abilities;
        bool link = m->link || link_leads_aneg(m);

        if ((m->bmcr & BMCR_ANENABLE) && m->aneg_complete)
                v |= BMSR_ANEGCOMPLETE;

        /* IEEE 802.3 22.2.4.2.13: LSTATUS latches low until read, then follows the link. */
        if (link && !m->link_latched_low)
                v |= BMSR_LSTATUS;
        m->link_latched_low = !link;

        return v;
}

static uint16_t lpa_read(const PhyModel *m)
{
        if ((m->bmcr & BMCR_ANENABLE) && m->aneg_complete) {
                if (m->quirks[PHY_MODEL_QUIRK_LPA_ZERO] && m->link)
                        return 0;
                return m->lpa;
        }
        if (m->quirks[PHY_MODEL_QUIRK_STALE_LPA] && m->lpa_held)
                return m->lpa;
        return 0;
}

static uint16_t register_read(PhyModel *m, uint16_t reg)
{
        switch (reg) {
        case MII_BMCR:
                return bmcr_read(m);
        case MII_BMSR:
                return bmsr_read(m);
        case MII_PHYSID1:
                return (uint16_t) (m->params.phy_id >> 16);
        case MII_PHYSID2:
                return (uint16_t) (m->params.phy_id & 0xffff);
        case MII_ADVERTISE:
                return m->advertise;
        case MII_LPA:
                return lpa_read(m);
        case MII_EXPANSION:
                return m->aneg_complete ? EXPANSION_NWAY : 0;
        case PHY_MODEL_MII_MMD_CTRL:
                return m->mmd_ctrl;
        case PHY_MODEL_MII_MMD_DATA:
                /* Every MMD register reads 0, so phylib finds no EEE and leaves MMD 7 alone
                 * (spec §2.10, §7.6). */
                return 0;
        default:
                /* Model assumption: registers 7-12 and 15-31 read 0. */
                return 0;
        }
}

static void bmcr_write(PhyModel *m, uint16_t val)
{
        uint16_t old_bmcr = m->bmcr;
        uint16_t new_bmcr = val & PHY_MODEL_BMCR_STORED;
        bool reset_bit = val & BMCR_RESET;
        bool start_reset;

        start_reset = m->params.reset_on_edge_only ? reset_bit && !m->reset_latch : reset_bit;
        m->reset_latch = reset_bit;
        m->bmcr = new_bmcr;

        if (start_reset) {
                /* The other bits are stored and then lost to the defaults when the reset
                 * completes. */
                reset_start(m, m->now);
                return;
        }

        /* Model assumption: during a reset, writes only change the stored bits (a new edge above
         * restarts the reset); the completing reset overwrites them. */
        if (m->reset_active)
                return;

        if (m->params.honours_pdown && (new_bmcr & BMCR_PDOWN)) {
                if (!(old_bmcr & BMCR_PDOWN))
                        link_off(m);
                return;
        }
        if (m->params.honours_pdown && (old_bmcr & BMCR_PDOWN)) {
                /* Leaving power-down starts over as at power-up. */
                link_bring_up(m, m->now);
                return;
        }

        if (new_bmcr & BMCR_ANENABLE) {
                /* IEEE 802.3 22.2.4.1.7: ANRESTART restarts aneg; it has no effect with
                 * ANENABLE clear. Turning ANENABLE on starts aneg as well. */
                if ((val & BMCR_ANRESTART) || !(old_bmcr & BMCR_ANENABLE) ||
                    m->mode != LINK_MODE_ANEG) {
                        aneg_start(m, m->now);
                        if (val & BMCR_ANRESTART) {
                                m->anrestart_active = m->params.anrestart_usec > 0;
                                m->anrestart_done_at = m->now + m->params.anrestart_usec;
                        }
                }
                return;
        }

        /* Model assumption: in forced mode a change of speed or duplex drops the link and
         * brings it up again at the new setting. */
        if ((old_bmcr & BMCR_ANENABLE) || m->mode != LINK_MODE_FORCED ||
            ((old_bmcr ^ new_bmcr) & (BMCR_SPEED100 | BMCR_FULLDPLX)))
                forced_start(m, m->now);
}

static void register_write(PhyModel *m, uint16_t reg, uint16_t val)
{
        switch (reg) {
        case MII_BMCR:
                bmcr_write(m, val);
                break;
        case MII_ADVERTISE:
                /* Model assumption: ADVERTISE is writable as a whole; a new value takes
                 * effect at the next negotiation, which the writer restarts. */
                m->advertise = val;
                break;
        case PHY_MODEL_MII_MMD_CTRL:
                m->mmd_ctrl = val;
                break;
        default:
                /* BMSR, the IDs, LPA and EXPANSION are read-only; MMD_DATA writes reach no
                 * MMD register (spec §2.10); registers 7-12 and 15-31 ignore writes (model
                 * assumption). */
                break;
        }
}

/* The PHY-wide faults that answer an access before the registers do: -ENODEV, or 1 if the
 * PHY does not answer (absent), else 0. */
static int fault_access(PhyModel *m)
{
        if (fault_fire(m, PHY_MODEL_FAULT_DEVICE_GONE, -1))
                return -ENODEV;
        if (fault_fire(m, PHY_MODEL_FAULT_ABSENT, -1))
                return 1;
        return 0;
}

int phy_model_read(PhyModel *model, uint16_t reg)
{
        int r;

        if (!model)
                return -EINVAL;
        if (reg > PHY_MODEL_REG_MAX)
                return -EINVAL;

        model_advance(model);

        /* A failed or unanswered read never reaches the register, so it consumes no latch. */
        r = fault_access(model);
        if (r < 0)
                return r;
        if (r > 0)
                return 0xffff; /* the bus pull-up */
        if (fault_fire(model, PHY_MODEL_FAULT_READ_ERROR, reg))
                return -EIO;
        if ((reg == MII_PHYSID1 || reg == MII_PHYSID2) &&
            fault_fire(model, PHY_MODEL_FAULT_ID_CHANGED, -1))
                return reg == MII_PHYSID1 ? (PHY_MODEL_CHANGED_ID >> 16)
                                          : (PHY_MODEL_CHANGED_ID & 0xffff);

        r = register_read(model, reg);
        /* Garbage is the true word with every bit flipped (model behaviour): as wrong as a
         * word can be, yet deterministic, so a test can say what the state machine makes of
         * it. The read still happened, so it consumed the latches a true read would have. */
        if (fault_fire(model, PHY_MODEL_FAULT_GARBAGE, reg))
                return (uint16_t) ~r;
        return r;
}

int phy_model_write(PhyModel *model, uint16_t reg, uint16_t val)
{
        int r;

        if (!model)
                return -EINVAL;
        if (reg > PHY_MODEL_REG_MAX)
                return -EINVAL;

        model_advance(model);

        r = fault_access(model);
        if (r < 0)
                return r;
        if (r > 0)
                return 0; /* nobody there: the write is lost, as on a real bus */
        if (fault_fire(model, PHY_MODEL_FAULT_WRITE_ERROR, reg))
                return -EIO;

        register_write(model, reg, val);
        return 0;
}

/* A plug or unplug restarts whatever the PHY is doing, from now. */
static void link_restart(PhyModel *m)
{
        switch (m->mode) {
        case LINK_MODE_ANEG:
                aneg_start(m, m->now);
                break;
        case LINK_MODE_FORCED:
                forced_start(m, m->now);
                break;
        case LINK_MODE_OFF:
                link_off(m);
                break;
        }
}

void phy_model_plug(PhyModel *model, uint16_t abilities)
{
        if (!model)
                return;

        model_advance(model);
        model->partner = true;
        model->partner_abilities = abilities;
        link_restart(model);
}

void phy_model_unplug(PhyModel *model)
{
        if (!model)
                return;

        model_advance(model);
        model->partner = false;
        link_restart(model);
}

bool phy_model_partner_present(const PhyModel *model)
{
        return model && model->partner;
}

uint16_t phy_model_partner_abilities(const PhyModel *model)
{
        return model && model->partner ? model->partner_abilities : 0;
}

uint64_t phy_model_get_aneg_usec(const PhyModel *model)
{
        return model ? model->params.aneg_usec : 0;
}

void phy_model_set_aneg_usec(PhyModel *model, uint64_t usec)
{
        if (!model)
                return;

        /* A negotiation already running keeps its old end; the next one uses the new time. */
        model_advance(model);
        model->params.aneg_usec = usec;
}

void phy_model_set_link_lead_usec(PhyModel *model, uint64_t usec)
{
        if (!model)
                return;

        model_advance(model);
        model->params.link_lead_usec = usec;
}

void phy_model_set_anrestart_usec(PhyModel *model, uint64_t usec)
{
        if (!model)
                return;

        /* A restart already held keeps its old end; the next ANRESTART write uses the new time. */
        model_advance(model);
        model->params.anrestart_usec = usec;
}

int phy_model_set_quirk(PhyModel *model, PhyModelQuirk quirk, bool on)
{
        if (!model)
                return -EINVAL;
        if (quirk < 0 || quirk >= _PHY_MODEL_QUIRK_MAX)
                return -EINVAL;

        /* Any kind may carry either quirk, so the generic driver path can be tested against
         * them too; the AX88772A is the PHY known to show them (spec §7.3, §7.4). */
        model_advance(model);
        model->quirks[quirk] = on;
        return 0;
}

bool phy_model_get_quirk(const PhyModel *model, PhyModelQuirk quirk)
{
        if (!model || quirk < 0 || quirk >= _PHY_MODEL_QUIRK_MAX)
                return false;
        return model->quirks[quirk];
}

int phy_model_inject_fault(PhyModel *model, PhyModelFault fault, int reg, unsigned count)
{
        FaultSlot *free_slot = NULL;

        if (!model)
                return -EINVAL;
        if (reg > PHY_MODEL_REG_MAX)
                return -EINVAL;
        if (fault < 0 || fault >= _PHY_MODEL_FAULT_MAX)
                return -EINVAL;

        switch (fault) {
        case PHY_MODEL_FAULT_READ_ERROR:
        case PHY_MODEL_FAULT_WRITE_ERROR:
        case PHY_MODEL_FAULT_GARBAGE:
                if (reg < 0)
                        reg = -1;
                break;
        case PHY_MODEL_FAULT_RESET_STUCK:
        case PHY_MODEL_FAULT_ABSENT:
        case PHY_MODEL_FAULT_DEVICE_GONE:
        case PHY_MODEL_FAULT_ID_CHANGED:
                /* These concern the whole PHY; a register number means nothing to them. */
                reg = -1;
                break;
        case PHY_MODEL_FAULT_NONE:
                /* "No fault" is what is left after phy_model_clear_faults(), not a fault. */
        case _PHY_MODEL_FAULT_MAX:
        case _PHY_MODEL_FAULT_INVALID:
                return -EINVAL;
        }

        model_advance(model);

        /* Injecting the same fault for the same register again replaces its count. */
        for (size_t i = 0; i < ELEMENTSOF(model->faults); i++) {
                FaultSlot *slot = &model->faults[i];

                if (slot->fault == fault && slot->reg == reg) {
                        free_slot = slot;
                        break;
                }
                if (slot->fault == PHY_MODEL_FAULT_NONE && !free_slot)
                        free_slot = slot;
        }
        if (!free_slot)
                return -ENOSPC;

        *free_slot = (FaultSlot) {
                .fault = fault,
                .reg = reg,
                .forever = count == 0,
                .remaining = count,
        };
        return 0;
}

void phy_model_clear_faults(PhyModel *model)
{
        if (!model)
                return;

        model_advance(model);

        for (size_t i = 0; i < ELEMENTSOF(model->faults); i++)
                model->faults[i] = (FaultSlot) { .fault = PHY_MODEL_FAULT_NONE };

        /* Model assumption: a reset hung by the fault finishes once the fault is gone, as
         * if it had just started, so a generic PHY (whose read-modify-write of a RESET bit
         * that reads 1 writes nothing) can recover too. */
        if (model->reset_active && model->reset_stuck) {
                model->reset_stuck = false;
                model->reset_done_at = model->now + model->params.reset_usec;
        }
}

bool phy_model_link_is_up(PhyModel *model)
{
        if (!model)
                return false;

        model_advance(model);
        return model->link;
}

const PhyModelParams *phy_model_params(const PhyModel *model)
{
        return model ? &model->params : NULL;
}

size_t phy_model_state_size(void)
{
        return sizeof(PhyModel);
}

void phy_model_save_state(PhyModel *model, void *ret_blob)
{
        model_advance(model);
        memcpy(ret_blob, model, sizeof(*model));
}

int phy_model_restore_state(PhyModel *model, const void *blob, size_t size)
{
        PhyModel saved;

        if (size != sizeof(saved))
                return -EINVAL;
        memcpy(&saved, blob, sizeof(saved));
        if (saved.params.phy_id != model->params.phy_id)
                return -EINVAL;

        /* Everything but the clock, which belongs to this process. */
        saved.clock = model->clock;
        *model = saved;
        model_advance(model);
        return 0;
}
