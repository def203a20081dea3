package dev.brine.python.torch;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.DType;
import dev.brine.python.io.SegmentChannel;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.HostValue;
import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyGlobal;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyList;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;
import dev.brine.python.pickle.Unpickler;
import dev.brine.python.pickle.UnpicklerOptions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tar format {@code torch.save} wrote before PyTorch 0.4 (torch 0.1.x; torch 1.13 still reads it in
 * {@code serialization.py}'s {@code legacy_load}). Four members, each pickled with protocol 2:
 * <ul>
 *   <li>{@code sys_info}: a dict with {@code little_endian};</li>
 *   <li>{@code storages}: a pickled count, then per storage a pickled {@code (key, location, storage class)}
 *   followed by its element count (int64) and its elements; last a pickled list of storage views
 *   {@code (view_key, root_key, offset, numel)};</li>
 *   <li>{@code tensors}: a pickled count, then per tensor a pickled {@code (key, storage_key, tensor class)}
 *   followed by its rank (8 bytes, of which torch reads the first 4 as int32), sizes and strides (int64 each) and
 *   storage offset (int64);</li>
 *   <li>{@code pickle}: the object, naming tensors and storages by the persistent id {@code str(key)} and module
 *   classes by {@code (class, source_file, source)}.</li>
 * </ul>
 * Numbers are little-endian. Members are slices of the file, listed through commons-compress's {@link TarFile};
 * storages are slices of their member. Member names that leave the archive and links are unsafe; duplicate,
 * missing or truncated members are corrupt.
 */
public final class TorchTar {

    /** The members torch reads, in the order Brine reads them: the data before the object that refers to it. */
    private static final List<String> MEMBERS = List.of("sys_info", "storages", "tensors", "pickle");
    private static final ValueLayout.OfLong INT64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A member of the archive: its bytes (a slice of the file) and where they start in the file. */
    public record Member(String name, MemorySegment data, long offsetInFile) {
    }

    private final String source;
    private final Limits limits;
    private final List<Member> members;
    /** Storages, storage views and tensors by key: the keys the persistent ids of the {@code pickle} member name. */
    private final Map<Long, HostValue> objects = new HashMap<>();
    private boolean bigEndian;

    private TorchTar(String source, Limits limits, List<Member> members) {
        this.source = source;
        this.limits = limits;
        this.members = members;
    }

    /**
     * True when Python's tarfile opens the file: {@code torch.load} then reads it as this format, before trying the
     * legacy pickles, whatever else the bytes could be ({@link TarHeader}). {@code head} is at least the first 512
     * bytes when the file has them.
     */
    public static boolean looksLikeTar(byte[] head) {
        return dev.brine.python.io.TarHeader.pythonOpens(head);
    }

    /** Lists and checks the members; nothing is unpickled yet. */
    public static TorchTar open(MemorySegment file, String source, Limits limits) {
        List<TarArchiveEntry> entries;
        try (TarFile tar = new TarFile(new SegmentChannel(file))) {
            entries = tar.getEntries();
        } catch (IOException | RuntimeException e) {
            // commons-compress stops at the first header it cannot read or the first member that runs past the end
            throw new CorruptModelException(source + ": not a readable tar archive (" + e.getMessage() + "; the file"
                    + " ends at offset " + file.byteSize() + "). The file is damaged or truncated.", e);
        }
        Limits.check(source + ": tar members", entries.size(), limits.maxElements(), "maxElements");
        Map<String, Member> found = new LinkedHashMap<>();
        for (TarArchiveEntry entry : entries) {
            String name = entry.getName();
            long offset = entry.getDataOffset();
            String where = source + " member '" + name + "' (data at offset " + offset + ")";
            if (escapes(name)) {
                throw new UnsafeModelException(where + ": the name leads outside the folder the archive is extracted"
                        + " to (path traversal). torch.save never writes such names; the file was crafted.");
            }
            if (entry.isSymbolicLink() || entry.isLink()) {
                throw new UnsafeModelException(where + ": a link to '" + entry.getLinkName() + "'. torch.save writes"
                        + " only regular files; a link would make a reader open another file.");
            }
            if (!entry.isFile() || entry.isSparse()) {
                throw new CorruptModelException(where + ": not a regular file; torch.save writes only regular files.");
            }
            if (offset < 0 || entry.getSize() < 0 || entry.getSize() > file.byteSize() - offset) {
                throw new CorruptModelException(where + ": declares " + entry.getSize() + " bytes but the file ends"
                        + " at offset " + file.byteSize() + ". The file is truncated.");
            }
            Member member = new Member(name, file.asSlice(offset, entry.getSize()), offset);
            Member earlier = found.putIfAbsent(name, member);
            if (earlier != null) {
                throw new CorruptModelException(where + ": a second member of that name (the first has its data at"
                        + " offset " + earlier.offsetInFile() + "); torch.save writes each member once.");
            }
        }
        List<Member> ordered = MEMBERS.stream().map(name -> {
            Member member = found.get(name);
            if (member == null) {
                throw new CorruptModelException(source + ": the tar archive has no member '" + name + "'; a torch"
                        + " file of this format has " + MEMBERS + ".");
            }
            return member;
        }).toList();
        return new TorchTar(source, limits, ordered);
    }

    /** Absolute names, Windows drive names and any ".." step leave the extraction folder. */
    private static boolean escapes(String name) {
        String path = name.replace('\\', '/');
        if (path.startsWith("/") || path.length() > 1 && path.charAt(1) == ':') {
            return true;
        }
        for (String step : path.split("/")) {
            if (step.equals("..")) return true;
        }
        return false;
    }

    /** The members in reading order: {@code sys_info}, {@code storages}, {@code tensors}, {@code pickle}. */
    public List<Member> members() {
        return members;
    }

    /** How messages name a member: {@code "model.pt member storages"}. */
    public String where(Member member) {
        return source + " member " + member.name();
    }

    /** Reads a whole file: the object of its {@code pickle} member, with its tensors. */
    static TorchArchive read(MemorySegment file, String source, AllowList allowList, Limits limits) {
        TorchTar tar = open(file, source, limits);
        PyValue root = PyNone.NONE;
        for (Member member : tar.members()) {
            UnpicklerOptions options = UnpicklerOptions.of(allowList, limits);
            if (member.name().equals("pickle")) {
                options = options.withPersistentLoader(tar::persistent);
            }
            root = tar.walk(member, Unpickler.loader(member.data(), 0, tar.where(member), member.offsetInFile(),
                    options));
        }
        return new TorchArchive("tar", root, TensorPaths.of(root, limits));
    }

    /**
     * Loads every pickle of {@code member} with {@code unpickler} (a loader, or a scanner for {@code brine scan}),
     * checking the raw records between them; members must be walked in {@link #members()} order.
     *
     * @return the object for {@code pickle}, else None
     */
    public PyValue walk(Member member, Unpickler unpickler) {
        switch (member.name()) {
            case "sys_info" -> {
                if (unpickler.load() instanceof PyDict info
                        && info.get("little_endian").orElse(PyBool.TRUE) == PyBool.FALSE) {
                    bigEndian = true;
                }
            }
            case "storages" -> storages(unpickler);
            case "tensors" -> tensors(unpickler);
            case "pickle" -> {
                return unpickler.load();
            }
            default -> throw new IllegalStateException("not a member torch reads: " + member.name());
        }
        return PyNone.NONE;
    }

    private void storages(Unpickler unpickler) {
        long count = count(unpickler, "storages");
        for (long i = 0; i < count; i++) {
            Record record = record(unpickler, "storage record", "(key, location, storage class)");
            PyTuple tuple = record.tuple();
            String where = record.where();
            long key = key(tuple.get(0), where);
            DType dtype = TorchGlobals.storageType((PyGlobal) tuple.get(2), where);
            long countAt = unpickler.position();
            long numElements = unpickler.readRaw(8, "a storage's element count").get(INT64, 0);
            long available = unpickler.remaining();
            if (numElements < 0 || numElements > available / dtype.byteSize()) {
                throw new CorruptModelException(unpickler.where(countAt) + ": storage " + key + " declares "
                        + numElements + " " + dtype + " elements but only " + available + " bytes follow in the"
                        + " member.");
            }
            TorchStorage storage = new TorchStorage(Long.toString(key), dtype, numElements, bigEndian);
            storage.bind(unpickler.readRaw(numElements * dtype.byteSize(), "storage data"), where);
            put(key, storage, where);
        }
        long viewsAt = unpickler.position();
        String where = unpickler.where(viewsAt);
        if (!(unpickler.load() instanceof PyList views)) {
            throw new CorruptModelException(where + ": the list of storage views is missing.");
        }
        Limits.check(where + ": storage views", views.size(), limits.maxTensors(), "maxTensors");
        for (PyValue view : views.items()) {
            if (!(view instanceof PyTuple tuple) || tuple.size() != 4) {
                throw new CorruptModelException(where + ": storage view " + view + " is not (view, root, offset,"
                        + " numel).");
            }
            long viewKey = key(tuple.get(0), where);
            if (!(objects.get(key(tuple.get(1), where)) instanceof TorchStorage root)) {
                throw new CorruptModelException(where + ": storage view " + view + " names a root storage the"
                        + " member does not hold.");
            }
            put(viewKey, TorchStorage.viewOf(root, Long.toString(viewKey), bounded(tuple.get(2), where),
                    bounded(tuple.get(3), where)), where);
        }
    }

    private void tensors(Unpickler unpickler) {
        long count = count(unpickler, "tensors");
        for (long i = 0; i < count; i++) {
            Record record = record(unpickler, "tensor record", "(key, storage key, tensor class)");
            PyTuple tuple = record.tuple();
            String where = record.where();
            long key = key(tuple.get(0), where);
            if (tuple.get(1) == PyNone.NONE) {
                throw new UnsupportedModelException(where + ": tensor " + key + " has no storage (torch 0.1 wrote"
                        + " that for some empty tensors; torch 1.13 cannot read it either).");
            }
            long storageKey = key(tuple.get(1), where);
            long rankAt = unpickler.position();
            // torch writes the rank as 8 bytes and reads the first 4 as an int32, as we do.
            int rank = unpickler.readRaw(8, "a tensor's rank").get(INT32, 0);
            Limits.check(unpickler.where(rankAt) + ": tensor " + key + " rank", rank, limits.maxRank(), "maxRank");
            MemorySegment layout = unpickler.readRaw(8L * (2L * rank + 1), "a tensor's sizes, strides and offset");
            long[] size = new long[rank];
            long[] stride = new long[rank];
            for (int axis = 0; axis < rank; axis++) {
                size[axis] = bounded(layout.get(INT64, 8L * axis), where);
                stride[axis] = bounded(layout.get(INT64, 8L * (rank + axis)), where);
            }
            long offset = bounded(layout.get(INT64, 16L * rank), where);
            if (!(objects.get(storageKey) instanceof TorchStorage storage)) {
                throw new CorruptModelException(where + ": tensor " + key + " names storage " + storageKey
                        + ", which the storages member does not hold.");
            }
            put(key, new TorchTensor(storage, offset, size, stride, false, false, where), where);
        }
    }

    /** A pickled record of the storages or tensors member and where it starts. */
    private record Record(PyTuple tuple, String where) {
    }

    /** The next record: a 3-tuple whose last item is a class, as both members write them. */
    private static Record record(Unpickler unpickler, String what, String expected) {
        long recordAt = unpickler.position();
        PyValue value = unpickler.load();
        String where = unpickler.where(recordAt);
        if (!(value instanceof PyTuple tuple) || tuple.size() != 3 || !(tuple.get(2) instanceof PyGlobal)) {
            throw new CorruptModelException(where + ": " + what + " " + value + " is not " + expected + ".");
        }
        return new Record(tuple, where);
    }

    /** The pickled count that opens the storages and tensors members. */
    private long count(Unpickler unpickler, String what) {
        long at = unpickler.position();
        PyValue count = unpickler.load();
        if (!(count instanceof PyInt number) || !number.fitsLong()) {
            throw new CorruptModelException(unpickler.where(at) + ": the " + what + " member does not start with"
                    + " its count (found " + count + ").");
        }
        Limits.check(unpickler.where(at) + ": " + what, number.longValue(), limits.maxTensors(), "maxTensors");
        return number.longValue();
    }

    private void put(long key, HostValue value, String where) {
        if (objects.putIfAbsent(key, value) != null) {
            throw new CorruptModelException(where + ": key " + key + " is used twice.");
        }
    }

    /** {@code persistent_load} of the {@code pickle} member. */
    private PyValue persistent(PyValue id, PickleContext context) {
        return switch (id) {
            // (module class, source file, source): the class, which the allow-list judged when its GLOBAL was read
            case PyTuple tuple when tuple.size() == 3 && tuple.get(0) instanceof PyGlobal moduleClass -> moduleClass;
            case PyStr text -> {
                HostValue value = objects.get(parseKey(text.value()));
                if (value == null) {
                    throw context.corrupt("persistent id '" + text.value() + "' names no tensor or storage of the"
                            + " tensors and storages members");
                }
                yield value;
            }
            default -> throw context.corrupt("torch persistent id " + id + " is neither a key nor a module class");
        };
    }

    /** A decimal key, or null (which names nothing) when the text is not one. */
    private static Long parseKey(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long key(PyValue value, String where) {
        if (!(value instanceof PyInt number) || !number.fitsLong()) {
            throw new CorruptModelException(where + ": key " + value + " is not an integer.");
        }
        return number.longValue();
    }

    /** Sizes, strides, offsets: non-negative and small enough that byte arithmetic cannot overflow. */
    private static long bounded(long value, String where) {
        if (value < 0 || value >= 1L << 48) {
            throw new CorruptModelException(where + ": tensor size, stride or offset " + value + " is not in [0,"
                    + " 2^48).");
        }
        return value;
    }

    private static long bounded(PyValue value, String where) {
        return bounded(key(value, where), where);
    }
}
