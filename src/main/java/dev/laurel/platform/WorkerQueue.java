package dev.laurel.platform;

import io.quarkus.logging.Log;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work that only a worker-role process may do because it loads code a team uploaded (a model zip, scorer parameters,
 * a reward model asked to score), queued in a feature's own table. The feature says how to claim one waiting row and
 * what to do with it ({@link Work}); this class runs it the same way for all of them: on one daemon thread per queue,
 * woken at once when the row was written in a process that is a worker too and by the feature's poll otherwise;
 * never in a process without the worker role; a row whose claim was taken {@code maxAttempts} times without an
 * outcome (its worker died: a native crash, memory) is given up rather than taken forever.
 * <p>A claim is the feature's conditional update, so several workers take different rows, and a claim whose worker
 * died goes stale and is taken over.
 *
 * @param <C> what a claim carries: the row and enough of it to do the work without reading it again
 */
public final class WorkerQueue<C extends WorkerQueue.Claim> {
    /** Longest reason a row keeps (the columns are {@code varchar(2000)}). */
    public static final int MAX_REASON = 2000;

    /** A claimed row: which claim of it this is (1 for the first). */
    public interface Claim {
        int attempt();
    }

    /** What a feature supplies: its table's claim, the work, and how it records giving up. */
    public interface Work<C extends Claim> {
        /**
         * Claims the oldest waiting row nobody holds (or whose holder stopped) or, when {@code only} is given, that
         * row if it waits; in a transaction of its own. Empty if none.
         */
        Optional<C> claim(Long only);

        /** Does the work and records the outcome; false if it could not tell now (the claim goes stale and is retried). */
        boolean process(C claim);

        /** Records that the row was claimed too often without an outcome; {@code attempts} is that number. */
        void giveUp(C claim, int attempts);
    }

    private final String name;
    private final int maxAttempts;
    private final Roles roles;
    private final Work<C> work;
    private final ExecutorService thread;
    private final AtomicBoolean queued = new AtomicBoolean();

    /** {@code name} names the thread and the log lines ("artifact-validation"). */
    public WorkerQueue(String name, int maxAttempts, Roles roles, Work<C> work) {
        this.name = name;
        this.maxAttempts = maxAttempts;
        this.roles = roles;
        this.work = work;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Works off what waits, on this queue's thread; nothing in a process without the worker role. */
    public void wake() {
        if (!roles.isWorker() || thread.isShutdown() || !queued.compareAndSet(false, true)) {
            return;
        }
        thread.execute(() -> {
            queued.set(false);
            try {
                runWaiting();
            } catch (RuntimeException e) {
                Log.warnf(e, "%s stopped; the next poll takes it up again", name);
            }
        });
    }

    /** Works off rows until none waits; returns how many it finished. Worker role only. */
    public int runWaiting() {
        if (!roles.isWorker()) {
            throw new IllegalStateException("Only a worker-role process loads uploaded model code (LAUREL_ROLES is " + roles + ").");
        }
        int finished = 0;
        for (Optional<C> claim = work.claim(null); claim.isPresent(); claim = work.claim(null)) {
            if (run(claim.get())) {
                finished++;
            }
        }
        return finished;
    }

    /**
     * Works off one row here and now, whatever this process' roles: for a test that plays the worker of a web-role
     * process. False if it does not wait.
     */
    public boolean runNow(long only) {
        return work.claim(only).map(this::run).orElse(false);
    }

    /** Takes the oldest waiting row nobody holds, or nothing (a test looking at claims). */
    public Optional<C> claim() {
        return work.claim(null);
    }

    /** Does one claimed row, or gives it up when it was claimed too often; false if it could not tell. */
    public boolean run(C claim) {
        if (claim.attempt() > maxAttempts) {
            work.giveUp(claim, maxAttempts);
            return true;
        }
        return work.process(claim);
    }

    /** Stops the thread (the process stopping). */
    public void close() {
        thread.shutdownNow();
    }

    /** A reason cut to what a row keeps. */
    public static String reason(String reason) {
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 1) + "…" : reason;
    }
}
