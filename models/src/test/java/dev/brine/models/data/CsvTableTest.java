package dev.brine.models.data;

import dev.brine.core.IncompatibleModelException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTableTest {

    private static Table read(String text) {
        return CsvTable.read(new StringReader(text), "test.csv");
    }

    @Test
    void numericColumnsParseAndEmptyCellsAreMissing() {
        Table table = read("a,b\n1.5,-2\n,3e2\n");
        Column.Numeric a = assertInstanceOf(Column.Numeric.class, table.column("a"));
        assertTrue(Double.isNaN(a.values()[1]));
        assertArrayEquals(new double[] {-2, 300}, ((Column.Numeric) table.column("b")).values());
    }

    @Test
    void quotedCellsKeepCommasQuotesAndNewlines() {
        Table table = read("name,n\r\n\"Smith, J\",1\r\n\"say \"\"hi\"\"\nthere\",2\r\n");
        Column.Text name = assertInstanceOf(Column.Text.class, table.column("name"));
        assertEquals("Smith, J", name.values()[0]);
        assertEquals("say \"hi\"\nthere", name.values()[1]);
    }

    @Test
    void wordsThatJavaWouldParseAsNumbersStayText() {
        Table table = read("x\nNaN\nInfinity\n1d\n");
        assertInstanceOf(Column.Text.class, table.column("x"));
    }

    @Test
    void raggedRowsAndOpenQuotesAreErrorsWithTheLine() {
        IncompatibleModelException ragged = assertThrows(IncompatibleModelException.class, () -> read("a,b\n1\n"));
        assertTrue(ragged.getMessage().contains("line 2"), ragged.getMessage());
        assertThrows(IncompatibleModelException.class, () -> read("a\n\"open\n"));
        assertThrows(IncompatibleModelException.class, () -> read(""));
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstName() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("bom", ".csv");
        try {
            java.nio.file.Files.write(file, "\uFEFFa,b\r\n1,2\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(List.of("a", "b"), CsvTable.read(file).names());
        } finally {
            java.nio.file.Files.delete(file);
        }
        assertEquals(List.of("a", "b"), read("\uFEFFa,b\n1,2\n").names());
    }

    @Test
    void blankLinesAreSkippedAndErrorsNameTheLineAPersonSees() {
        Table table = read("a,b\r\n\r\n1,2\r\n\r\n\r\n3,4\r\n\r\n");
        assertEquals(2, table.rowCount());
        // Line 5 holds the ragged record: the quoted line break in line 2 and the blank line 4 count as lines.
        IncompatibleModelException ragged = assertThrows(IncompatibleModelException.class,
                () -> read("a,b\n\"x\ny\",1\n\n5\n"));
        assertTrue(ragged.getMessage().contains("line 5"), ragged.getMessage());
        IncompatibleModelException open = assertThrows(IncompatibleModelException.class,
                () -> read("a,b\n1,2\n3,\"open\n4,5\n"));
        assertTrue(open.getMessage().contains("line 3"), open.getMessage());
    }

    @Test
    void hashIsDataNotAComment() {
        Table table = read("tag,n\n#1,1\n");
        assertEquals("#1", ((Column.Text) table.column("tag")).values()[0]);
    }

    @Test
    void tabsSeparateTsvRecords() {
        try (DelimitedRecords records = DelimitedRecords.open(new StringReader("a\tb\n\"x,y\"\t2\n"), '\t', "t.tsv")) {
            assertArrayEquals(new String[] {"a", "b"}, records.next().cells());
            DelimitedRecords.Record record = records.next();
            assertArrayEquals(new String[] {"x,y", "2"}, record.cells());
            assertEquals(2, record.line());
            assertEquals(null, records.next());
        }
    }

    @Test
    void numbersParseBitForBitAsJavaDoes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "-" : random.nextInt(10) == 0 ? "+" : "");
            int whole = random.nextInt(0, 12);
            for (int d = 0; d < whole; d++) text.append((char) ('0' + random.nextInt(10)));
            if (whole == 0 || random.nextBoolean()) {
                text.append('.');
                int fraction = random.nextInt(whole == 0 ? 1 : 0, 20);
                for (int d = 0; d < fraction; d++) text.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextInt(8) == 0) text.append('e').append(random.nextInt(-30, 30));
            String cell = text.toString();
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(cell)),
                    Double.doubleToRawLongBits(CsvTable.parseNumber(cell)), cell);
        }
        for (String text : List.of("", "-", "+", ".", "1.2.3", "NaN", "Infinity", "1d", "0x1p3", "1e", "--1", "1,5")) {
            assertTrue(Double.isNaN(CsvTable.parseNumber(text)), text);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(CsvTable.parseNumber("-0.000")));
    }

    @Test
    void labelsSortLikeScikitLearn() {
        Labels text = Labels.ofText("y", new String[] {"b", "a", "b"});
        assertEquals(List.of("a", "b"), text.classes());
        assertArrayEquals(new int[] {1, 0, 1}, text.codes());
        Labels numbers = Labels.ofNumbers("y", new double[] {10, 2, 2.5});
        assertEquals(List.of("2", "2.5", "10"), numbers.classes());
    }
}
