package dev.laurel.ops;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fresh PostgreSQL database {@code laurel_it_<name>} on 127.0.0.1:5432 (user {@code postgres},
 * trust authentication), dropped first if a previous run left it. Laurel's Flyway migrates it when
 * the first process starts; the test reads it with plain JDBC.
 */
public final class ScratchDatabase implements AutoCloseable {
    public static final String HOST = System.getProperty("laurel.it.db.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("laurel.it.db.port", 5432);
    public static final String USER = System.getProperty("laurel.it.db.user", "postgres");

    private final String name;

    private ScratchDatabase(String name) {
        this.name = name;
    }

    /** Drops {@code laurel_it_<name>} if it exists (closing its connections) and creates it empty. */
    public static ScratchDatabase create(String name) {
        String database = "laurel_it_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("drop database if exists " + database + " with (force)");
            sql.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database + " on " + HOST + ":" + PORT + ": "
                    + e.getMessage(), e);
        }
        return new ScratchDatabase(database);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return url(name);
    }

    public String user() {
        return USER;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    /** A single number ({@code select count(*) …}); parameters bind to {@code ?}. */
    public long count(String query, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("No row from: " + query);
                }
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    /** Every row, each as its columns' values, for assertions that print what they found. */
    public List<List<Object>> rows(String query, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<List<Object>> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int c = 1; c <= columns; c++) {
                        row.add(rows.getObject(c));
                    }
                    result.add(row);
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    /** Drops the database (processes using it must be stopped first; remaining connections are closed). */
    public void drop() {
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the database: a failed run can be inspected afterwards, and the next run drops it anyway. */
    @Override
    public void close() {
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }
}
