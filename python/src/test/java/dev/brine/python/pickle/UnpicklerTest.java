package dev.brine.python.pickle;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.python.Fixtures;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.numpy.NumpyGlobals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnpicklerTest {

    static final AllowList DATA = Builtins.allowList().toBuilder().allowAll(NumpyGlobals.allowList()).build();

    private static PyValue load(String fixture) {
        return Pickles.load(Fixtures.path(fixture), DATA, Limits.DEFAULTS);
    }

    private static PyValue load(byte[] pickle) {
        return Pickles.load(pickle, DATA, Limits.DEFAULTS);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void readsEveryProtocolAsPythonWroteIt(int protocol) {
        assertEquals(Fixtures.text("pickle/sink.expected"), Fixtures.describe(load("pickle/sink_p" + protocol + ".pkl")));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void readsNumpyArraysDtypesAndScalars(int protocol) {
        assertEquals(Fixtures.text("pickle/numpy.expected"),
                Fixtures.describe(load("pickle/numpy_p" + protocol + ".pkl")));
    }

    @Test
    void memoKeepsSharedReferencesAndCycles() {
        PyList list = (PyList) load("pickle/recursive_p2.pkl");
        assertEquals(2, list.size());
        assertSame(list, list.get(1));
        PyDict sink = (PyDict) load("pickle/sink_p4.pkl");
        PyTuple shared = (PyTuple) sink.get("shared").orElseThrow();
        assertSame(shared.get(0), shared.get(1));
        assertTrue(list.toString().contains("..."), "printing a cycle stops");
    }

    @Test
    void readsOutOfBandBuffersInOrder() throws Exception {
        List<MemorySegment> buffers = List.of(
                MemorySegment.ofArray(Files.readAllBytes(Fixtures.path("pickle/oob_p5.buf0"))),
                MemorySegment.ofArray(Files.readAllBytes(Fixtures.path("pickle/oob_p5.buf1"))));
        MemorySegment pickle = MemorySegment.ofArray(Files.readAllBytes(Fixtures.path("pickle/oob_p5.pkl")));
        PyValue value = Pickles.load(pickle, "oob_p5.pkl",
                UnpicklerOptions.of(DATA, Limits.DEFAULTS).withBuffers(buffers));
        assertEquals(Fixtures.text("pickle/oob_p5.expected"), Fixtures.describe(value));
        CorruptModelException missing = assertThrows(CorruptModelException.class,
                () -> Pickles.load(pickle, "oob_p5.pkl", UnpicklerOptions.of(DATA, Limits.DEFAULTS)));
        assertTrue(missing.getMessage().contains("out-of-band"), missing.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void readsStructuredArrayFieldsByName(int protocol) {
        NdArray nodes = (NdArray) load("pickle/structured_p" + protocol + ".pkl");
        String described = Fixtures.text("pickle/structured.expected");
        StringBuilder actual = new StringBuilder("O{");
        for (var field : nodes.dtype().fields()) {
            if (actual.length() > 2) actual.append(',');
            var tensor = nodes.field(field.name());
            actual.append(Fixtures.describe(new PyStr(field.name()))).append(':')
                    .append(Fixtures.describe(tensor, field.dtype().kind()));
        }
        assertEquals(described, actual.append('}').toString());
        assertEquals(56, nodes.dtype().itemSize());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void readsTextAndObjectArraysAsStrings(int protocol) {
        PyDict labels = (PyDict) load("pickle/labels_p" + protocol + ".pkl");
        NdArray objects = (NdArray) labels.get("object").orElseThrow();
        assertEquals(List.of(new PyStr("cat"), new PyStr("dog"), PyNone.NONE), objects.objects());
        assertEquals(List.of("ab", "cde"), ((NdArray) labels.get("unicode").orElseThrow()).toStrings());
        assertEquals(List.of("x", "yz"), ((NdArray) labels.get("bytes").orElseThrow()).toStrings());
    }

    @Test
    void refusesAGlobalOutsideTheAllowListNamingItAndItsOffset() {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> Pickles.load(Fixtures.path("malicious/reduce_system.pkl"), DATA, Limits.DEFAULTS));
        assertTrue(error.getMessage().contains("`posix.system`"), error.getMessage());
        assertTrue(error.getMessage().contains("reduce_system.pkl offset 2"), error.getMessage());
    }

    @Test
    void mapsPython2NamesBeforeCheckingThem() {
        byte[] pickle = "c__builtin__\nset\n((lp0\nI1\naI2\natR.".getBytes(StandardCharsets.ISO_8859_1);
        PySet set = (PySet) load(pickle);
        assertEquals(2, set.size());
        byte[] evil = "c__builtin__\neval\n(S'1'\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        UnsafeModelException error = assertThrows(UnsafeModelException.class, () -> load(evil));
        assertTrue(error.getMessage().contains("builtins.eval"), error.getMessage());
    }

    @Test
    void refusesExtensionCodesUnlessRegistered() {
        byte[] pickle = {(byte) 0x80, 2, (byte) 0x82, 7, ')', (byte) 0x81, '.'};
        assertThrows(UnsafeModelException.class, () -> load(pickle));
        AllowList withExtension = DATA.toBuilder().extension(7, "collections", "OrderedDict").build();
        PyDict dict = (PyDict) Pickles.load(pickle, withExtension, Limits.DEFAULTS);
        assertEquals("collections.OrderedDict", dict.typeName());
    }

    @Test
    void handsPersistentIdsToTheHostAndRefusesThemWithoutOne() {
        byte[] pickle = {(byte) 0x80, 2, 'K', 5, 'Q', '.'};
        assertThrows(CorruptModelException.class, () -> load(pickle));
        PyValue value = Pickles.load(MemorySegment.ofArray(pickle), "p", UnpicklerOptions.of(DATA, Limits.DEFAULTS)
                .withPersistentLoader((id, context) -> new PyStr("loaded " + id)));
        assertEquals(new PyStr("loaded 5"), value);
    }

    @Test
    void reportsTruncationWithTheOffset() {
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> load("malformed/truncated.pkl"));
        assertTrue(error.getMessage().contains("offset"), error.getMessage());
    }

    @Test
    void refusesUnknownOpcodesAndNewerProtocols() {
        assertThrows(CorruptModelException.class, () -> load(new byte[] {(byte) 0x80, 2, (byte) 0xFF}));
        assertThrows(UnsupportedModelException.class, () -> load(new byte[] {(byte) 0x80, 6, 'N', '.'}));
    }

    @Test
    void refusesStackUnderflowAndUnhashableKeys() {
        assertThrows(CorruptModelException.class, () -> load(new byte[] {'(', 't', 'R', '.'}));
        assertThrows(CorruptModelException.class, () -> load(new byte[] {'}', ']', 'N', 's', '.'}));
        assertThrows(CorruptModelException.class, () -> load(new byte[] {'0', '.'}));
    }

    @Test
    void callingAnythingButAnAllowListedGlobalIsRefused() {
        // REDUCE on a str: Python would call it; Brine calls only allow-listed globals.
        assertThrows(UnsafeModelException.class, () -> load(new byte[] {'X', 1, 0, 0, 0, 'a', ')', 'R', '.'}));
    }

    @Test
    void limitsStopHostileSizesBeforeAllocating() {
        Limits small = Limits.builder().maxStringBytes(10).maxOperations(50).maxNestingDepth(4).maxElements(20)
                .build();
        byte[] hugeBytes = {(byte) 0x80, 4, (byte) 0x8E, 0, 0, 0, 0, 0, 0, 0, 0x7F, '.'};
        assertThrows(CorruptModelException.class, () -> Pickles.load(hugeBytes, DATA, small));
        byte[] deepMarks = "((((((((N.".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(CorruptModelException.class, () -> Pickles.load(deepMarks, DATA, small));
        byte[] longLoop = new byte[200];
        java.util.Arrays.fill(longLoop, (byte) 'N');
        assertThrows(CorruptModelException.class, () -> Pickles.load(longLoop, DATA, small));
        byte[] deepTuples = {'N', (byte) 0x85, (byte) 0x85, (byte) 0x85, (byte) 0x85, (byte) 0x85, '.'};
        assertThrows(CorruptModelException.class, () -> Pickles.load(deepTuples, DATA, small));
    }
}
