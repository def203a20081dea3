package dev.brine.core.io;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.LoadBudget;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A ZIP file read through its central directory, the way {@code java.util.zip.ZipFile} does and
 * {@code ZipInputStream} cannot (torch writes STORED entries with data descriptors; docs/python-formats.md). Stored
 * entries are slices of the mapped file; deflated ones are inflated with their declared size checked against the
 * limits first and verified after. Refused: names that escape the archive root (zip slip), entries whose data
 * overlap (the overlapping-entry zip bomb), encryption, and every inconsistency between the directories.
 */
public final class ZipArchive {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final long INFLATE_CHUNK = 1L << 30;

    private final MemorySegment file;
    private final String source;
    private final Limits limits;
    private final Map<String, ZipEntry> entries;
    private long inflatedBytes;

    private ZipArchive(MemorySegment file, String source, Limits limits, Map<String, ZipEntry> entries) {
        this.file = file;
        this.source = source;
        this.limits = limits;
        this.entries = entries;
    }

    /** True when the bytes start like a ZIP file (a local header, or an empty archive's end record). */
    public static boolean looksLikeZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }

    /** Reads and validates the directory of the ZIP file in {@code file}. */
    public static ZipArchive open(MemorySegment file, String source, Limits limits) {
        return new ZipArchive(file, source, limits, new DirectoryReader(file, source, limits).read());
    }

    /** Entries in central-directory order. */
    public List<ZipEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<ZipEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public String source() {
        return source;
    }

    /** The entry's uncompressed bytes: a slice of the file when stored, otherwise inflated into new memory. */
    public MemorySegment data(ZipEntry entry) {
        MemorySegment raw = file.asSlice(entry.dataOffset(), entry.compressedSize());
        if (entry.method() == ZipEntry.STORED) {
            return raw;
        }
        String where = source + " entry " + entry.name();
        Limits.check(where + ": uncompressed size", entry.size(), limits.maxTensorBytes(), "maxTensorBytes");
        inflatedBytes = Math.addExact(inflatedBytes, entry.size());
        Limits.check(source + ": bytes inflated from the archive", inflatedBytes, limits.maxInMemoryBytes(),
                "maxInMemoryBytes");
        LoadBudget.charge(entry.size(), () -> "inflating entry " + entry.name());
        MemorySegment out = Arena.ofAuto().allocate(Math.max(1, entry.size()), 8).asSlice(0, entry.size());
        inflate(raw, out, where);
        CRC32 crc = new CRC32();
        for (long at = 0; at < out.byteSize(); at += INFLATE_CHUNK) {
            crc.update(out.asSlice(at, Math.min(INFLATE_CHUNK, out.byteSize() - at)).asByteBuffer());
        }
        if ((int) crc.getValue() != entry.crc32()) {
            throw new CorruptModelException(where + ": CRC-32 mismatch; the entry is damaged.");
        }
        return out;
    }

    private static void inflate(MemorySegment raw, MemorySegment out, String where) {
        Inflater inflater = new Inflater(true);
        try {
            long inputAt = 0;
            long outputAt = 0;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (inputAt == raw.byteSize()) {
                        throw new CorruptModelException(where + ": the deflated data ends early.");
                    }
                    long chunk = Math.min(INFLATE_CHUNK, raw.byteSize() - inputAt);
                    inflater.setInput(raw.asSlice(inputAt, chunk).asByteBuffer());
                    inputAt += chunk;
                }
                if (outputAt == out.byteSize()) {
                    // Room is exhausted: anything more than the declared size is a lie (or a bomb).
                    byte[] probe = new byte[1];
                    if (inflater.inflate(probe) > 0) {
                        throw new CorruptModelException(where + ": inflates to more than its declared "
                                + out.byteSize() + " bytes; refusing (possible zip bomb).");
                    }
                    if (inflater.needsDictionary()) {
                        throw new CorruptModelException(where + ": deflate stream needs a preset dictionary.");
                    }
                    continue;
                }
                long room = Math.min(INFLATE_CHUNK, out.byteSize() - outputAt);
                outputAt += inflater.inflate(out.asSlice(outputAt, room).asByteBuffer());
                if (inflater.needsDictionary()) {
                    throw new CorruptModelException(where + ": deflate stream needs a preset dictionary.");
                }
            }
            if (outputAt != out.byteSize()) {
                throw new CorruptModelException(where + ": inflates to " + outputAt + " bytes, the directory says "
                        + out.byteSize() + ".");
            }
        } catch (DataFormatException e) {
            throw new CorruptModelException(where + ": invalid deflate data (" + e.getMessage() + ").");
        } finally {
            inflater.end();
        }
    }

    /** Parses the end record, the central directory and each local header. */
    private static final class DirectoryReader {
        private final MemorySegment file;
        private final String source;
        private final Limits limits;

        DirectoryReader(MemorySegment file, String source, Limits limits) {
            this.file = file;
            this.source = source;
            this.limits = limits;
        }

        private CorruptModelException corrupt(long offset, String problem) {
            return new CorruptModelException(source + " offset " + offset + ": " + problem
                    + " The ZIP archive is damaged or truncated.");
        }

        private void require(long offset, long length, String what) {
            if (offset < 0 || length < 0 || offset > file.byteSize() - length) {
                throw corrupt(offset, what + " lies outside the file (" + file.byteSize() + " bytes).");
            }
        }

        private int u16(long offset) {
            require(offset, 2, "a field");
            return file.get(U16, offset) & 0xFFFF;
        }

        private long u32(long offset) {
            require(offset, 4, "a field");
            return file.get(U32, offset) & 0xFFFF_FFFFL;
        }

        private long u64(long offset, String what) {
            require(offset, 8, what);
            long value = file.get(U64, offset);
            if (value < 0) {
                throw corrupt(offset, what + " is larger than 2^63.");
            }
            return value;
        }

        Map<String, ZipEntry> read() {
            long end = findEnd();
            long count = u16(end + 10);
            long directorySize = u32(end + 12);
            long directoryOffset = u32(end + 16);
            if (count == 0xFFFF || directorySize == 0xFFFF_FFFFL || directoryOffset == 0xFFFF_FFFFL) {
                long locator = end - 20;
                if (locator < 0 || (int) u32(locator) != ZIP64_LOCATOR_SIGNATURE) {
                    throw corrupt(end, "the end record points to ZIP64 fields but there is no ZIP64 locator.");
                }
                long zip64End = u64(locator + 8, "ZIP64 end record offset");
                if ((int) u32(zip64End) != ZIP64_END_SIGNATURE) {
                    throw corrupt(zip64End, "no ZIP64 end record where the locator points.");
                }
                count = u64(zip64End + 32, "ZIP64 entry count");
                directorySize = u64(zip64End + 40, "ZIP64 directory size");
                directoryOffset = u64(zip64End + 48, "ZIP64 directory offset");
            }
            Limits.check(source + ": ZIP entry count", count, limits.maxElements(), "maxElements");
            require(directoryOffset, directorySize, "the central directory");
            Map<String, ZipEntry> entries = new LinkedHashMap<>();
            long at = directoryOffset;
            for (long i = 0; i < count; i++) {
                ZipEntry entry = centralEntry(at);
                if (entries.putIfAbsent(entry.name(), entry) != null) {
                    throw corrupt(at, "the name '" + entry.name() + "' appears twice.");
                }
                at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
                if (at > directoryOffset + directorySize) {
                    throw corrupt(at, "the central directory is longer than its declared size.");
                }
            }
            refuseOverlaps(entries.values());
            return entries;
        }

        private long findEnd() {
            long last = file.byteSize() - 22;
            long first = Math.max(0, last - 0xFFFF);
            for (long at = last; at >= first; at--) {
                if (file.get(U32, at) == END_SIGNATURE && at + 22 + u16(at + 20) == file.byteSize()) {
                    return at;
                }
            }
            throw corrupt(Math.max(0, last), "no end-of-central-directory record.");
        }

        private ZipEntry centralEntry(long at) {
            if ((int) u32(at) != CENTRAL_SIGNATURE) {
                throw corrupt(at, "no central directory header.");
            }
            int flags = u16(at + 8);
            int method = u16(at + 10);
            int crc = (int) u32(at + 16);
            long compressed = u32(at + 20);
            long size = u32(at + 24);
            int nameLength = u16(at + 28);
            int extraLength = u16(at + 30);
            long localOffset = u32(at + 42);
            require(at + 46, nameLength + extraLength, "an entry name");
            String name = new String(file.asSlice(at + 46, nameLength).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8);
            long[] wide = zip64Values(at + 46 + nameLength, extraLength, size, compressed, localOffset);
            size = wide[0];
            compressed = wide[1];
            localOffset = wide[2];
            String where = source + " entry '" + name + "'";
            refuseEscapingName(name, where);
            if ((flags & 1) != 0) {
                throw new UnsupportedModelException(where + " is encrypted; Brine reads unencrypted archives.");
            }
            if (method != ZipEntry.STORED && method != ZipEntry.DEFLATED) {
                throw new UnsupportedModelException(where + " uses compression method " + method
                        + "; Brine reads stored and deflated entries.");
            }
            if (method == ZipEntry.STORED && compressed != size) {
                throw corrupt(at, "stored entry '" + name + "' has different compressed and uncompressed sizes.");
            }
            long dataOffset = localData(localOffset, name);
            require(dataOffset, compressed, "the data of entry '" + name + "'");
            return new ZipEntry(name, method, compressed, size, crc, localOffset, dataOffset);
        }

        /** Sizes and offset from the ZIP64 extra field where the 32-bit fields are saturated. */
        private long[] zip64Values(long extra, int extraLength, long size, long compressed, long offset) {
            long[] values = {size, compressed, offset};
            long end = extra + extraLength;
            while (extra + 4 <= end) {
                int id = u16(extra);
                int length = u16(extra + 2);
                if (extra + 4 + length > end) {
                    throw corrupt(extra, "an extra field runs past its header.");
                }
                if (id == 1) {
                    long at = extra + 4;
                    for (int i = 0; i < 3; i++) {
                        if (values[i] == 0xFFFF_FFFFL) {
                            if (at + 8 > extra + 4 + length) {
                                throw corrupt(at, "the ZIP64 extra field is too short.");
                            }
                            values[i] = u64(at, "a ZIP64 size");
                            at += 8;
                        }
                    }
                }
                extra += 4 + length;
            }
            return values;
        }

        private long localData(long localOffset, String name) {
            require(localOffset, 30, "the local header of '" + name + "'");
            if ((int) u32(localOffset) != LOCAL_SIGNATURE) {
                throw corrupt(localOffset, "no local header for entry '" + name + "'.");
            }
            int nameLength = u16(localOffset + 26);
            int extraLength = u16(localOffset + 28);
            require(localOffset + 30, nameLength, "a local entry name");
            String localName = new String(file.asSlice(localOffset + 30, nameLength).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8);
            if (!localName.equals(name)) {
                throw corrupt(localOffset, "the local header names '" + localName + "', the directory '" + name
                        + "'.");
            }
            return localOffset + 30 + nameLength + extraLength;
        }

        /** Zip slip: Brine extracts nothing, but an archive that tries it is hostile and is refused. */
        private static void refuseEscapingName(String name, String where) {
            boolean escapes = name.startsWith("/") || name.contains("\\") || name.contains("\0")
                    || (name.length() > 1 && name.charAt(1) == ':');
            for (String part : name.split("/")) {
                escapes |= part.equals("..");
            }
            if (escapes) {
                throw new UnsafeModelException(where + ": the name escapes the archive root (zip slip). Brine"
                        + " refuses archives that try to write outside their folder.");
            }
        }

        private void refuseOverlaps(java.util.Collection<ZipEntry> entries) {
            List<ZipEntry> byOffset = new ArrayList<>(entries);
            byOffset.sort(Comparator.comparingLong(ZipEntry::localHeaderOffset));
            Set<Long> headers = new HashSet<>();
            long previousEnd = 0;
            for (ZipEntry entry : byOffset) {
                if (!headers.add(entry.localHeaderOffset()) || entry.localHeaderOffset() < previousEnd) {
                    throw corrupt(entry.localHeaderOffset(), "entry '" + entry.name() + "' overlaps another"
                            + " entry's data (a zip bomb construction).");
                }
                previousEnd = entry.dataOffset() + entry.compressedSize();
            }
        }
    }
}
