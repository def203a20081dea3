package dev.brine.server;

import dev.brine.core.ModelNotFoundException;
import dev.brine.core.Models;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A model file. A replacement is noticed by its inode, size or modification time changing; it is loaded (a
 * {@code .brine} file's tensors checked against their SHA-256 first, see {@code Models.load}), and the revision is
 * read again afterwards so a file still being written is never served (the next poll sees its final state). Replace served files by renaming a complete file over them, as {@code Models.save} does:
 * the version being served keeps its mapping of the old file, which stays valid after a rename but not after the
 * file is truncated and rewritten in place.
 */
record FileModelSource(Path path, LoadOptions options) implements ModelSource {

    FileModelSource {
        path = path.toAbsolutePath().normalize();
        Objects.requireNonNull(options, "options");
    }

    @Override
    public String description() {
        return "file:" + path;
    }

    @Override
    public Revision revision() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new ModelNotFoundException(path + " is not a regular file.");
            }
            return Revision.unversioned("inode=" + attributes.fileKey() + " size=" + attributes.size()
                    + " mtime=" + attributes.lastModifiedTime().toInstant());
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException(path + ": no such file; the version being served stays.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of " + path, e);
        }
    }

    @Override
    public Model load(Revision revision) {
        // Models.load checks a .brine file's tensor digests (unless the options turn it off) before the model exists.
        Model model = Models.load(path, options);
        if (!revision().equals(revision)) {
            throw new SourceChangedException(path + " changed while it was loaded; loading it again.");
        }
        return model;
    }
}
