package dev.brine.registry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {

    @Test
    void modelNamesUseLettersDigitsDotsUnderscoresAndDashes() {
        assertEquals("Iris.v2_final-1", Names.requireModelName("Iris.v2_final-1"));
        for (String bad : new String[]{"", "a b", "a/b", "a@b", "..", ".", "ü", "a".repeat(201)}) {
            assertThrows(IllegalArgumentException.class, () -> Names.requireModelName(bad), bad);
        }
    }

    @Test
    void aliasesRefuseDotsAndTheReservedNames() {
        assertEquals("prod_eu-1", Names.requireAlias("prod_eu-1"));
        assertEquals("version2", Names.requireAlias("version2"));
        assertEquals("v", Names.requireAlias("v"));
        assertThrows(IllegalArgumentException.class, () -> Names.requireAlias("prod.eu"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Names.requireAlias("latest")).getMessage()
                .contains("reserved"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Names.requireAlias("v12")).getMessage()
                .contains("version number"));
    }

    @Test
    void tagKeysAllowNamespaces() {
        assertEquals("team/owner:primary", Names.requireKey("tag key", "team/owner:primary"));
        assertThrows(IllegalArgumentException.class, () -> Names.requireKey("tag key", "a b"));
        assertThrows(IllegalArgumentException.class, () -> Names.requireTagValue("k", "x".repeat(5001)));
    }
}
