package dev.brine.python.torch;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.python.PythonGlobals;
import dev.brine.core.io.ZipArchive;
import dev.brine.core.io.ZipEntry;
import dev.brine.core.io.FileBytes;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.PersistentLoader;
import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyGlobal;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyList;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.Unpickler;
import dev.brine.python.pickle.UnpicklerOptions;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code torch.save} files without torch (docs/python-formats.md): the zip format of torch 1.6 and later (any root
 * folder, records found through the central directory and mapped, not copied) and the legacy format
 * ({@code _use_new_zipfile_serialization=False}) and the tar format of torch before 0.4 ({@link TorchTar}).
 */
public final class TorchArchives {

    /** The legacy format's magic number, the first pickle of the file. */
    static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final byte[] LEGACY_HEAD = {(byte) 0x80, 0x02, (byte) 0x8A, 0x0A, 0x6C, (byte) 0xFC, (byte) 0x9C,
            0x46, (byte) 0xF9, 0x20, 0x6A, (byte) 0xA8, 0x50, 0x19, 0x2E};

    private TorchArchives() {
    }

    public static TorchArchive read(Path file) {
        return read(file, PythonGlobals.defaults(), Limits.DEFAULTS);
    }

    public static TorchArchive read(Path file, AllowList allowList, Limits limits) {
        return read(FileBytes.map(file), file.getFileName().toString(), allowList, limits);
    }

    /** Reads a torch file already in memory; {@code source} names it in messages. */
    public static TorchArchive read(MemorySegment bytes, String source, AllowList allowList, Limits limits) {
        byte[] head = bytes.asSlice(0, Math.min(512, bytes.byteSize())).toArray(ValueLayout.JAVA_BYTE);
        if (ZipArchive.looksLikeZip(head)) {
            return readZip(ZipArchive.open(bytes, source, limits), allowList, limits);
        }
        if (isLegacy(head)) {
            return readLegacy(bytes, source, allowList, limits);
        }
        if (TorchTar.looksLikeTar(head)) {
            return TorchTar.read(bytes, source, allowList, limits);
        }
        throw new CorruptModelException(source + ": not a torch.save file (neither a zip archive, the legacy"
                + " format's magic number nor a tar archive).");
    }

    public static boolean isLegacy(byte[] head) {
        if (head.length < LEGACY_HEAD.length) {
            return false;
        }
        for (int i = 0; i < LEGACY_HEAD.length; i++) {
            if (head[i] != LEGACY_HEAD[i]) return false;
        }
        return true;
    }

    /** The folder every record of a torch zip sits in: the text before the first '/' of the first entry. */
    public static String rootFolder(ZipArchive archive) {
        String first = archive.entries().isEmpty() ? "" : archive.entries().getFirst().name();
        int slash = first.indexOf('/');
        if (slash <= 0) {
            throw new CorruptModelException(archive.source() + ": not a torch archive (records must sit in one"
                    + " folder, the first entry is '" + first + "').");
        }
        return first.substring(0, slash);
    }

    static TorchArchive readZip(ZipArchive archive, AllowList allowList, Limits limits) {
        String root = rootFolder(archive);
        String source = archive.source();
        if (archive.entry(root + "/constants.pkl").isPresent()) {
            throw new UnsupportedModelException(source + ": a TorchScript archive (torch.jit.save); Brine reads"
                    + " torch.save files. Save the model's state_dict with torch.save instead.");
        }
        ZipEntry pickle = archive.entry(root + "/data.pkl").orElseThrow(() -> new CorruptModelException(source
                + ": the torch archive has no " + root + "/data.pkl."));
        boolean bigEndian = archive.entry(root + "/byteorder")
                .map(entry -> new String(archive.data(entry).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII)
                        .strip())
                .map(order -> switch (order) {
                    case "little" -> false;
                    case "big" -> true;
                    default -> throw new CorruptModelException(source + ": byteorder record says '" + order + "'.");
                })
                .orElse(false);
        Map<String, TorchStorage> storages = new HashMap<>();
        PersistentLoader loader = (id, context) -> {
            StorageId storageId = StorageId.parse(id, 5, context);
            return storages.computeIfAbsent(storageId.key(), key -> {
                TorchStorage storage = new TorchStorage(key, TorchGlobals.storageType(storageId.type(), context),
                        storageId.numElements(), bigEndian);
                ZipEntry record = archive.entry(root + "/data/" + key).orElseThrow(() -> new CorruptModelException(
                        context.where() + ": storage '" + key + "' has no record " + root + "/data/" + key + "."));
                storage.bind(archive.data(record), source + " entry " + record.name());
                return storage;
            });
        };
        UnpicklerOptions options = UnpicklerOptions.of(allowList, limits).withPersistentLoader(loader);
        PyValue value = Unpickler.loader(archive.data(pickle), 0, source + " entry " + pickle.name(),
                0, options).load();
        return new TorchArchive("zip", value, TensorPaths.of(value, limits));
    }

    static TorchArchive readLegacy(MemorySegment file, String source, AllowList allowList, Limits limits) {
        Map<String, TorchStorage> storages = new HashMap<>();
        Map<String, TorchStorage> views = new HashMap<>();
        boolean[] bigEndian = {false};
        PersistentLoader loader = (id, context) -> {
            StorageId storageId = StorageId.parse(id, 6, context);
            TorchStorage storage = storages.computeIfAbsent(storageId.key(), key -> new TorchStorage(key,
                    TorchGlobals.storageType(storageId.type(), context), storageId.numElements(), bigEndian[0]));
            if (storageId.view() == null) {
                return storage;
            }
            StorageId.View view = storageId.view();
            return views.computeIfAbsent(view.key(), key -> TorchStorage.viewOf(storage, key, view.offset(),
                    view.numElements()));
        };
        Unpickler unpickler = Unpickler.loader(file, 0, source, 0,
                UnpicklerOptions.of(allowList, limits).withPersistentLoader(loader));
        if (!(unpickler.load() instanceof PyInt magic) || !magic.value().equals(LEGACY_MAGIC)) {
            throw new CorruptModelException(source + ": the legacy torch magic number is wrong.");
        }
        if (!(unpickler.load() instanceof PyInt protocol) || !protocol.value().equals(BigInteger.valueOf(1001))) {
            throw new UnsupportedModelException(source + ": legacy torch protocol version other than 1001.");
        }
        if (unpickler.load() instanceof PyDict sysInfo
                && sysInfo.get("little_endian").orElse(PyBool.TRUE) == PyBool.FALSE) {
            bigEndian[0] = true;
        }
        PyValue value = unpickler.load();
        if (!(unpickler.load() instanceof PyList keys)) {
            throw new CorruptModelException(source + ": the legacy torch storage key list is missing.");
        }
        long at = unpickler.position();
        for (PyValue keyValue : keys.items()) {
            if (!(keyValue instanceof PyStr key) || !storages.containsKey(key.value())) {
                throw new CorruptModelException(source + " offset " + at + ": storage key " + keyValue
                        + " is not one the data refers to.");
            }
            if (at + 8 > file.byteSize()) {
                throw new CorruptModelException(source + " offset " + at + ": the storage data is truncated.");
            }
            long count = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at);
            TorchStorage storage = storages.get(key.value());
            long bytes;
            try {
                bytes = Math.multiplyExact(count, (long) storage.dtype().byteSize());
            } catch (ArithmeticException e) {
                bytes = -1;
            }
            if (count < 0 || bytes < 0 || bytes > file.byteSize() - at - 8) {
                throw new CorruptModelException(source + " offset " + at + ": storage '" + key.value() + "' of "
                        + count + " elements runs past the end of the file.");
            }
            storage.bind(file.asSlice(at + 8, bytes), source + " offset " + at);
            at += 8 + bytes;
        }
        return new TorchArchive("legacy", value, TensorPaths.of(value, limits));
    }

    /**
     * A persistent id {@code ('storage', type, key, location, numel[, view_metadata])}.
     *
     * @param view the legacy format's {@code (view_key, offset, size)}, or null
     */
    private record StorageId(PyGlobal type, String key, long numElements, View view) {
        record View(String key, long offset, long numElements) {
        }

        static StorageId parse(PyValue id, int legacyLength, PickleContext context) {
            if (!(id instanceof PyTuple tuple) || tuple.size() < 5 || tuple.size() > legacyLength
                    || !new PyStr("storage").equals(tuple.get(0))) {
                throw context.unsupported("torch persistent id " + id + "; Brine reads ('storage', …) ids");
            }
            if (!(tuple.get(1) instanceof PyGlobal type) || !(tuple.get(2) instanceof PyStr key)) {
                throw context.corrupt("torch storage id " + id);
            }
            long numElements = count(tuple.get(4), context);
            View view = null;
            if (tuple.size() == 6 && tuple.get(5) instanceof PyTuple viewTuple) {
                if (viewTuple.size() != 3 || !(viewTuple.get(0) instanceof PyStr viewKey)) {
                    throw context.corrupt("torch storage view " + viewTuple);
                }
                view = new View(viewKey.value(), count(viewTuple.get(1), context), count(viewTuple.get(2), context));
            } else if (tuple.size() == 6 && tuple.get(5) != PyNone.NONE) {
                throw context.corrupt("torch storage view " + tuple.get(5));
            }
            return new StorageId(type, key.value(), numElements, view);
        }

        private static long count(PyValue value, PickleContext context) {
            if (!(value instanceof PyInt number) || number.value().signum() < 0 || number.value().bitLength() > 48) {
                throw context.corrupt("torch storage size " + value + " is not an int in [0, 2^48)");
            }
            return number.longValue();
        }
    }
}
