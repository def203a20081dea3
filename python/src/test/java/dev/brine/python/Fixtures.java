package dev.brine.python;

import dev.brine.core.tensor.Tensor;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyBytes;
import dev.brine.python.pickle.PyComplex;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyList;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PySet;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Access to the fixtures written by {@code src/test/fixtures-gen/generate.py}, and the same "describe" text form
 * the generator writes for expected values, computed here from what Brine read.
 */
public final class Fixtures {

    public static final Path MARKER = Path.of("/tmp/brine-payload-marker");

    private Fixtures() {
    }

    public static Path path(String relative) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + relative, e);
        }
    }

    public static String text(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of "name description" pairs. */
    public static Map<String, String> namedLines(String relative) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text(relative).split("\n")) {
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), line.substring(space + 1));
        }
        return out;
    }

    public static String describe(PyValue value) {
        return switch (value) {
            case PyNone none -> "N";
            case PyBool bool -> bool.value() ? "T" : "F";
            case PyInt integer -> "i:" + integer.value();
            case PyFloat number -> "f:" + bits(number.value());
            case PyComplex complex -> "c:" + bits(complex.real()) + ":" + bits(complex.imag());
            case PyStr text -> "s:" + HexFormat.of().formatHex(text.value().getBytes(StandardCharsets.UTF_8));
            case PyBytes bytes -> (bytes.byteArray() ? "B:" : "b:") + HexFormat.of().formatHex(bytes.toByteArray());
            case PyTuple tuple -> "(" + joined(tuple.items()) + ")";
            case PyList list -> "[" + joined(list.items()) + "]";
            case PyDict dict -> (dict.type().isPresent() ? "O{" : "{") + dict.entries().entrySet().stream()
                    .map(entry -> describe(entry.getKey()) + ":" + describe(entry.getValue()))
                    .collect(Collectors.joining(",")) + "}";
            case PySet set -> (set.frozen() ? "fset(" : "set(") + set.items().stream().map(Fixtures::describe)
                    .sorted().collect(Collectors.joining(",")) + ")";
            case NdArray array when array.isObjectArray() -> "ndo:" + java.util.Arrays.stream(array.shape())
                    .mapToObj(Long::toString).collect(Collectors.joining(",")) + ":[" + joined(array.objects()) + "]";
            case NdArray array -> describe(array.toTensor(), array.dtype().kind());
            default -> throw new AssertionError("no description for " + value.typeName());
        };
    }

    /** A tensor as the generator describes a numpy array of the same values. */
    public static String describe(Tensor tensor, char numpyKind) {
        int size = tensor.dtype().byteSize();
        String dtype = (size == 1 ? "|" : "<") + numpyKind + size;
        String shape = java.util.Arrays.stream(tensor.shape().dims()).mapToObj(Long::toString)
                .collect(Collectors.joining(","));
        return "nd:" + dtype + ":" + shape + ":"
                + HexFormat.of().formatHex(tensor.data().toArray(ValueLayout.JAVA_BYTE));
    }

    public static char numpyKind(Tensor tensor) {
        return switch (tensor.dtype().kind()) {
            case FLOAT -> 'f';
            case SIGNED -> 'i';
            case UNSIGNED -> 'u';
            case BOOL -> 'b';
        };
    }

    private static String joined(List<PyValue> items) {
        return items.stream().map(Fixtures::describe).collect(Collectors.joining(","));
    }

    private static String bits(double value) {
        return String.format("%016x", Double.doubleToRawLongBits(value));
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
