package dev.laurel.platform;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a cluster-wide job in one process at a time: {@code @Scheduled} fires on every pod and {@code synchronized}
 * guards one JVM only. On PostgreSQL the lock is a session-level advisory lock taken on a connection of its own
 * (the small {@code locks} datasource, no transactions) and held while the work runs; a process that dies loses its
 * session and with it the lock, so nothing stays locked. Each call borrows its own connection, so two threads of
 * one process exclude each other exactly as two processes do. Whoever finds the lock taken skips: the job runs
 * again at its next tick. The work re-reads its state itself (it may run right after another process finished).
 */
@ApplicationScoped
public class ClusterLock {
    /** First half of every key: keeps Laurel's advisory locks apart from anyone else's on the same database. */
    static final int NAMESPACE = 0x4c41524c; // "LARL"

    private final AgroalDataSource locks;
    /** H2 (embedded default) runs as one process by definition: an in-JVM lock is the whole cluster. */
    private final Map<String, ReentrantLock> inProcess = new ConcurrentHashMap<>();
    private volatile Boolean isPostgres;

    public ClusterLock(@DataSource("locks") AgroalDataSource locks) {
        this.locks = locks;
    }

    /** Runs {@code work} unless another process (or thread) runs the same job now; returns whether it ran. */
    public boolean runExclusively(String job, Runnable work) {
        if (!isPostgres()) {
            ReentrantLock lock = inProcess.computeIfAbsent(job, j -> new ReentrantLock());
            if (!lock.tryLock()) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                lock.unlock();
            }
        }
        try (Connection connection = locks.getConnection()) {
            if (!lock(connection, "pg_try_advisory_lock", job)) {
                Log.debugf("Job %s runs in another process; skipped here", job);
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                unlock(connection, job);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Job " + job + ": cannot take its cluster lock: " + e.getMessage(), e);
        }
    }

    /** The advisory lock's second key: {@link String#hashCode} is specified, so every process computes the same. */
    public static int key(String job) {
        return job.hashCode();
    }

    private static boolean lock(Connection connection, String function, String job) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select " + function + "(?, ?)")) {
            statement.setInt(1, NAMESPACE);
            statement.setInt(2, key(job));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection, String job) {
        try {
            if (!lock(connection, "pg_advisory_unlock", job)) {
                Log.warnf("Job %s: its cluster lock was not held at unlock", job);
            }
        } catch (SQLException e) {
            // the connection is broken: its session, and the lock with it, ends on the server
            Log.warnf("Job %s: unlock failed (%s); the lock ends with the session", job, e.getMessage());
        }
    }

    private boolean isPostgres() {
        if (isPostgres == null) {
            try (Connection connection = locks.getConnection()) {
                isPostgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new IllegalStateException("Cluster locks: no database: " + e.getMessage(), e);
            }
        }
        return isPostgres;
    }
}
