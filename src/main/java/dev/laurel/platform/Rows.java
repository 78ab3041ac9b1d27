package dev.laurel.platform;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.Query;
import org.hibernate.query.NativeQuery;

/**
 * Statements for paths that run per request or per event, written so that Hibernate does no more
 * than the statement. Existence checks: Panache's {@code count(...)} builds
 * a new count query and translates it to SQL on every call (Hibernate caches neither), which was
 * ~15 % of the hot path's CPU; {@code select 1 … } with a limit of one is translated once and cached.
 */
public final class Rows {
    private Rows() {
    }

    /**
     * A native statement that touches only {@code tables}. Hibernate otherwise flushes (and
     * dirty-checks) the whole persistence context before every native statement, which on the answer
     * path and in batched consumers cost more than the statements; with the tables named, it flushes
     * only when pending changes touch one of them, as it does for JPQL.
     */
    public static Query sql(String sql, String... tables) {
        NativeQuery<?> query = Panache.getEntityManager().createNativeQuery(sql).unwrap(NativeQuery.class);
        for (String table : tables) {
            query.addSynchronizedQuerySpace(table);
        }
        return query;
    }

    /** Whether any {@code entity} matches the JPQL condition, e.g. {@code exists(User.class, "id = ?1", id)}. */
    public static boolean exists(Class<?> entity, String where, Object... parameters) {
        Query query = Panache.getEntityManager()
                .createQuery("select 1 from " + entity.getSimpleName() + " where " + where)
                .setMaxResults(1);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return !query.getResultList().isEmpty();
    }
}
