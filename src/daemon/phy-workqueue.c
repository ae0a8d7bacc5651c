/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "phy-workqueue.h"
#include "phyd/clock.h"
#include "phyd/macro.h"

/* Pool threads run phylib's small blocking calls and nothing else. */
#define POOL_STACK_SIZE (256 * 1024)
#define POOL_MIN_THREADS 4l
#define MAX_U(a, b) ((unsigned) ((a) > (b) ? (a) : (b)))

typedef struct PoolThread {
        PhyWorkqueue *wq;
        pthread_t thread;
        pthread_cond_t cond;     /* taken off the idle list: look for items */
        bool idle;               /* on the idle list, waiting on cond */
        bool sleeping;           /* in the pool clock's sleep */
        uint64_t run_start_usec; /* when its current run started, 0 outside a run */
        struct PoolThread *idle_next;
} PoolThread;

/* The pool thread the caller is, for the pool clock's sleep. */
static __thread PoolThread *current_thread;

struct PhyWorkqueue {
        pthread_mutex_t lock;
        pthread_cond_t timer_cond; /* the earliest due time moved earlier, a stall to watch,
                                    * or stop */
        pthread_cond_t done_cond;  /* a cancelled item finished its run */
        bool stop;

        /* Items with a due time, earliest first: a binary min-heap on due_usec. */
        PhyWork **heap;
        size_t n_heap, heap_size;

        /* Items due or queued, in the order they became so. */
        PhyWork *ready_head, **ready_tail;

        pthread_t timer;
        bool timer_started;
        PoolThread threads[PHY_WORKQUEUE_MAX_THREADS];
        unsigned n_threads;
        /* Idle threads, the last one to go idle first: the same few threads do the work
         * and the others stay asleep, as the kernel's idle worker list. */
        PoolThread *idle;
        unsigned n_idle;
        unsigned n_sleeping;     /* threads sleeping in a run, through the pool clock */
        /* Threads that run items at once, not counting sleeping ones: the number of CPUs.
         * More would only wake threads to wait for the CPU. */
        unsigned max_active;
        uint64_t last_wake_usec; /* when wake_one() last woke or made a thread */
};

static uint64_t now_usec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * USEC_PER_SEC + (uint64_t) ts.tv_nsec / 1000;
}

static uint64_t wake_time(uint64_t due)
{
        return (due + PHY_WORKQUEUE_GRID_USEC - 1) / PHY_WORKQUEUE_GRID_USEC *
               PHY_WORKQUEUE_GRID_USEC;
}

static void heap_swap(PhyWorkqueue *wq, size_t a, size_t b)
{
        PhyWork *t = wq->heap[a];

        wq->heap[a] = wq->heap[b];
        wq->heap[b] = t;
        wq->heap[a]->heap_index = a;
        wq->heap[b]->heap_index = b;
}

static void heap_up(PhyWorkqueue *wq, size_t i)
{
        while (i > 0) {
                size_t parent = (i - 1) / 2;

                if (wq->heap[parent]->due_usec <= wq->heap[i]->due_usec)
                        break;
                heap_swap(wq, i, parent);
                i = parent;
        }
}

static void heap_down(PhyWorkqueue *wq, size_t i)
{
        for (;;) {
                size_t l = 2 * i + 1, r = l + 1, min = i;

                if (l < wq->n_heap && wq->heap[l]->due_usec < wq->heap[min]->due_usec)
                        min = l;
                if (r < wq->n_heap && wq->heap[r]->due_usec < wq->heap[min]->due_usec)
                        min = r;
                if (min == i)
                        return;
                heap_swap(wq, i, min);
                i = min;
        }
}

static int heap_insert(PhyWorkqueue *wq, PhyWork *work)
{
        if (wq->n_heap == wq->heap_size) {
                size_t size = wq->heap_size > 0 ? wq->heap_size * 2 : 64;
                PhyWork **heap = reallocarray(wq->heap, size, sizeof(*heap));

                if (!heap)
                        return -ENOMEM;
                wq->heap = heap;
                wq->heap_size = size;
        }
        work->heap_index = wq->n_heap;
        wq->heap[wq->n_heap++] = work;
        heap_up(wq, work->heap_index);
        return 0;
}

static void heap_remove(PhyWorkqueue *wq, PhyWork *work)
{
        size_t i = work->heap_index;

        work->heap_index = SIZE_MAX;
        if (i == --wq->n_heap)
                return;
        wq->heap[i] = wq->heap[wq->n_heap];
        wq->heap[i]->heap_index = i;
        heap_up(wq, i);
        heap_down(wq, wq->heap[i]->heap_index);
}

static int add_worker(PhyWorkqueue *wq);

/* Threads awake for items: neither idle nor asleep in a run. */
static unsigned n_active(PhyWorkqueue *wq)
{
        return wq->n_threads - wq->n_idle - wq->n_sleeping;
}

/* One more thread looks for items: the idle one that went idle last, else a new one while
 * the limit allows. Called with the lock held. */
static void wake_one(PhyWorkqueue *wq, uint64_t now)
{
        PoolThread *t = wq->idle;

        wq->last_wake_usec = now;
        if (t) {
                wq->idle = t->idle_next;
                wq->n_idle--;
                t->idle = false;
                t->idle_next = NULL;
                pthread_cond_signal(&t->cond);
                return;
        }
        if (wq->stop || wq->n_threads >= PHY_WORKQUEUE_MAX_THREADS)
                return;
        (void) add_worker(wq);
}

/* Called with the lock held. */
static void enqueue(PhyWorkqueue *wq, PhyWork *work)
{
        if (work->cancelled)
                return;
        if (work->running) {
                work->rerun = true; /* after this run, on whichever thread is free */
                return;
        }
        if (work->ready)
                return;
        work->ready = true;
        work->ready_usec = now_usec();
        work->ready_next = NULL;
        *wq->ready_tail = work;
        wq->ready_tail = &work->ready_next;
        /* Awake threads take every ready item before they go idle: a tick's items wake at
         * most max_active threads, not one each. */
        if (n_active(wq) < wq->max_active)
                wake_one(wq, work->ready_usec);
        else
                /* Busy: the timer thread watches that the items do not stall. */
                pthread_cond_signal(&wq->timer_cond);
}

static void *worker_main(void *userdata)
{
        PoolThread *self = userdata;
        PhyWorkqueue *wq = self->wq;

        current_thread = self;
        pthread_mutex_lock(&wq->lock);
        for (;;) {
                PhyWork *work;

                if (!wq->stop && !wq->ready_head) {
                        self->idle = true;
                        self->idle_next = wq->idle;
                        wq->idle = self;
                        wq->n_idle++;
                        while (!wq->stop && self->idle)
                                pthread_cond_wait(&self->cond, &wq->lock);
                        continue;
                }
                if (wq->stop)
                        break;

                work = wq->ready_head;
                wq->ready_head = work->ready_next;
                if (!wq->ready_head)
                        wq->ready_tail = &wq->ready_head;
                work->ready_next = NULL;
                work->ready = false;
                work->running = true;
                self->run_start_usec = now_usec();
                pthread_mutex_unlock(&wq->lock);

                work->func(work);

                pthread_mutex_lock(&wq->lock);
                self->run_start_usec = 0;
                work->running = false;
                if (work->cancelled)
                        pthread_cond_broadcast(&wq->done_cond);
                else if (work->rerun) {
                        work->rerun = false;
                        enqueue(wq, work);
                }
        }
        pthread_mutex_unlock(&wq->lock);
        return NULL;
}

static int start_thread(pthread_t *ret, void *(*fn)(void *), void *arg)
{
        pthread_attr_t attr;
        int r;

        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, POOL_STACK_SIZE);
        r = -pthread_create(ret, &attr, fn, arg);
        pthread_attr_destroy(&attr);
        return r;
}

/* A new thread, awake: it looks for items at once. Called with the lock held. */
static int add_worker(PhyWorkqueue *wq)
{
        PoolThread *t = &wq->threads[wq->n_threads];
        int r;

        *t = (PoolThread) { .wq = wq };
        pthread_cond_init(&t->cond, NULL);
        r = start_thread(&t->thread, worker_main, t);
        if (r < 0) {
                pthread_cond_destroy(&t->cond);
                return r;
        }
        wq->n_threads++;
        return 0;
}

/* A ready item counts as stalled STALL_USEC after it became ready, or after the pool last
 * woke or made a thread for a stall, whichever is later: that thread gets its chance before
 * another one is added. */
static uint64_t stall_base(PhyWorkqueue *wq)
{
        uint64_t ready = wq->ready_head->ready_usec;

        return ready > wq->last_wake_usec ? ready : wq->last_wake_usec;
}

/* Items waited STALL_USEC and no awake thread started a run meanwhile: they block somewhere
 * the pool clock does not see (a slow ioctl, a netlink round trip). While some thread starts
 * runs, the items only wait for the CPU, and more threads would not help. */
static bool stalled(PhyWorkqueue *wq, uint64_t now)
{
        if (!wq->ready_head || now < stall_base(wq) + PHY_WORKQUEUE_STALL_USEC)
                return false;
        for (unsigned i = 0; i < wq->n_threads; i++) {
                const PoolThread *t = &wq->threads[i];

                if (t->idle || t->sleeping)
                        continue;
                /* Outside a run (just woken or made), or in a recent one: progressing. */
                if (t->run_start_usec == 0 ||
                    t->run_start_usec + PHY_WORKQUEUE_STALL_USEC > now)
                        return false;
        }
        return true;
}

/* When the timer thread must look again: the earliest due time on the grid, and, while
 * items wait, in one stall period. */
static uint64_t timer_deadline(PhyWorkqueue *wq, uint64_t now)
{
        uint64_t deadline = USEC_INFINITY;

        if (wq->n_heap > 0)
                deadline = wake_time(wq->heap[0]->due_usec);
        if (wq->ready_head && (wq->idle || wq->n_threads < PHY_WORKQUEUE_MAX_THREADS)) {
                uint64_t check = stall_base(wq) + PHY_WORKQUEUE_STALL_USEC;

                if (check <= now)
                        check = now + PHY_WORKQUEUE_STALL_USEC;
                deadline = MIN(deadline, check);
        }
        return deadline;
}

static void *timer_main(void *userdata)
{
        PhyWorkqueue *wq = userdata;

        pthread_mutex_lock(&wq->lock);
        while (!wq->stop) {
                uint64_t now = now_usec(), deadline;

                /* Every item due by now, however many: one wake-up for all of them. */
                while (wq->n_heap > 0 && wq->heap[0]->due_usec <= now) {
                        PhyWork *work = wq->heap[0];

                        heap_remove(wq, work);
                        work->due_usec = USEC_INFINITY;
                        enqueue(wq, work);
                }

                /* Threads blocked in long runs must not hold the other items back: one more
                 * thread, at most one per stall period. */
                if (stalled(wq, now))
                        wake_one(wq, now);

                deadline = timer_deadline(wq, now);
                if (deadline == USEC_INFINITY)
                        pthread_cond_wait(&wq->timer_cond, &wq->lock);
                else {
                        struct timespec ts = {
                                .tv_sec = (time_t) (deadline / USEC_PER_SEC),
                                .tv_nsec = (long) (deadline % USEC_PER_SEC) * 1000,
                        };

                        pthread_cond_timedwait(&wq->timer_cond, &wq->lock, &ts);
                }
        }
        pthread_mutex_unlock(&wq->lock);
        return NULL;
}

static uint64_t pool_clock_now(Clock *clock _unused_)
{
        return clock_now(clock_monotonic());
}

/* The kernel's workqueue learns from the scheduler that a worker went to sleep and lets
 * another one run the queued work; phylib's sleeps (the reset poll, the sim's access delay)
 * go through the PHY's Clock, so this clock tells the pool the same. */
static void pool_clock_sleep(Clock *clock _unused_, uint64_t usec)
{
        PoolThread *self = current_thread;
        PhyWorkqueue *wq = self ? self->wq : NULL;

        if (wq) {
                pthread_mutex_lock(&wq->lock);
                self->sleeping = true;
                wq->n_sleeping++;
                /* Its place among the awake threads goes to another. */
                if (wq->ready_head && n_active(wq) < wq->max_active)
                        wake_one(wq, now_usec());
                pthread_mutex_unlock(&wq->lock);
        }
        clock_sleep(clock_monotonic(), usec);
        if (wq) {
                pthread_mutex_lock(&wq->lock);
                self->sleeping = false;
                wq->n_sleeping--;
                pthread_mutex_unlock(&wq->lock);
        }
}

static const ClockOps pool_clock_ops = {
        .now = pool_clock_now,
        .sleep = pool_clock_sleep,
};

Clock *phy_workqueue_clock(void)
{
        static Clock pool_clock = { .ops = &pool_clock_ops };

        return &pool_clock;
}

int phy_workqueue_new(unsigned n_threads, PhyWorkqueue **ret_wq)
{
        pthread_condattr_t attr;
        PhyWorkqueue *wq;
        int r;

        long n_cpus = sysconf(_SC_NPROCESSORS_ONLN);

        if (n_cpus < 1)
                n_cpus = 1;
        if (n_threads == 0)
                n_threads = MAX_U(n_cpus, POOL_MIN_THREADS);
        n_threads = MIN(n_threads, PHY_WORKQUEUE_MAX_THREADS);

        wq = calloc(1, sizeof(*wq));
        if (!wq)
                return -ENOMEM;
        wq->max_active = (unsigned) MIN(n_cpus, (long) n_threads);
        wq->ready_tail = &wq->ready_head;
        pthread_mutex_init(&wq->lock, NULL);
        pthread_condattr_init(&attr);
        /* Due times are CLOCK_MONOTONIC, as the daemon's clock. */
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        pthread_cond_init(&wq->timer_cond, &attr);
        pthread_condattr_destroy(&attr);
        pthread_cond_init(&wq->done_cond, NULL);

        pthread_mutex_lock(&wq->lock);
        r = start_thread(&wq->timer, timer_main, wq);
        if (r >= 0)
                wq->timer_started = true;
        for (unsigned i = 0; r >= 0 && i < n_threads; i++)
                r = add_worker(wq);
        pthread_mutex_unlock(&wq->lock);
        if (r < 0) {
                phy_workqueue_free(wq);
                return r;
        }
        *ret_wq = wq;
        return 0;
}

PhyWorkqueue *phy_workqueue_free(PhyWorkqueue *wq)
{
        unsigned n;

        if (!wq)
                return NULL;

        pthread_mutex_lock(&wq->lock);
        wq->stop = true;
        for (unsigned i = 0; i < wq->n_threads; i++)
                pthread_cond_signal(&wq->threads[i].cond);
        pthread_cond_broadcast(&wq->timer_cond);
        pthread_mutex_unlock(&wq->lock);

        /* With stop set, no thread is added any more (wake_one()). */
        if (wq->timer_started)
                pthread_join(wq->timer, NULL);
        pthread_mutex_lock(&wq->lock);
        n = wq->n_threads;
        pthread_mutex_unlock(&wq->lock);
        for (unsigned i = 0; i < n; i++) {
                pthread_join(wq->threads[i].thread, NULL);
                pthread_cond_destroy(&wq->threads[i].cond);
        }

        pthread_mutex_destroy(&wq->lock);
        pthread_cond_destroy(&wq->timer_cond);
        pthread_cond_destroy(&wq->done_cond);
        free(wq->heap);
        free(wq);
        return NULL;
}

unsigned phy_workqueue_n_threads(PhyWorkqueue *wq)
{
        unsigned n;

        pthread_mutex_lock(&wq->lock);
        n = wq->n_threads;
        pthread_mutex_unlock(&wq->lock);
        return n;
}

void phy_work_init(PhyWork *work, PhyWorkFunc func, void *userdata)
{
        *work = (PhyWork) {
                .func = func,
                .userdata = userdata,
                .due_usec = USEC_INFINITY,
                .heap_index = SIZE_MAX,
        };
}

void phy_work_queue(PhyWorkqueue *wq, PhyWork *work)
{
        pthread_mutex_lock(&wq->lock);
        enqueue(wq, work);
        pthread_mutex_unlock(&wq->lock);
}

void phy_work_schedule(PhyWorkqueue *wq, PhyWork *work, uint64_t due_usec)
{
        pthread_mutex_lock(&wq->lock);
        if (work->cancelled || (work->heap_index != SIZE_MAX && work->due_usec == due_usec))
                goto out;
        if (work->heap_index != SIZE_MAX)
                heap_remove(wq, work);
        work->due_usec = due_usec;
        if (due_usec == USEC_INFINITY)
                goto out;
        if (heap_insert(wq, work) < 0) {
                /* No memory for the heap: run it now rather than never; the item
                 * reschedules itself from its run. */
                work->due_usec = USEC_INFINITY;
                enqueue(wq, work);
                goto out;
        }
        if (work->heap_index == 0)
                pthread_cond_signal(&wq->timer_cond); /* a new earliest due time */
out:
        pthread_mutex_unlock(&wq->lock);
}

void phy_work_cancel_sync(PhyWorkqueue *wq, PhyWork *work)
{
        pthread_mutex_lock(&wq->lock);
        work->cancelled = true;
        work->rerun = false;
        if (work->heap_index != SIZE_MAX)
                heap_remove(wq, work);
        work->due_usec = USEC_INFINITY;
        if (work->ready) {
                PhyWork **p = &wq->ready_head;

                while (*p != work)
                        p = &(*p)->ready_next;
                *p = work->ready_next;
                if (!*p)
                        wq->ready_tail = p;
                work->ready = false;
                work->ready_next = NULL;
        }
        while (work->running)
                pthread_cond_wait(&wq->done_cond, &wq->lock);
        pthread_mutex_unlock(&wq->lock);
}
