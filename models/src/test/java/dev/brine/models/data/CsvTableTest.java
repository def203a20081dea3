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
    void labelsSortLikeScikitLearn() {
        Labels text = Labels.ofText("y", new String[] {"b", "a", "b"});
        assertEquals(List.of("a", "b"), text.classes());
        assertArrayEquals(new int[] {1, 0, 1}, text.codes());
        Labels numbers = Labels.ofNumbers("y", new double[] {10, 2, 2.5});
        assertEquals(List.of("2", "2.5", "10"), numbers.classes());
    }
}
