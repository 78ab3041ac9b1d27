package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() {
        List<String> errors = new ArrayList<>();
        List<Csv.Record> records = Csv.parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nagain\"\nlast,\"\"", errors);
        assertEquals(List.of(), errors);
        assertEquals(List.of("x, y", "say \"hi\"\nagain"), records.get(1).values());
        assertEquals(2, records.get(1).line());
        assertEquals(4, records.get(2).line());
        assertEquals(List.of("last", ""), records.get(2).values());
    }

    @Test
    void aStrayQuoteIsReportedWithItsLine() {
        List<String> errors = new ArrayList<>();
        Csv.parse("a,b\nx,y\"z\n", errors);
        assertEquals(List.of("Line 2: a quote inside an unquoted field; wrap the field in quotes and double the quote."), errors);
    }
}
