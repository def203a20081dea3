package dev.brine.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documents and the command line agree, and the documents stand alone: every {@code brine …} command line in
 * README.md and docs/*.md names a command that exists and options that command has (values in human units parse),
 * nothing refers to documents outside the repository or to paths of one machine, and README lists each document
 * once.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern COMMAND = Pattern.compile("^(?:\\$ )?(?:\\./)?brine(?:\\s+(.*))?$");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9_.]*|.*[|<].*");
    /** Built from parts, so this file does not hold what it looks for. */
    private static final List<String> FORBIDDEN = List.of("/wo" + "rk/", "/ho" + "me/", "/Us" + "ers/",
            "FORMATS" + ".md", "PRODUCT" + ".md", "../sha" + "red", "brief" + "'s");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", ".git", ".idea", "node_modules");

    private final CommandLine brine = Main.commandLine(new Main());

    /** One command line a document shows, or one option a table row gives for the row's commands. */
    private record Mention(Path document, int line, List<String> commands, List<String> tokens) {
        String where() {
            return ROOT.relativize(document) + ":" + line;
        }
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    @Test
    void everyOptionTheDocumentsShowExistsAndItsExampleValueParses() throws IOException {
        List<Mention> mentions = new ArrayList<>();
        for (Path document : documents()) {
            mentions.addAll(mentions(document));
        }
        assertTrue(mentions.size() > 30, "found only " + mentions.size() + " command lines: " + mentions);
        List<String> problems = new ArrayList<>();
        int options = 0;
        for (Mention mention : mentions) {
            for (String command : mention.commands()) {
                CommandSpec spec = command.isEmpty() ? brine.getCommandSpec()
                        : brine.getSubcommands().containsKey(command)
                        ? brine.getSubcommands().get(command).getCommandSpec() : null;
                if (spec == null) {
                    problems.add(mention.where() + ": no command `brine " + command + "`");
                    continue;
                }
                options += check(spec, mention, problems);
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(options > 40, "checked only " + options + " options");
    }

    /** Checks every option token of a mention against one command; returns how many options it checked. */
    private static int check(CommandSpec spec, Mention mention, List<String> problems) {
        int checked = 0;
        List<String> tokens = mention.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            for (String alternative : tokens.get(i).split("\\\\?\\||/(?=-)")) {   // a|b, a\\|b, --a/--b
                String token = alternative.replaceAll("^[\\[(]+|[\\]),.;:]+$", "");
                if (!token.startsWith("-") || token.length() < 2 || Character.isDigit(token.charAt(1))) {
                    continue;
                }
                String name = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                OptionSpec option = spec.findOption(name);
                checked++;
                if (option == null) {
                    problems.add(mention.where() + ": `brine " + spec.name() + "` has no option " + name);
                    continue;
                }
                String value = token.contains("=") ? token.substring(token.indexOf('=') + 1)
                        : i + 1 < tokens.size() && option.arity().min() > 0 ? tokens.get(i + 1) : null;
                if (value != null && !PLACEHOLDER.matcher(value).matches()) {
                    try {
                        convert(option, value.replaceAll("[\\]),.;]+$", ""));
                    } catch (RuntimeException e) {
                        problems.add(mention.where() + ": " + name + " " + value + ": " + e.getMessage());
                    }
                }
            }
        }
        return checked;
    }

    private static void convert(OptionSpec option, String value) throws RuntimeException {
        if (option.type() == Duration.class) {
            Units.duration(value);
        }
        for (CommandLine.ITypeConverter<?> converter : option.converters()) {
            try {
                converter.convert(value);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    /**
     * Command lines in code blocks; code spans that start with {@code brine}; and in table rows, spans that name a
     * command (after a {@code brine …} span in the row) or give options for the row's commands, or for the command
     * of the section's heading.
     */
    private List<Mention> mentions(Path document) throws IOException {
        List<Mention> mentions = new ArrayList<>();
        List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
        boolean inCode = false;
        List<String> headingCommands = List.of();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                Matcher command = COMMAND.matcher(line.strip());
                if (command.matches()) {
                    mentions.add(mention(document, n + 1, command.group(1)));
                }
                continue;
            }
            if (line.startsWith("#")) {
                headingCommands = List.of();
            }
            List<String> rowCommands = new ArrayList<>();
            List<String> rowOptions = new ArrayList<>();
            Matcher span = CODE_SPAN.matcher(line);
            while (span.find()) {
                String text = span.group(1).strip();
                Matcher command = COMMAND.matcher(text);
                if (command.matches()) {
                    Mention mention = mention(document, n + 1, command.group(1));
                    mentions.add(mention);
                    rowCommands.addAll(mention.commands());
                } else if (!rowCommands.isEmpty() && brine.getSubcommands().containsKey(text.split("\\s+")[0])) {
                    Mention mention = mention(document, n + 1, text);
                    mentions.add(mention);
                    rowCommands.addAll(mention.commands());
                } else if (text.startsWith("--")) {
                    rowOptions.add(text);
                }
            }
            if (line.startsWith("#")) {
                headingCommands = rowCommands;
            }
            // Option spans alone belong to the commands of a table row (or of its section); in prose they may be
            // another program's (`--add-modules` of the JVM).
            List<String> owners = !line.startsWith("|") ? List.of() : !rowCommands.isEmpty() ? rowCommands
                    : headingCommands;
            for (String options : rowOptions) {
                if (!owners.isEmpty()) {
                    mentions.add(new Mention(document, n + 1, owners, List.of(options.split("\\s+"))));
                }
            }
        }
        return mentions;
    }

    /** {@code push FILE NAME --alias prod}: the command is the first word when it is one, else the root. */
    private Mention mention(Path document, int line, String arguments) {
        List<String> tokens = arguments == null ? List.of() : List.of(arguments.strip().split("\\s+"));
        if (!tokens.isEmpty() && !tokens.getFirst().startsWith("-")) {
            return new Mention(document, line, List.of(tokens.getFirst()), tokens.subList(1, tokens.size()));
        }
        return new Mention(document, line, List.of(""), tokens);
    }

    @Test
    void nothingRefersToDocumentsOutsideTheRepositoryOrToOneMachinesPaths() throws IOException {
        List<String> found = new ArrayList<>();
        Files.walkFileTree(ROOT, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                                                                   java.nio.file.attribute.BasicFileAttributes attrs) {
                return SKIPPED_DIRECTORIES.contains(dir.getFileName().toString())
                        ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file,
                                                           java.nio.file.attribute.BasicFileAttributes attrs)
                    throws IOException {
                // Regular files only: the hostile corpus holds symbolic links to /dev/stdin and the like.
                if (attrs.isRegularFile() && attrs.size() < 4 << 20 && !file.getFileName().toString().equals(".git")) {   // a worktree's
                    byte[] bytes = Files.readAllBytes(file);
                    if (isText(bytes)) {
                        String text = new String(bytes, StandardCharsets.UTF_8);
                        for (String forbidden : FORBIDDEN) {
                            if (text.contains(forbidden)) {
                                found.add(ROOT.relativize(file) + " holds " + forbidden);
                            }
                        }
                    }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        assertEquals(List.of(), found);
    }

    private static boolean isText(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void readmesDocumentsListNamesEveryDocumentOnce() throws IOException {
        String whole = Files.readString(ROOT.resolve("README.md"));
        int start = whole.indexOf("## Documents");
        assertTrue(start >= 0, "README has a Documents section");
        int end = whole.indexOf("\n## ", start + 1);
        String readme = whole.substring(start, end < 0 ? whole.length() : end);
        for (Path document : documents().subList(1, documents().size())) {
            String link = "](docs/" + document.getFileName() + ")";
            int count = readme.split(Pattern.quote(link), -1).length - 1;
            assertEquals(1, count, "README links " + document.getFileName() + " " + count + " times");
        }
    }
}
