package dev.brine.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Model sizes as the command line spells them: {@code 1M}, {@code 512M}, {@code 1G}, {@code 4G} (binary units). */
public final class Sizes {
    private Sizes() {
    }

    public static List<Long> parseList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Sizes::parse).toList();
    }

    public static long parse(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        char unit = upper.charAt(upper.length() - 1);
        long multiplier = switch (unit) {
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> throw new IllegalArgumentException("size \"" + text + "\" must end in M or G, e.g. 1M or 4G");
        };
        return Long.parseLong(upper.substring(0, upper.length() - 1)) * multiplier;
    }

    /** {@code 1 MB}, {@code 4 GB}: the label used in the report (binary units, as the sizes are). */
    public static String label(long bytes) {
        return bytes % (1L << 30) == 0 ? bytes / (1L << 30) + " GB" : bytes / (1L << 20) + " MB";
    }
}
