/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A register-accurate model of one Clause 22 PHY: the AX88796B, AX88772A, AX88772C, or a
 * generic 10/100 PHY, with a link partner that can be plugged and unplugged, timed
 * self-clearing bits, autonegotiation, the AX88772A quirks and fault injection.
 *
 * The model is evaluated lazily: every access first brings it up to the clock's current
 * time (a reset completing, autonegotiation finishing), then acts. It owns no thread and no
 * timer, so the same code runs on virtual time in the unit tier, on real time in the
 * daemon's sim backend, and behind the USB device emulator of the fidelity tier.
 *
 * Not thread-safe: the caller serialises (the sim backend holds the MDIO bus lock).
 *
 * Every default and timing that no kernel source gives is a model assumption and is
 * marked so where it is defined (phy-model.c).
 */

#include <stdbool.h>
#include <stdint.h>

#include "phyd/clock.h"
#include "phyd/string-table.h"

typedef enum PhyModelKind {
        PHY_MODEL_AX88796B,
        PHY_MODEL_AX88772A,
        PHY_MODEL_AX88772C,
        PHY_MODEL_GENERIC,
        _PHY_MODEL_KIND_MAX,
        _PHY_MODEL_KIND_INVALID = -22,
} PhyModelKind;

typedef enum PhyModelQuirk {
        PHY_MODEL_QUIRK_LPA_ZERO,  /* AX88772A: LPA reads 0 once aneg completed with link */
        PHY_MODEL_QUIRK_STALE_LPA, /* AX88772A: LPA keeps the old partner's word until reset */
        _PHY_MODEL_QUIRK_MAX,
        _PHY_MODEL_QUIRK_INVALID = -22,
} PhyModelQuirk;

typedef enum PhyModelFault {
        PHY_MODEL_FAULT_NONE,
        PHY_MODEL_FAULT_READ_ERROR,   /* reads fail with -EIO */
        PHY_MODEL_FAULT_WRITE_ERROR,  /* writes fail with -EIO */
        PHY_MODEL_FAULT_RESET_STUCK,  /* BMCR.RESET never clears itself */
        PHY_MODEL_FAULT_ABSENT,       /* every read answers 0xffff, writes are lost */
        PHY_MODEL_FAULT_DEVICE_GONE,  /* every access fails with -ENODEV */
        PHY_MODEL_FAULT_ID_CHANGED,   /* PHYSID1/2 answer another chip's ID (0x001cc916) */
        PHY_MODEL_FAULT_GARBAGE,      /* reads answer the register's word with every bit flipped */
        _PHY_MODEL_FAULT_MAX,
        _PHY_MODEL_FAULT_INVALID = -22,
} PhyModelFault;

typedef struct PhyModelParams {
        uint32_t phy_id;             /* PHYSID1 << 16 | PHYSID2 */
        uint16_t bmcr_default;       /* after power-up and reset */
        uint16_t bmsr_abilities;     /* the read-only ability bits of BMSR */
        uint16_t advertise_default;  /* after power-up and reset */
        uint64_t reset_usec;         /* BMCR.RESET clears itself this long after the edge */
        uint64_t anrestart_usec;     /* BMCR.ANRESTART clears itself this long after set */
        uint64_t link_lead_usec;     /* BMSR.LSTATUS rises this long before ANEGCOMPLETE */
        uint64_t aneg_usec;          /* plug/reset/restart/power-up -> aneg complete */
        uint64_t forced_link_usec;   /* partner present, aneg off -> link up */
        bool reset_on_edge_only;     /* only a written 0->1 edge of BMCR.15 resets */
        bool reset_pending_at_power_up; /* BMCR.15 reads 1 until the first edge */
        bool honours_pdown;          /* BMCR.PDOWN drops the link */
} PhyModelParams;

typedef struct PhyModel PhyModel;

/* The defaults of a model kind (a model assumption where no kernel source gives them). */
void phy_model_default_params(PhyModelKind kind, PhyModelParams *ret_params);

/* Power-up state at the clock's current time, no partner, no quirk, no fault. */
int phy_model_new(const PhyModelParams *params, Clock *clock, PhyModel **ret_model);
PhyModel *phy_model_free(PhyModel *model);

/* Register access, as the MDIO bus sees it: a value or a negative errno. Registers above 31
 * are refused with -EINVAL. */
int phy_model_read(PhyModel *model, uint16_t reg);
int phy_model_write(PhyModel *model, uint16_t reg, uint16_t val);

/* The link partner. abilities is an ADVERTISE-format word (selector, 10/100 bits, pause);
 * plugging starts autonegotiation (or forced link-up) from now. */
void phy_model_plug(PhyModel *model, uint16_t abilities);
void phy_model_unplug(PhyModel *model);
bool phy_model_partner_present(const PhyModel *model);
/* The partner's ADVERTISE-format word, 0 without a partner. */
uint16_t phy_model_partner_abilities(const PhyModel *model);

/* Change timings at run time (the Simulator1 interface). */
void phy_model_set_aneg_usec(PhyModel *model, uint64_t usec);
uint64_t phy_model_get_aneg_usec(const PhyModel *model);
/* How long a written ANRESTART reads back set (0: it clears at once). */
void phy_model_set_anrestart_usec(PhyModel *model, uint64_t usec);
/* How long before the end of a negotiation the link already reads up (0: together). */
void phy_model_set_link_lead_usec(PhyModel *model, uint64_t usec);

int phy_model_set_quirk(PhyModel *model, PhyModelQuirk quirk, bool on);
bool phy_model_get_quirk(const PhyModel *model, PhyModelQuirk quirk);

/* Injects a fault. reg < 0 applies a read/write error to every register, otherwise to that
 * one register only; count 0 keeps the fault until phy_model_clear_faults(), otherwise it
 * fires for that many accesses. */
int phy_model_inject_fault(PhyModel *model, PhyModelFault fault, int reg, unsigned count);
void phy_model_clear_faults(PhyModel *model);

/* The model's whole state, so that a simulated PHY outlives the process that simulates it
 * (a daemon restart must find the "hardware" as it left it, DESIGN decision 8). The blob is
 * only meaningful to the same build, on the same clock (CLOCK_MONOTONIC: the same boot).
 * phy_model_state_size() bytes; restore refuses a blob of another size or PHY ID. */
size_t phy_model_state_size(void);
void phy_model_save_state(PhyModel *model, void *ret_blob);
int phy_model_restore_state(PhyModel *model, const void *blob, size_t size);

/* What the wire is doing now, without touching any latch (for tests and the demo). */
bool phy_model_link_is_up(PhyModel *model);
const PhyModelParams *phy_model_params(const PhyModel *model);

DECLARE_STRING_TABLE_LOOKUP(phy_model_kind, PhyModelKind);
DECLARE_STRING_TABLE_LOOKUP(phy_model_quirk, PhyModelQuirk);
DECLARE_STRING_TABLE_LOOKUP(phy_model_fault, PhyModelFault);
