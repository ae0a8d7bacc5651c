/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Delayed work items on a small pool of threads, as the kernel's workqueue runs each PHY's
 * phy_state_machine work (DESIGN decision 2, as changed in docs/design-deviations.md).
 *
 * Every item has its own due time. One timer thread sleeps until the earliest due time of
 * all items (a binary heap), rounded up to the wake grid, and hands every item due by then
 * to the pool: one wake-up per tick, not one per item. An item is never run by two threads
 * at once: queued again while it runs, it runs once more after, on whichever thread is free.
 *
 * The pool starts with max(4, CPUs) threads, of which as many as there are CPUs are awake
 * for items at once: the others sleep on an idle list, so a tick's items wake at most that
 * many threads. Items are plain blocking code: phylib's reset poll sleeps up to 600 ms, the
 * sim's access delay sleeps on every access. As the kernel's workqueue wakes or adds a worker
 * when a running one sleeps, the pool does when a run sleeps through phy_workqueue_clock()
 * while items wait; and, for blocking the clock does not see (a slow ioctl, a netlink round
 * trip), when items have waited PHY_WORKQUEUE_STALL_USEC while no awake thread started a
 * run. Threads stay once made (an idle one costs a sleeping thread), up to
 * PHY_WORKQUEUE_MAX_THREADS. Past that limit, when every thread is blocked, a ready item
 * waits for the first one to come free: a bounded delay we accept, since it takes that many
 * PHYs blocked at once.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phyd/clock.h"

typedef struct PhyWorkqueue PhyWorkqueue;
typedef struct PhyWork PhyWork;

typedef void (*PhyWorkFunc)(PhyWork *work);

struct PhyWork {
        PhyWorkFunc func; /* runs on a pool thread, never on two at once */
        void *userdata;

        /* The workqueue's, under its lock. */
        uint64_t due_usec;     /* CLOCK_MONOTONIC; USEC_INFINITY: no timer */
        size_t heap_index;     /* SIZE_MAX: not in the heap */
        uint64_t ready_usec;   /* when it was put on the ready list */
        bool ready;            /* on the ready list */
        bool running;
        bool rerun;            /* queued again while running */
        bool cancelled;        /* phy_work_cancel_sync() was called: never runs again */
        PhyWork *ready_next;
};

/* The wake grid: items due within the same millisecond run on one wake-up, as the kernel's
 * delayed work fires on a jiffy tick. A run starts at most 1 ms late, well inside the polled
 * path's target of one interval + 2 ms. */
#define PHY_WORKQUEUE_GRID_USEC ((uint64_t) 1000)
/* How long a ready item may wait for a thread before the pool grows. Longer than a normal
 * tick's worth of runs (1024 PHYs at ~50 ns each), far shorter than a reset poll. */
#define PHY_WORKQUEUE_STALL_USEC ((uint64_t) 5000)
/* Enough for bring-up: 1024 PHYs, each sleeping about 14 ms in its probe's reset poll, are
 * up in about 110 ms on 128 threads. */
#define PHY_WORKQUEUE_MAX_THREADS 128u

/* A pool of n_threads to start with (0: the number of CPUs, at least 4). */
int phy_workqueue_new(unsigned n_threads, PhyWorkqueue **ret_wq);
/* Waits for the running items and joins every thread; items still queued do not run. */
PhyWorkqueue *phy_workqueue_free(PhyWorkqueue *wq);

unsigned phy_workqueue_n_threads(PhyWorkqueue *wq);

/* CLOCK_MONOTONIC, whose sleep tells the pool that the calling pool thread blocks: the Clock
 * of everything that runs on the pool. */
Clock *phy_workqueue_clock(void);

void phy_work_init(PhyWork *work, PhyWorkFunc func, void *userdata);
/* Runs the item as soon as a thread is free (queue_work()). */
void phy_work_queue(PhyWorkqueue *wq, PhyWork *work);
/* Runs the item once due_usec is reached, on the wake grid; USEC_INFINITY cancels the
 * timer. Replaces the previous due time (mod_delayed_work()). */
void phy_work_schedule(PhyWorkqueue *wq, PhyWork *work, uint64_t due_usec);
/* The item never runs again: removed from the timer and the ready list, and if it runs
 * right now, waited for (cancel_delayed_work_sync()). Not from the item itself. */
void phy_work_cancel_sync(PhyWorkqueue *wq, PhyWork *work);
