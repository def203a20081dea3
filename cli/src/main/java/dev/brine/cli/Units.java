package dev.brine.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human units on the command line, one converter each for every command: durations ({@code 2s}, {@code 500ms},
 * {@code 1.5m}, {@code 1h}, ISO-8601 {@code PT2S}, or a plain number of seconds) and byte sizes ({@code 16MiB},
 * {@code 1.5GB}, {@code 512KiB}, or a plain number of bytes). A value that is neither is a usage error that picocli
 * reports with the flag's name.
 */
final class Units {
    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zµ]*)");
    private static final Map<String, BigDecimal> SECONDS = Map.of(
            "", BigDecimal.ONE, "s", BigDecimal.ONE, "ms", new BigDecimal("0.001"), "us", new BigDecimal("0.000001"),
            "µs", new BigDecimal("0.000001"), "ns", new BigDecimal("0.000000001"), "m", BigDecimal.valueOf(60),
            "min", BigDecimal.valueOf(60), "h", BigDecimal.valueOf(3600), "d", BigDecimal.valueOf(86400));
    private static final Map<String, BigDecimal> BYTES = Map.of(
            "", BigDecimal.ONE, "b", BigDecimal.ONE,
            "kb", BigDecimal.TEN.pow(3), "mb", BigDecimal.TEN.pow(6), "gb", BigDecimal.TEN.pow(9),
            "tb", BigDecimal.TEN.pow(12),
            "kib", BigDecimal.TWO.pow(10), "mib", BigDecimal.TWO.pow(20), "gib", BigDecimal.TWO.pow(30),
            "tib", BigDecimal.TWO.pow(40));

    private Units() {
    }

    /** Registers the duration converter for every {@code Duration} option of every command. */
    static CommandLine register(CommandLine commandLine) {
        return commandLine.registerConverter(Duration.class, Units::duration);
    }

    static Duration duration(String text) {
        String trimmed = text.strip();
        if (trimmed.regionMatches(true, 0, "P", 0, 1)) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw notA("duration", text, "2s, 500ms, 1.5m, 1h, PT2S or a number of seconds");
            }
        }
        BigDecimal seconds = amount(trimmed, SECONDS, "duration", "2s, 500ms, 1.5m, 1h, or a number of seconds");
        BigDecimal nanos = seconds.movePointRight(9);
        if (nanos.stripTrailingZeros().scale() > 0 || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw notA("duration", text, "a whole number of nanoseconds up to 292 years");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    static long bytes(String text) {
        BigDecimal bytes = amount(text.strip(), BYTES, "size", "16MiB, 1.5GB, 512KiB or a number of bytes");
        if (bytes.stripTrailingZeros().scale() > 0 || bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw notA("size", text, "a whole number of bytes below 8 EiB");
        }
        return bytes.longValueExact();
    }

    /** The converter of byte-size options: {@code @Option(converter = Units.Size.class)}. */
    static final class Size implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return bytes(value);
        }
    }

    private static BigDecimal amount(String text, Map<String, BigDecimal> units, String what, String examples) {
        Matcher matcher = AMOUNT.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches() || !units.containsKey(matcher.group(2))) {
            throw notA(what, text, examples);
        }
        return new BigDecimal(matcher.group(1)).multiply(units.get(matcher.group(2)));
    }

    private static CommandLine.TypeConversionException notA(String what, String text, String examples) {
        return new CommandLine.TypeConversionException("'" + text + "' is not a " + what + "; write " + examples);
    }
}
