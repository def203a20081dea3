package dev.brine.core.format;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated safetensors header (https://github.com/huggingface/safetensors#format; docs/format.md §2). Everything
 * the specification makes ambiguous is refused before any tensor is touched: unknown keys, unknown dtypes, byte
 * ranges that do not match the shape, overlap, gaps, ranges that do not cover the data buffer exactly, and trailing
 * bytes.
 *
 * @param tensors     the tensors in header order
 * @param metadata    the {@code __metadata__} map (string → string), empty if absent
 * @param headerBytes N, the length of the JSON header
 * @param dataBytes   the length of the data buffer, which starts at file offset {@code 8 + N}
 */
public record SafetensorsHeader(List<TensorEntry> tensors, Map<String, String> metadata, long headerBytes,
                                long dataBytes) {

    /** Reserved key of the header that holds string metadata. */
    public static final String METADATA_KEY = "__metadata__";
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");
    /** The largest byte array a JVM reliably allocates. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    public SafetensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** File offset of the first data byte. */
    public long dataStart() {
        return 8 + headerBytes;
    }

    /**
     * Reads the 8-byte little-endian header length and checks it against the limit and, when known, the file
     * length ({@code fileBytes < 0} when reading a stream).
     */
    public static long readHeaderLength(byte[] prefix, long fileBytes, Limits limits, String source) {
        if (prefix.length < 8) {
            throw new CorruptModelException(source + ": " + prefix.length + " bytes is too short for a safetensors"
                    + " file, which starts with an 8-byte header length.");
        }
        long length = ByteBuffer.wrap(prefix, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // The header is parsed from one byte array, whatever limit the caller raised maxHeaderBytes to.
        long maximum = Math.min(limits.maxHeaderBytes(), MAX_ARRAY_BYTES);
        if (length < 2 || length > maximum) {
            throw new CorruptModelException(source + " offset 0: header length " + Long.toUnsignedString(length)
                    + " is outside 2.." + maximum + " (Limits.maxHeaderBytes). The file is not safetensors, or is"
                    + " corrupt.");
        }
        if (fileBytes >= 0 && 8 + length > fileBytes) {
            throw new CorruptModelException(source + " offset 0: header length " + length + " runs past the end of"
                    + " the file (" + fileBytes + " bytes): the file is truncated.");
        }
        return length;
    }

    /**
     * Parses and validates the header JSON. {@code fileBytes} is the whole file's length, or -1 for a stream (then
     * the data length is taken from the offsets and the caller checks that exactly that many bytes follow).
     */
    public static SafetensorsHeader parse(byte[] json, long fileBytes, Limits limits, String source) {
        if (json.length == 0 || json[0] != '{') {
            throw new CorruptModelException(source + " offset 8: the header must start with '{'; found "
                    + (json.length == 0 ? "nothing" : String.format("byte 0x%02x", json[0]))
                    + ". The file is not safetensors, or is corrupt.");
        }
        // Member by member: each entry becomes a small TensorEntry as it is read, so a header of a million entries
        // never exists as a million JSON trees.
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorEntry> tensors = new ArrayList<>();
        JsonParser.forEachMember(json, source + " header", 8, limits, (key, value) -> {
            if (key.equals(METADATA_KEY)) {
                metadata.putAll(readMetadata(value, source));
            } else {
                Limits.check(source + ": tensor count", tensors.size() + 1L, limits.maxTensors(), "maxTensors");
                tensors.add(readEntry(key, value, limits, source));
            }
        });
        long dataBytes = checkLayout(tensors, 8 + json.length, fileBytes < 0 ? -1 : fileBytes - 8 - json.length,
                source);
        return new SafetensorsHeader(tensors, metadata, json.length, dataBytes);
    }

    private static Map<String, String> readMetadata(Json value, String source) {
        if (!(value instanceof Json.JsonObject object)) {
            throw new CorruptModelException(source + ": __metadata__ must be an object of strings.");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, Json> entry : object.members().entrySet()) {
            if (!(entry.getValue() instanceof Json.JsonString string)) {
                throw new CorruptModelException(source + ": __metadata__[\"" + entry.getKey() + "\"] must be a"
                        + " string; safetensors metadata maps strings to strings.");
            }
            metadata.put(entry.getKey(), string.value());
        }
        return metadata;
    }

    private static TensorEntry readEntry(String name, Json value, Limits limits, String source) {
        String where = source + " tensor \"" + name + "\"";
        if (!(value instanceof Json.JsonObject object)) {
            throw new CorruptModelException(where + ": the entry must be an object with dtype, shape and"
                    + " data_offsets.");
        }
        for (String key : object.members().keySet()) {
            if (!ENTRY_KEYS.contains(key)) {
                throw new CorruptModelException(where + ": unknown key \"" + key + "\"; entries have only "
                        + ENTRY_KEYS + ".");
            }
        }
        if (!(object.getOrNull("dtype") instanceof Json.JsonString dtypeName)) {
            throw new CorruptModelException(where + ": dtype is missing or not a string.");
        }
        DType dtype = DType.fromSafetensorsName(dtypeName.value(), where);
        long[] dims = readIntegers(object.getOrNull("shape"), -1, where, "shape");
        Limits.check(where + ": rank", dims.length, limits.maxRank(), "maxRank");
        long[] offsets = readIntegers(object.getOrNull("data_offsets"), 2, where, "data_offsets");
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw new CorruptModelException(where + ": data_offsets [" + begin + ", " + end + "] end before they"
                    + " begin.");
        }
        long elements = 1;
        try {
            for (long dim : dims) {
                elements = Math.multiplyExact(elements, dim);
            }
            long expected = Math.multiplyExact(elements, (long) dtype.byteSize());
            if (expected != end - begin) {
                throw new CorruptModelException(where + ": shape " + Shape.of(dims) + " of " + dtype + " needs "
                        + expected + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                        + ".");
            }
        } catch (ArithmeticException e) {
            throw new CorruptModelException(where + ": shape " + java.util.Arrays.toString(dims)
                    + " overflows 64 bits.");
        }
        Limits.check(where + ": byte size", end - begin, limits.maxTensorBytes(), "maxTensorBytes");
        return new TensorEntry(name, dtype, Shape.of(dims), begin, end);
    }

    private static long[] readIntegers(Json value, int expectedCount, String where, String key) {
        if (!(value instanceof Json.JsonArray array)) {
            throw new CorruptModelException(where + ": " + key + " is missing or not an array.");
        }
        if (expectedCount >= 0 && array.size() != expectedCount) {
            throw new CorruptModelException(where + ": " + key + " must have " + expectedCount + " items, has "
                    + array.size() + ".");
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(array.get(i) instanceof Json.JsonNumber number) || !number.isIntegral()
                    || number.text().startsWith("-")) {
                throw new CorruptModelException(where + ": " + key + "[" + i + "] = " + array.get(i)
                        + " is not a non-negative integer.");
            }
            try {
                out[i] = number.longValue();
            } catch (RuntimeException e) {
                throw new CorruptModelException(where + ": " + key + "[" + i + "] = " + number.text()
                        + " does not fit in 64 bits.");
            }
        }
        return out;
    }

    /**
     * Sorted by offset, the ranges must start at 0, touch each other, and end where the data buffer ends. Returns
     * the data buffer's length.
     */
    private static long checkLayout(List<TensorEntry> tensors, long dataStart, long dataBytes, String source) {
        List<TensorEntry> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expectedBegin = 0;
        for (TensorEntry entry : byOffset) {
            if (entry.begin() != expectedBegin) {
                String problem = entry.begin() < expectedBegin ? "overlaps the previous tensor" : "leaves a gap";
                throw new CorruptModelException(source + " tensor \"" + entry.name() + "\": data_offsets begin at "
                        + entry.begin() + " (file offset " + fileOffset(dataStart, entry.begin()) + ") but the"
                        + " previous tensor ends at " + expectedBegin + ": it " + problem + ". Tensors must cover"
                        + " the data buffer exactly once.");
            }
            expectedBegin = entry.end();
        }
        if (dataBytes >= 0 && expectedBegin != dataBytes) {
            throw new CorruptModelException(source + ": tensors end at data offset " + expectedBegin + " but the"
                    + " data buffer holds " + dataBytes + " bytes: the file is "
                    + (dataBytes < expectedBegin ? "truncated" : "followed by trailing bytes") + ".");
        }
        return expectedBegin;
    }

    /** Both are at most {@code Long.MAX_VALUE}, so their sum fits 64 unsigned bits even for a hostile offset. */
    private static String fileOffset(long dataStart, long dataOffset) {
        return Long.toUnsignedString(dataStart + dataOffset);
    }

    /** Serialises a header: tensors in the given order with consecutive offsets, padded with spaces to 8 bytes. */
    public static byte[] encode(List<TensorEntry> tensors, Map<String, String> metadata) {
        Json.ObjectBuilder root = Json.object();
        if (!metadata.isEmpty()) {
            Json.ObjectBuilder meta = Json.object();
            metadata.forEach(meta::put);
            root.put(METADATA_KEY, meta.build());
        }
        for (TensorEntry entry : tensors) {
            root.put(entry.name(), Json.object()
                    .put("dtype", entry.dtype().name())
                    .put("shape", Json.arrayOfLongs(entry.shape().dims()))
                    .put("data_offsets", Json.arrayOfLongs(new long[] {entry.begin(), entry.end()}))
                    .build());
        }
        byte[] json = root.build().toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }
}
