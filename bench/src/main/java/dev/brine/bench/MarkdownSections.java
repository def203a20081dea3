package dev.brine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces one {@code ## } section of {@code docs/benchmarks.md} by title, leaving the others as they are. */
public final class MarkdownSections {
    private MarkdownSections() {
    }

    /** For the shell-driven benchmarks: {@code MarkdownSections DOCUMENT "## Title" < section.md}. */
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), args[1], new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes {@code section} in place of the section titled {@code title}, or appends it at the end. */
    public static void write(Path document, String title, String section) {
        try {
            String existing = Files.exists(document) ? Files.readString(document) : "# Brine benchmarks\n\n";
            Files.writeString(document, replace(existing, title, section));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + document, e);
        }
    }

    static String replace(String document, String title, String section) {
        int start = document.indexOf(title + "\n");
        if (start < 0) {
            return document + (document.endsWith("\n\n") ? "" : document.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        int next = document.indexOf("\n## ", start + title.length());
        String rest = next < 0 ? "" : document.substring(next + 1);
        return document.substring(0, start) + section + (rest.isEmpty() ? "" : "\n" + rest);
    }
}
