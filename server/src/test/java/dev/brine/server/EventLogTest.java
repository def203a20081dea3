package dev.brine.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLogTest {
    private final List<String> lines = new ArrayList<>();
    private final EventLog log = new EventLog(lines::add);

    @Test
    void oneLineOfKeyValuePairsPerEvent() {
        log.info("model_swapped", "model", "iris", "from", 1, "to", 2);
        String line = lines.getFirst();
        assertTrue(line.startsWith("ts="), line);
        assertTrue(line.endsWith(" level=info event=model_swapped model=iris from=1 to=2"), line);
    }

    @Test
    void valuesWithSpacesQuotesOrNewlinesAreQuotedAndEscaped() {
        log.warn("model_load_failed", "error", "bad \"file\"\nat offset 8", "empty", "");
        assertTrue(lines.getFirst().endsWith(" level=warn event=model_load_failed"
                + " error=\"bad \\\"file\\\"\\nat offset 8\" empty=\"\""), lines.getFirst());
        assertEquals(1, lines.getFirst().lines().count());
    }

    @Test
    void aKeyWithoutAValueIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> log.error("oops", "key"));
    }
}
