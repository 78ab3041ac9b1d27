package dev.laurel.dataset;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DuckDB (in memory) as the independent reader of the Parquet files the exports write. */
final class DuckDb {
    private DuckDb() {
    }

    /** The rows of a query, each column by name in select order. */
    static List<Map<String, Object>> query(String sql) throws Exception {
        // the driver itself, not DriverManager: after a @QuarkusTest the caller's class loader may not see its registration
        try (Connection db = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
             Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                    row.put(result.getMetaData().getColumnName(c), result.getObject(c));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
