package dev.brine.onnx.proto;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code TensorProto} split into what describes the tensor and where its values are, without decoding the
 * values: the data fields are kept as encoded slices so limits can be checked before anything is allocated.
 *
 * @param described      the encoded fields other than values and external-data fields, in file order (name, dims,
 *                       data_type, doc_string, segment, metadata_props, string_data): what a rewritten tensor keeps
 * @param typedValues    encoded occurrences of {@code float_data}, {@code int32_data}, {@code int64_data},
 *                       {@code double_data} or {@code uint64_data}
 * @param rawData        the {@code raw_data} bytes, or null
 * @param external       {@code external_data} entries (location, offset, length, checksum…)
 * @param stringCount    how many {@code string_data} entries there are
 * @param offsetInFile   where the message starts, for messages
 */
public record TensorProtoFields(String name, long[] dims, int dataType, List<MemorySegment> described,
                                List<TypedField> typedValues, MemorySegment rawData, Map<String, String> external,
                                boolean externalLocation, long stringCount, long offsetInFile, String source) {

    static final int DIMS = 1;
    static final int DATA_TYPE = 2;
    static final int FLOAT_DATA = 4;
    static final int INT32_DATA = 5;
    static final int STRING_DATA = 6;
    static final int INT64_DATA = 7;
    static final int NAME = 8;
    static final int RAW_DATA = 9;
    static final int DOUBLE_DATA = 10;
    static final int UINT64_DATA = 11;
    static final int EXTERNAL_DATA = 13;
    static final int DATA_LOCATION = 14;
    private static final int EXTERNAL = 1;

    /** One encoded occurrence of a typed value field: its number and its bytes, tag included. */
    public record TypedField(int field, MemorySegment encoded, long offsetInFile) {
    }

    public static TensorProtoFields parse(ProtoReader message, Limits limits) {
        long start = message.offset();
        String name = "";
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        List<MemorySegment> described = new ArrayList<>();
        List<TypedField> typed = new ArrayList<>();
        MemorySegment raw = null;
        Map<String, String> external = new LinkedHashMap<>();
        boolean externalLocation = false;
        long strings = 0;
        while (message.hasMore()) {
            long fieldOffset = message.offset();
            int field = message.nextField();
            switch (field) {
                case DIMS -> {
                    Limits.check(message.source() + " offset " + fieldOffset + ": tensor rank",
                            dims.size() + message.countAhead(0), limits.maxRank(), "maxRank");
                    message.varints(dims::add);
                    described.add(message.fieldBytes());
                }
                case DATA_TYPE -> {
                    message.expect(ProtoReader.VARINT);
                    dataType = (int) message.varint();
                    described.add(message.fieldBytes());
                }
                case NAME -> {
                    message.expect(ProtoReader.LENGTH_DELIMITED);
                    name = message.string(limits.maxStringBytes());
                    described.add(message.fieldBytes());
                }
                case RAW_DATA -> {
                    message.expect(ProtoReader.LENGTH_DELIMITED);
                    raw = message.bytes();
                }
                case FLOAT_DATA, INT32_DATA, INT64_DATA, DOUBLE_DATA, UINT64_DATA -> {
                    message.skip();
                    typed.add(new TypedField(field, message.fieldBytes(), fieldOffset));
                }
                case EXTERNAL_DATA -> {
                    message.expect(ProtoReader.LENGTH_DELIMITED);
                    ProtoReader entry = message.message();
                    String key = "";
                    String value = "";
                    while (entry.hasMore()) {
                        switch (entry.nextField()) {
                            case 1 -> key = entry.string(limits.maxStringBytes());
                            case 2 -> value = entry.string(limits.maxStringBytes());
                            default -> entry.skip();
                        }
                    }
                    if (external.put(key, value) != null) {
                        throw new CorruptModelException(message.source() + " offset " + fieldOffset
                                + ": external_data names \"" + key + "\" twice.");
                    }
                }
                case DATA_LOCATION -> {
                    message.expect(ProtoReader.VARINT);
                    externalLocation = message.varint() == EXTERNAL;
                }
                case STRING_DATA -> {
                    message.skip();
                    strings++;
                    described.add(message.fieldBytes());
                }
                default -> {
                    message.skip();
                    described.add(message.fieldBytes());
                }
            }
        }
        long[] dimArray = dims.stream().mapToLong(Long::longValue).toArray();
        return new TensorProtoFields(name, dimArray, dataType, described, typed, raw, external, externalLocation,
                strings, start, message.source());
    }

    /** True when the values live in another file. */
    public boolean isExternal() {
        return externalLocation || !external.isEmpty();
    }

    public String where() {
        return source + " offset " + offsetInFile + ": tensor \"" + name + "\"";
    }
}
