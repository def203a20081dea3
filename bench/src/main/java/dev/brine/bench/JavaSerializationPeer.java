package dev.brine.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java serialization peer: the model's {@code float[]} arrays written with {@link ObjectOutputStream} and read
 * back with {@link ObjectInputStream}, the way many JVM projects persist weights today.
 *
 * <p>SECURITY NOTE: this class is the ONLY place in Brine allowed to use {@code ObjectInputStream}, and only on a
 * file the benchmark itself has just written into its own temporary directory. Brine never deserializes a file it
 * was given. Even here an {@link ObjectInputFilter} admits nothing but {@code float[]} and {@code long[]}.
 */
public final class JavaSerializationPeer {
    private static final int BUFFER_BYTES = 1 << 20;
    private static final ObjectInputFilter ONLY_PRIMITIVE_ARRAYS = info -> {
        Class<?> type = info.serialClass();
        if (type == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        return type == float[].class || type == long[].class
                ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    };

    private JavaSerializationPeer() {
    }

    /** Writes name, shape and values of every tensor, then fsyncs (as {@code .brine} saving does). */
    public static void write(List<HeapTensor> tensors, Path target) {
        try (FileOutputStream file = new FileOutputStream(target.toFile());
             ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(file, BUFFER_BYTES))) {
            out.writeInt(tensors.size());
            for (HeapTensor tensor : tensors) {
                out.writeUTF(tensor.name());
                out.writeObject(tensor.shape());
                out.writeObject(tensor.values());
            }
            out.flush();
            file.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Reads back what {@link #write} wrote. Only ever called on the benchmark's own output (see class note). */
    public static List<HeapTensor> read(Path source) {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(source), BUFFER_BYTES);
             ObjectInputStream in = new ObjectInputStream(file)) {
            in.setObjectInputFilter(ONLY_PRIMITIVE_ARRAYS);
            int count = in.readInt();
            List<HeapTensor> tensors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] shape = (long[]) in.readObject();
                float[] values = (float[]) in.readObject();
                tensors.add(new HeapTensor(name, shape, values));
            }
            return tensors;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read back " + source + ", which this benchmark wrote", e);
        }
    }
}
