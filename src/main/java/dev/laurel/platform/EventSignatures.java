package dev.laurel.platform;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves that a broker message came from Laurel's outbox: the relay signs each message (HMAC-SHA256 over
 * its stream and body, in {@link #HEADER}) and every consumer checks the signature before it reads the
 * event. A client of the broker alone cannot sign, so a consumer trusts what a signed event says — the
 * submission it names was stored in the transaction that wrote the event — without reading it back (that
 * check cost a query per event and consumer on the hot path). A redelivery of a signed event is still a
 * redelivery, which {@link ProcessedEvents} absorbs.
 *
 * <p>The key is made by the database at migration (V48) and read once per process, so every process
 * of a deployment shares it with nothing to configure.
 */
@ApplicationScoped
public class EventSignatures {
    /** The message header carrying the signature (base64). */
    public static final String HEADER = "x-laurel-signature";

    private final AgroalDataSource db;
    private volatile SecretKeySpec key;

    EventSignatures(@DataSource("outbox") AgroalDataSource db) {
        this.db = db;
    }

    /** Reads the key at start, after the migrations: never later on an event-loop thread. */
    void load(@Observes StartupEvent event) {
        key();
    }

    /** The signature of a message with this body on this "-out" stream. */
    public String sign(String channel, String payload) {
        return Base64.getEncoder().encodeToString(mac(channel, payload));
    }

    /** Whether the signature is this deployment's for a message with this body on this stream. */
    public boolean verify(String channel, String payload, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(channel, payload), given); // constant time
    }

    private byte[] mac(String channel, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            mac.update(channel.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0); // no channel name contains it: "a" + "b…" never signs like "ab" + "…"
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec known = key;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (key == null) {
                try (Connection connection = db.getConnection(); Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery("select secret from event_signing_key where id = 1")) {
                    if (!row.next()) {
                        throw new IllegalStateException("The event signing key is missing (table event_signing_key, "
                                + "made by migration V48); restore the row from a backup or insert a new random one.");
                    }
                    key = new SecretKeySpec(row.getString(1).getBytes(StandardCharsets.US_ASCII), "HmacSHA256");
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot read the event signing key: " + e.getMessage(), e);
                }
            }
            return key;
        }
    }
}
