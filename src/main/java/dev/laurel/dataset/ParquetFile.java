package dev.laurel.dataset;

import dev.laurel.campaign.kind.DatasetRows.Column;
import dev.laurel.campaign.kind.DatasetRows.Type;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A minimal Apache Parquet writer for the dataset tables: nullable string, double and int64 columns, lists of
 * strings and lists of structs of strings (chat messages), written row by row to any stream. The Parquet
 * library needs Hadoop on the class path even to write a local file (apache/parquet-java#2938), tens of MB for
 * a few tables; the format itself is small (https://github.com/apache/parquet-format): "PAR1", per row group
 * one GZIP data page per column (v1 pages, PLAIN values, RLE levels), then the footer in Thrift's compact
 * protocol, its length and "PAR1". Lists use the standard three-level LIST layout, so pyarrow, DuckDB, Spark
 * and Hugging Face {@code datasets} read them as lists. The bytes depend only on the rows (GZIP's header
 * carries no time), so a file hashes the same every time. Pure: writes only to the stream it is given.
 */
public final class ParquetFile {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** A row group is written once its columns hold this many bytes, so memory stays bounded. */
    static final int ROW_GROUP_BYTES = 16 << 20;

    /** Whether a column is a Parquet LIST; lists and their elements are never null, an empty list is []. */
    private static boolean isList(Column column) {
        return column.type() == Type.STRING_LIST || column.type() == Type.STRUCT_LIST;
    }

    /** One leaf of the Parquet schema: a column, or one field of a column's structs. */
    private static final class Leaf {
        final List<String> path;
        final boolean isList;
        final int physicalType; // Thrift Type: INT64 = 2, DOUBLE = 5, BYTE_ARRAY = 6
        final IntBuffer repetition = new IntBuffer();
        final IntBuffer definition = new IntBuffer();
        final ByteArrayOutputStream values = new ByteArrayOutputStream();

        Leaf(List<String> path, boolean isList, int physicalType) {
            this.path = path;
            this.isList = isList;
            this.physicalType = physicalType;
        }
    }

    private final OutputStream out;
    private final List<Column> columns;
    private final List<Leaf> leaves = new ArrayList<>();
    private final List<byte[]> rowGroups = new ArrayList<>();
    private long position;
    private long rows;
    private long groupRows;
    private long buffered;

    public ParquetFile(OutputStream out, List<Column> columns) {
        this.out = out;
        this.columns = List.copyOf(columns);
        for (Column column : this.columns) {
            switch (column.type()) {
                case STRING -> leaves.add(new Leaf(List.of(column.name()), false, 6));
                case DOUBLE -> leaves.add(new Leaf(List.of(column.name()), false, 5));
                case INT64 -> leaves.add(new Leaf(List.of(column.name()), false, 2));
                case STRING_LIST -> leaves.add(new Leaf(List.of(column.name(), "list", "element"), true, 6));
                case STRUCT_LIST -> column.fields().forEach(field ->
                        leaves.add(new Leaf(List.of(column.name(), "list", "element", field), true, 6)));
                case BOOLEAN, JSON -> throw new IllegalArgumentException("column " + column.name() + " has no Parquet "
                        + "type here; leave it out of the table (DatasetRows.Table#only)");
            }
        }
        write(MAGIC);
    }

    public List<Column> columns() {
        return columns;
    }

    /** Rows added so far. */
    public long rows() {
        return rows;
    }

    /**
     * Adds a row: one value per column, in column order. A STRING is a String or null, a DOUBLE a Number or
     * null, an INT64 a Number or null, a STRING_LIST a List of String, a STRUCT_LIST a List of Lists of String
     * (one per field, in order).
     */
    public void add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("a row has " + columns.size() + " values, got " + values.length);
        }
        int leaf = 0;
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            Object value = values[c];
            switch (column.type()) {
                case STRING -> flat(leaves.get(leaf++), value == null ? null : utf8((String) value));
                case DOUBLE -> flat(leaves.get(leaf++), value == null ? null
                        : littleEndian(Double.doubleToLongBits(((Number) value).doubleValue())));
                case INT64 -> flat(leaves.get(leaf++), value == null ? null : littleEndian(((Number) value).longValue()));
                case STRING_LIST -> {
                    Leaf target = leaves.get(leaf++);
                    List<?> items = (List<?>) value;
                    for (int i = 0; i < items.size(); i++) {
                        element(target, i, utf8((String) items.get(i)));
                    }
                    if (items.isEmpty()) {
                        emptyList(target);
                    }
                }
                case STRUCT_LIST -> {
                    List<?> items = (List<?>) value;
                    for (int f = 0; f < column.fields().size(); f++) {
                        Leaf target = leaves.get(leaf++);
                        for (int i = 0; i < items.size(); i++) {
                            element(target, i, utf8((String) ((List<?>) items.get(i)).get(f)));
                        }
                        if (items.isEmpty()) {
                            emptyList(target);
                        }
                    }
                }
            }
        }
        rows++;
        groupRows++;
        if (buffered >= ROW_GROUP_BYTES) {
            flushRowGroup();
        }
    }

    /** Writes the last row group and the footer; the stream stays open. */
    public void finish() {
        flushRowGroup();
        Thrift footer = new Thrift();
        footer.i32(1, 1);
        int elements = 1;
        for (Column column : columns) {
            elements += switch (column.type()) {
                case STRING_LIST -> 3; // the LIST group, its repeated "list" group, the "element"
                case STRUCT_LIST -> 3 + column.fields().size();
                default -> 1;
            };
        }
        footer.listBegin(2, Thrift.STRUCT, elements);
        footer.element();
        footer.string(4, "schema");
        footer.i32(5, columns.size());
        footer.end();
        for (Column column : columns) {
            schema(footer, column);
        }
        footer.i64(3, rows);
        footer.listBegin(4, Thrift.STRUCT, rowGroups.size());
        for (byte[] rowGroup : rowGroups) {
            footer.raw(rowGroup);
        }
        footer.string(6, "laurel");
        footer.stop();
        byte[] bytes = footer.bytes();
        write(bytes);
        write(new byte[] {(byte) bytes.length, (byte) (bytes.length >>> 8), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 24)});
        write(MAGIC);
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema elements of one column, depth first, as a list element of FileMetaData.schema. */
    private static void schema(Thrift footer, Column column) {
        if (!isList(column)) {
            footer.element();
            footer.i32(1, switch (column.type()) {
                case DOUBLE -> 5;
                case INT64 -> 2;
                default -> 6;
            });
            footer.i32(3, 1); // OPTIONAL
            footer.string(4, column.name());
            if (column.type() == Type.STRING) {
                stringType(footer);
            }
            footer.end();
            return;
        }
        footer.element();
        footer.i32(3, 0); // REQUIRED
        footer.string(4, column.name());
        footer.i32(5, 1);
        footer.i32(6, 3); // ConvertedType LIST
        footer.structBegin(10); // LogicalType union: LIST
        footer.structBegin(3);
        footer.end();
        footer.end();
        footer.end();
        footer.element();
        footer.i32(3, 2); // REPEATED
        footer.string(4, "list");
        footer.i32(5, 1);
        footer.end();
        if (column.type() == Type.STRING_LIST) {
            footer.element();
            footer.i32(1, 6);
            footer.i32(3, 0);
            footer.string(4, "element");
            stringType(footer);
            footer.end();
            return;
        }
        footer.element();
        footer.i32(3, 0);
        footer.string(4, "element");
        footer.i32(5, column.fields().size());
        footer.end();
        for (String field : column.fields()) {
            footer.element();
            footer.i32(1, 6);
            footer.i32(3, 0);
            footer.string(4, field);
            stringType(footer);
            footer.end();
        }
    }

    /** ConvertedType UTF8 and LogicalType STRING: a BYTE_ARRAY that holds UTF-8 text. */
    private static void stringType(Thrift footer) {
        footer.i32(6, 0);
        footer.structBegin(10);
        footer.structBegin(1);
        footer.end();
        footer.end();
    }

    private void flat(Leaf leaf, byte[] value) {
        if (value == null) {
            leaf.definition.add(0);
        } else {
            leaf.definition.add(1);
            leaf.values.writeBytes(value);
            buffered += value.length;
        }
    }

    private void element(Leaf leaf, int index, byte[] value) {
        leaf.repetition.add(index == 0 ? 0 : 1);
        leaf.definition.add(1);
        leaf.values.writeBytes(value);
        buffered += value.length;
    }

    private static void emptyList(Leaf leaf) {
        leaf.repetition.add(0);
        leaf.definition.add(0);
    }

    private void flushRowGroup() {
        if (groupRows == 0) {
            return;
        }
        Thrift group = new Thrift();
        group.element();
        group.listBegin(1, Thrift.STRUCT, leaves.size());
        long groupStart = position;
        long totalUncompressed = 0;
        long totalCompressed = 0;
        for (Leaf leaf : leaves) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (leaf.isList) {
                levels(body, leaf.repetition);
            }
            levels(body, leaf.definition);
            body.writeBytes(leaf.values.toByteArray());
            byte[] raw = body.toByteArray();
            byte[] compressed = gzip(raw);
            Thrift header = new Thrift();
            header.i32(1, 0); // DATA_PAGE
            header.i32(2, raw.length);
            header.i32(3, compressed.length);
            header.structBegin(5);
            header.i32(1, leaf.definition.size);
            header.i32(2, 0); // PLAIN
            header.i32(3, 3); // RLE
            header.i32(4, 3);
            header.end();
            header.stop();
            byte[] headerBytes = header.bytes();
            long pageOffset = position;
            write(headerBytes);
            write(compressed);
            long uncompressed = headerBytes.length + raw.length;
            long compressedSize = headerBytes.length + compressed.length;
            totalUncompressed += uncompressed;
            totalCompressed += compressedSize;

            group.element(); // ColumnChunk
            group.i64(2, pageOffset);
            group.structBegin(3); // ColumnMetaData
            group.i32(1, leaf.physicalType);
            group.listBegin(2, Thrift.I32, 2);
            group.rawI32(0);
            group.rawI32(3);
            group.listBegin(3, Thrift.BINARY, leaf.path.size());
            leaf.path.forEach(group::rawString);
            group.i32(4, 2); // GZIP
            group.i64(5, leaf.definition.size);
            group.i64(6, uncompressed);
            group.i64(7, compressedSize);
            group.i64(9, pageOffset);
            group.end();
            group.end();

            leaf.repetition.clear();
            leaf.definition.clear();
            leaf.values.reset();
        }
        group.i64(2, totalUncompressed);
        group.i64(3, groupRows);
        group.i64(5, groupStart);
        group.i64(6, totalCompressed);
        group.i32Short(7, rowGroups.size());
        group.end();
        rowGroups.add(group.bytes());
        groupRows = 0;
        buffered = 0;
    }

    /** Levels of maximum 1 as the RLE/bit-packing hybrid (bit width 1, RLE runs only), after their byte length. */
    private static void levels(ByteArrayOutputStream body, IntBuffer levels) {
        ByteArrayOutputStream runs = new ByteArrayOutputStream();
        int i = 0;
        while (i < levels.size) {
            int value = levels.values[i];
            int end = i;
            while (end < levels.size && levels.values[end] == value) {
                end++;
            }
            Thrift.varint(runs, (long) (end - i) << 1);
            runs.write(value);
            i = end;
        }
        int length = runs.size();
        body.write(length);
        body.write(length >>> 8);
        body.write(length >>> 16);
        body.write(length >>> 24);
        body.writeBytes(runs.toByteArray());
    }

    private static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[4 + bytes.length];
        value[0] = (byte) bytes.length;
        value[1] = (byte) (bytes.length >>> 8);
        value[2] = (byte) (bytes.length >>> 16);
        value[3] = (byte) (bytes.length >>> 24);
        System.arraycopy(bytes, 0, value, 4, bytes.length);
        return value;
    }

    private static byte[] littleEndian(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(raw.length / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position += bytes.length;
    }

    private static final class IntBuffer {
        int[] values = new int[64];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void clear() {
            size = 0;
        }
    }

    /** Thrift's compact protocol, as much of it as Parquet's footer and page headers need. */
    private static final class Thrift {
        static final int I32 = 5;
        static final int BINARY = 8;
        static final int STRUCT = 12;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Deque<Integer> enclosing = new ArrayDeque<>();
        private int lastField;

        void i32(int field, int value) {
            header(I32, field);
            varint(bytes, zigzag(value));
        }

        /** An i16 field (RowGroup.ordinal). */
        void i32Short(int field, int value) {
            header(4, field);
            varint(bytes, zigzag(value));
        }

        void i64(int field, long value) {
            header(6, field);
            varint(bytes, zigzag(value));
        }

        void string(int field, String value) {
            header(BINARY, field);
            rawString(value);
        }

        void structBegin(int field) {
            header(STRUCT, field);
            element();
        }

        /** Starts a struct that is an element of a list. */
        void element() {
            enclosing.push(lastField);
            lastField = 0;
        }

        void end() {
            bytes.write(0);
            lastField = enclosing.pop();
        }

        /** Ends the outermost struct. */
        void stop() {
            bytes.write(0);
        }

        void listBegin(int field, int elementType, int size) {
            header(9, field);
            if (size < 15) {
                bytes.write((size << 4) | elementType);
            } else {
                bytes.write(0xF0 | elementType);
                varint(bytes, size);
            }
        }

        void rawI32(int value) {
            varint(bytes, zigzag(value));
        }

        void rawString(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(bytes, utf8.length);
            bytes.writeBytes(utf8);
        }

        void raw(byte[] encoded) {
            bytes.writeBytes(encoded);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        private void header(int type, int field) {
            int delta = field - lastField;
            if (delta > 0 && delta <= 15) {
                bytes.write((delta << 4) | type);
            } else {
                bytes.write(type);
                varint(bytes, zigzag(field));
            }
            lastField = field;
        }

        private static long zigzag(long value) {
            return (value << 1) ^ (value >> 63);
        }

        static void varint(ByteArrayOutputStream out, long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
