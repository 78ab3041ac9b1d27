package dev.laurel.platform;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * Failures that say "not now" rather than "wrong": no database connection within the pool's
 * acquisition timeout, the database restarting or unreachable, a lock wait or serialization conflict.
 * The API answers them 503 with {@code Retry-After} (and the transaction has rolled back, so nothing
 * is half-written); they are the caller's cue to retry, not a bug to report.
 */
final class Overload {
    static final int RETRY_AFTER_SECONDS = 2;

    private Overload() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            // a commit the database refused (it was shutting down) says so only in a suppressed XAException
            for (Throwable suppressed : e.getSuppressed()) {
                if (isTransient(suppressed)) {
                    return true;
                }
            }
            if (e instanceof HotPathLimiter.Overloaded || e instanceof SQLTransientException || e instanceof org.hibernate.exception.JDBCConnectionException
                    || e instanceof org.hibernate.exception.LockAcquisitionException
                    || e instanceof jakarta.persistence.LockTimeoutException
                    || e instanceof jakarta.persistence.PessimisticLockException) {
                return true;
            }
            if (e instanceof SQLException sql) {
                String state = sql.getSQLState();
                String message = String.valueOf(sql.getMessage());
                if (message.contains("acquisition timeout") // Agroal: the pool had no connection in time
                        || (state != null && (state.startsWith("08") // connection exception
                        || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shutting down, starting
                        || state.equals("53300") // too many connections
                        || state.equals("40001") || state.equals("40P01") // serialization failure, deadlock
                        || state.equals("55P03")))) { // lock not available
                    return true;
                }
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
