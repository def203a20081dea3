package dev.brine.python.numpy;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.tensor.Tensor;
import dev.brine.core.io.ZipArchive;
import dev.brine.core.io.ZipEntry;
import dev.brine.core.io.FileBytes;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads numpy's {@code .npy} and {@code .npz} files (docs/python-formats.md): every numeric dtype in either byte order, C or
 * Fortran order, into little-endian row-major tensors; uncompressed little-endian C-order data is a slice of the
 * mapped file. Object arrays are pickles and are refused as unsafe.
 */
public final class NumpyFiles {

    private NumpyFiles() {
    }

    public static Tensor read(Path npy) {
        return read(npy, Limits.DEFAULTS);
    }

    public static Tensor read(Path npy, Limits limits) {
        return readArray(npy, limits).toTensor();
    }

    /** The array with its numpy dtype (for structured or text arrays, which have no single tensor). */
    public static NdArray readArray(Path npy, Limits limits) {
        return array(FileBytes.map(npy), npy.getFileName().toString(), limits);
    }

    /** Every array of an {@code .npz} file by name ({@code .npy} suffix dropped), in archive order. */
    public static Map<String, Tensor> readNpz(Path npz) {
        return readNpz(npz, Limits.DEFAULTS);
    }

    public static Map<String, Tensor> readNpz(Path npz, Limits limits) {
        String source = npz.getFileName().toString();
        ZipArchive archive = ZipArchive.open(FileBytes.map(npz), source, limits);
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        for (ZipEntry entry : archive.entries()) {
            if (entry.isDirectory()) {
                continue;
            }
            if (!entry.name().endsWith(".npy")) {
                throw new CorruptModelException(source + ": entry '" + entry.name() + "' is not a .npy array; an"
                        + " .npz holds only arrays.");
            }
            Limits.check(source + ": array count", arrays.size() + 1L, limits.maxTensors(), "maxTensors");
            String name = entry.name().substring(0, entry.name().length() - 4);
            arrays.put(name, array(archive.data(entry), source + " entry " + entry.name(), limits).toTensor());
        }
        return arrays;
    }

    /** The array in {@code npy}, the bytes of one {@code .npy} file. */
    public static NdArray array(MemorySegment npy, String where, Limits limits) {
        NpyFormat.Header header = NpyFormat.header(npy, where, limits, false);
        long bytes;
        try {
            long count = 1;
            for (long dim : header.shape()) {
                count = Math.multiplyExact(count, dim);
            }
            bytes = Math.multiplyExact(count, header.dtype().itemSize());
        } catch (ArithmeticException e) {
            throw new CorruptModelException(where + ": the .npy shape overflows 64 bits.");
        }
        Limits.check(where + ": array bytes", bytes, limits.maxTensorBytes(), "maxTensorBytes");
        if (header.dataOffset() + bytes > npy.byteSize()) {
            throw new CorruptModelException(where + ": the array needs " + bytes + " bytes of data after the header"
                    + " but the file has " + (npy.byteSize() - header.dataOffset()) + ". The file is truncated.");
        }
        return NdArray.of(header.dtype(), header.shape(), header.fortranOrder(),
                npy.asSlice(header.dataOffset(), bytes), limits, where);
    }

    /** The pickle an object-dtype {@code .npy} holds after its header (for scanning), empty for other arrays. */
    public static Optional<MemorySegment> objectArrayPickle(MemorySegment npy, String where, Limits limits) {
        NpyFormat.Header header = NpyFormat.header(npy, where, limits, true);
        if (!header.dtype().isObject()) {
            return Optional.empty();
        }
        return Optional.of(npy.asSlice(header.dataOffset()));
    }

    public static boolean hasMagic(byte[] head) {
        return NpyFormat.hasMagic(head);
    }
}
