package dev.brine.signing;

import dev.brine.core.UnsafeModelException;
import dev.brine.core.format.Integrity;
import dev.brine.core.io.FileBytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files a model signature covers, each with its SHA-256, named as OpenSSF model signing names them: a model that
 * is one file is the single resource {@code "."}; a directory lists every regular file under it by its relative path
 * with {@code /} separators, sorted, leaving out the ignored paths. Symbolic links are refused, as the reference tool
 * does by default ({@code allow_symlinks: false}).
 */
final class ModelFiles {
    /** What the reference tool leaves out of a directory besides the signature itself and the user's paths. */
    static final Set<String> DEFAULT_IGNORED = Set.of(".git", ".gitattributes", ".gitignore", ".github");

    private ModelFiles() {
    }

    /** Relative name → lower-case hex SHA-256, sorted by name. {@code ignored} are paths relative to the model. */
    static Map<String, String> digests(Path model, Collection<String> ignored) {
        Map<String, String> digests = new TreeMap<>();
        if (Files.isSymbolicLink(model)) {
            throw symlink(model);
        }
        if (Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS)) {
            digests.put(".", sha256(model));
            return digests;
        }
        try (Stream<Path> paths = Files.walk(model)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String name = name(model, path);
                if (path.equals(model) || isIgnored(name, ignored)) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    throw symlink(path);
                }
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    digests.put(name, sha256(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + model, e);
        }
        return digests;
    }

    static String name(Path model, Path path) {
        return model.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    /** A path is ignored when it, or a directory above it, is one of the ignored paths. */
    private static boolean isIgnored(String name, Collection<String> ignored) {
        for (String prefix : ignored) {
            if (name.equals(prefix) || name.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(Path file) {
        return Integrity.sha256(FileBytes.map(file));
    }

    private static UnsafeModelException symlink(Path path) {
        return new UnsafeModelException(path + " is a symbolic link; model signatures cover regular files only,"
                + " so a link could make the signed bytes differ from the ones loaded. Replace it by the file.");
    }
}
