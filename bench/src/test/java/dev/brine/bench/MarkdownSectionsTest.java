package dev.brine.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MarkdownSectionsTest {
    private static final String DOCUMENT = "# Brine benchmarks\n\n## Format (issue 3)\n\nold format\n";

    @Test
    void appendsANewSectionAfterTheOthers() {
        assertEquals(DOCUMENT + "\n## Models (issue 4)\n\nrows\n",
                MarkdownSections.replace(DOCUMENT, "## Models (issue 4)", "## Models (issue 4)\n\nrows\n"));
    }

    @Test
    void replacesOnlyItsOwnSection() {
        String both = DOCUMENT + "\n## Models (issue 4)\n\nold rows\n\n## Server (issue 8)\n\nserver\n";
        assertEquals(DOCUMENT + "\n## Models (issue 4)\n\nnew rows\n\n## Server (issue 8)\n\nserver\n",
                MarkdownSections.replace(both, "## Models (issue 4)", "## Models (issue 4)\n\nnew rows\n"));
    }
}
