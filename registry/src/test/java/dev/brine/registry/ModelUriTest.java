package dev.brine.registry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelUriTest {

    @Test
    void parsesVersionsAliasesAndLatest() {
        assertEquals(ModelUri.version("iris", 3), ModelUri.parse("models:/iris/3"));
        assertEquals(ModelUri.alias("iris", "prod"), ModelUri.parse("models:/iris@prod"));
        assertEquals(ModelUri.latest("my.model-v2_x"), ModelUri.parse("models:/my.model-v2_x/latest"));
    }

    @Test
    void printsWhatItParses() {
        for (String text : new String[]{"models:/iris/3", "models:/iris@prod", "models:/iris/latest"}) {
            assertEquals(text, ModelUri.parse(text).toString());
        }
    }

    @Test
    void refusesMalformedReferencesWithTheFormsThatWork() {
        for (String text : new String[]{"models:/iris", "models:/iris/", "models:/iris/three", "models:/iris/0",
                "models:/iris@", "models:/iris@latest", "models:/iris@v2", "models:/ir is/1", "model:/iris/1",
                "models:/iris/1/2", "models:/iris/99999999999999999999"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ModelUri.parse(text),
                    text);
            assertTrue(error.getMessage().contains("'"), error.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelUri.parse("models:/iris"))
                .getMessage().contains("models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest"));
    }
}
