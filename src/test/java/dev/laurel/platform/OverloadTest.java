package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures mean "try again" (503 + Retry-After) and which are bugs (500). */
class OverloadTest {

    @Test
    void anExhaustedPoolARestartingDatabaseAndLockConflictsAreTransient() {
        assertTrue(Overload.isTransient(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(Overload.isTransient(new IllegalStateException(new SQLTransientConnectionException("gone"))));
        assertTrue(Overload.isTransient(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(Overload.isTransient(new SQLException("Connection refused", "08001")));
        assertTrue(Overload.isTransient(new SQLException("could not serialize access", "40001")));
        assertTrue(Overload.isTransient(new jakarta.persistence.PersistenceException(
                new org.hibernate.exception.JDBCConnectionException("closed", new SQLException("closed", "08003")))));
    }

    @Test
    void aCommitTheStoppingDatabaseRefusedIsTransient() {
        // as Narayana reports it: the cause is only in a suppressed XAException (seen in DatabaseRestartIT)
        var xa = new javax.transaction.xa.XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        var rollback = new jakarta.transaction.RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertTrue(Overload.isTransient(new RuntimeException(rollback)));
        var refusedForABug = new jakarta.transaction.RollbackException("could not commit");
        refusedForABug.addSuppressed(new SQLException("duplicate key value", "23505"));
        assertFalse(Overload.isTransient(refusedForABug));
    }

    @Test
    void bugsAndBadDataAreNot() {
        assertFalse(Overload.isTransient(new NullPointerException()));
        assertFalse(Overload.isTransient(new SQLException("duplicate key value", "23505")));
        assertFalse(Overload.isTransient(new SQLException("invalid byte sequence for encoding UTF8: 0x00", "22021")));
    }
}
