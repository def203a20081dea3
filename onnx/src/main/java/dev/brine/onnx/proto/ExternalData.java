package dev.brine.onnx.proto;

import dev.brine.core.CorruptModelException;
import dev.brine.core.ModelNotFoundException;
import dev.brine.core.UnsafeModelException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Tensor bytes stored beside an ONNX model ({@code data_location = EXTERNAL}). A location is a path relative to the
 * model's directory and must stay inside it: absolute paths, {@code ..} components and symbolic links that lead
 * elsewhere are refused before anything is opened, and so is anything but a regular file (a directory, a FIFO, a
 * device), because a model that reads {@code /etc/shadow} or {@code ../../secrets} into a tensor would leak it
 * through predictions (docs/interop.md).
 *
 * @param modelDirectory the model's directory; empty when the model came from bytes, where no location is safe
 */
public record ExternalData(Optional<Path> modelDirectory, Arena arena) {

    /**
     * The bytes at {@code location} from {@code offset}, {@code length} long (-1: to the end of the file), as a
     * read-only mapping. {@code where} names the tensor for messages.
     */
    public MemorySegment read(String location, long offset, long length, String where) {
        Path directory = modelDirectory.orElseThrow(() -> new UnsafeModelException(where + ": the tensor's data is in"
                + " the external file \"" + location + "\", but the model was not read from a directory, so no"
                + " location is known to be safe. Load the model from its file instead."));
        Path file = resolveInside(directory, location, where);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long fileBytes = channel.size();
            long available = offset <= fileBytes ? fileBytes - offset : -1;
            long wanted = length < 0 ? available : length;
            if (available < 0 || wanted > available) {
                throw new CorruptModelException(where + ": external data \"" + location + "\" offset " + offset
                        + (length < 0 ? "" : " length " + length) + " runs past the end of the file (" + fileBytes
                        + " bytes).");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, offset, wanted, arena);
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException(where + ": external data file \"" + location + "\" is missing; it must"
                    + " sit beside the model in " + directory + ".");
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot read external data \"" + location + "\"", e);
        }
    }

    /**
     * External data must be a plain file: a directory is a corrupt reference; a FIFO would block the reader forever
     * and a device (or socket) yields whatever it is, so both are refused as unsafe before they are opened.
     */
    private static void requireRegularFile(Path real, String unsafe) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isDirectory()) {
            throw new CorruptModelException(unsafe + "is a directory, not a file of tensor bytes.");
        }
        if (!attributes.isRegularFile()) {
            throw new UnsafeModelException(unsafe + "is not a regular file (a FIFO, device or socket, which could"
                    + " block the reader or yield endless bytes). ONNX external data must be a plain file beside the"
                    + " model.");
        }
    }

    /** The real path of {@code location} after checking that it names a file inside {@code directory}. */
    static Path resolveInside(Path directory, String location, String where) {
        String unsafe = where + ": external data location \"" + location + "\" ";
        if (location.isEmpty() || location.indexOf('\0') >= 0) {
            throw new CorruptModelException(unsafe + "is empty or holds a NUL character.");
        }
        String normalised = location.replace('\\', '/');
        if (normalised.startsWith("/") || normalised.matches("^[A-Za-z]:.*") || Path.of(location).isAbsolute()) {
            throw new UnsafeModelException(unsafe + "is an absolute path. ONNX external data must be relative to the"
                    + " model's directory; Brine never reads files elsewhere on behalf of a model.");
        }
        for (String part : normalised.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeModelException(unsafe + "climbs out of the model's directory with \"..\". Brine"
                        + " reads external data only from inside the model's directory.");
            }
        }
        try {
            Path root = directory.toRealPath();
            Path real = root.resolve(normalised).toRealPath();
            if (!real.startsWith(root)) {
                throw new UnsafeModelException(unsafe + "leads out of the model's directory through a symbolic link"
                        + " (to " + real + "). Brine reads external data only from inside the model's directory.");
            }
            requireRegularFile(real, unsafe);
            return real;
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException(where + ": external data file \"" + location + "\" is missing; it must"
                    + " sit beside the model in " + directory + ".");
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot resolve external data \"" + location + "\"", e);
        }
    }
}
