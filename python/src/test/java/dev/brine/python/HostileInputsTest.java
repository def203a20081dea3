package dev.brine.python;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.python.io.TarHeader;
import dev.brine.python.joblib.Joblib;
import dev.brine.python.numpy.NumpyFiles;
import dev.brine.python.pickle.Pickles;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyValue;
import dev.brine.python.torch.TorchArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks of issue 12 on inputs built here byte by byte: scan reads what numpy, joblib and torch would
 * unpickle, polyglots are unsafe, and every budget stops a hostile file with a message naming its limit. The
 * committed corpus (cli's hostile/python group) holds the same classes as files Python was seen to run.
 */
@Timeout(30)
class HostileInputsTest {

    /** io.open('BRINE_CANARY', 'w'), protocol 0: what Python would run. */
    private static final byte[] PAYLOAD = ascii("cio\nopen\n(VBRINE_CANARY\nVw\ntR.");

    @TempDir
    Path dir;

    // ---- scan agrees with the loaders

    @Test
    void npyWithAnObjectFieldIsUnsafeToScanAndRefusedOnLoad() throws IOException {
        Path npy = write("field.npy", npy("[('a', '<f8'), ('b', '|O')]", PAYLOAD));
        ScanReport report = PickleScanner.scan(npy);
        assertEquals(ScanReport.Verdict.UNSAFE, report.verdict(), report.toString());
        assertEquals("io.open", report.unsafe().getFirst().global().qualifiedName());
        UnsafeModelException refused = assertThrows(UnsafeModelException.class, () -> NumpyFiles.read(npy));
        assertTrue(refused.getMessage().contains("object array"), refused.getMessage());
    }

    @Test
    void everyNpzMemberWithTheNpyMagicIsScannedWhateverItsName() throws IOException {
        Path npz = write("named.npz", zip(List.of(
                new Member("a.npy", npy("'<f8'", new byte[8])),
                new Member("weights", npy("[('b', '|O')]", PAYLOAD)))));
        ScanReport report = PickleScanner.scan(npz);
        assertEquals(ScanReport.Verdict.UNSAFE, report.verdict(), report.toString());
        assertEquals("weights", report.unsafe().getFirst().entry());
    }

    @Test
    void torchRecordsAreFoundIgnoringCaseAndTwoSpellingsAreRefused() throws IOException {
        Path upper = write("upper.pt", zip(List.of(new Member("archive/DATA.PKL", PAYLOAD),
                new Member("archive/version", ascii("3\n")))));
        ScanReport report = PickleScanner.scan(upper);
        assertEquals(ScanReport.Verdict.UNSAFE, report.verdict(), report.toString());
        assertEquals("pytorch-zip", report.format());
        assertThrows(UnsafeModelException.class, () -> TorchArchives.read(upper));

        Path twice = write("twice.pt", zip(List.of(new Member("archive/data.pkl", ascii("}.")),
                new Member("archive/Data.pkl", ascii("}.")))));
        ScanReport both = PickleScanner.scan(twice);
        assertEquals(ScanReport.Verdict.UNSAFE, both.verdict(), both.toString());
        UnsafeModelException refused = assertThrows(UnsafeModelException.class, () -> TorchArchives.read(twice));
        assertTrue(refused.getMessage().contains("differ only in case"), refused.getMessage());
    }

    @Test
    void aTarThatAlsoStartsWithLegacyPicklesIsAPolyglot() throws IOException {
        byte[] legacy = concat(hex("80028a0a6cfc9c46f9206aa850192e"), hex("80024de9032e"), ascii("}.N.]."));
        Path file = write("polyglot.pt", tar(legacy, List.of(new Member("sys_info", ascii("}.")),
                new Member("storages", ascii("K\u0000.].")), new Member("tensors", ascii("K\u0000.")),
                new Member("pickle", PAYLOAD))));
        ScanReport report = PickleScanner.scan(file);
        assertEquals(ScanReport.Verdict.UNSAFE, report.verdict(), report.toString());
        assertEquals("pytorch-tar", report.format(), "torch.load tries the tar before the legacy pickles");
        UnsafeModelException refused = assertThrows(UnsafeModelException.class, () -> TorchArchives.read(file));
        assertTrue(refused.getMessage().contains("polyglot"), refused.getMessage());
    }

    @Test
    void aPickleWithAZipAppendedIsAPolyglot() throws IOException {
        Path file = write("appended.pkl", concat(ascii("}."), zip(List.of(new Member("a.npy",
                npy("'<f8'", new byte[8]))))));
        ScanReport report = PickleScanner.scan(file);
        assertEquals(ScanReport.Verdict.UNSAFE, report.verdict(), report.toString());
        assertTrue(report.problem().orElseThrow().message().contains("appended"));
        assertThrows(UnsafeModelException.class, () -> Joblib.read(file));
        Path honest = write("honest.pkl", ascii("}."));
        assertEquals(ScanReport.Verdict.SAFE, PickleScanner.scan(honest).verdict());
    }

    @Test
    void theLegacyMagicNumberInAnyEncodingMakesTorchLoadFourMorePickles() throws IOException {
        byte[] magic = ascii("L" + new BigInteger("1950a86a20f9469cfc6c", 16) + "L\n.");
        Path file = write("legacy.pt", concat(magic, ascii("I1001\n.}."), PAYLOAD, ascii("].")));
        ScanReport report = PickleScanner.scan(file);
        assertEquals(ScanReport.Verdict.UNSAFE, report.verdict(), report.toString());
        assertEquals("pytorch-legacy", report.format());
        Path otherNumber = write("other.pkl", concat(ascii("I7\n."), PAYLOAD));
        assertEquals(ScanReport.Verdict.SAFE, PickleScanner.scan(otherNumber).verdict(),
                "pickle.load reads one pickle; what follows another number is never unpickled");
    }

    @Test
    void tarHeadersAreThoseOfPythonsTarfile() {
        byte[] block = tarHeader("sys_info", 0, true);
        assertTrue(TarHeader.pythonOpens(block));
        byte[] v7 = tarHeader("sys_info", 0, false);
        assertTrue(TarHeader.pythonOpens(v7), "tarfile needs no ustar magic");
        writeChecksum(v7, "0o" + Integer.toOctalString(checksum(v7)));
        assertTrue(TarHeader.pythonOpens(v7), "int('0o…', 8) is accepted");
        writeChecksum(v7, "7777777");
        assertFalse(TarHeader.pythonOpens(v7));
        assertFalse(TarHeader.pythonOpens(new byte[512]), "a zero block is the end of an archive");
        assertFalse(TarHeader.pythonOpens(new byte[100]));
    }

    @Test
    void scanVerdictsAreExactlyFourWithTheirExitCodes() {
        assertEquals(List.of("SAFE", "UNSAFE", "MALFORMED", "UNSUPPORTED"),
                java.util.Arrays.stream(ScanReport.Verdict.values()).map(Enum::name).toList());
    }

    @Test
    void scanAndLoadersShareOneAllowList() {
        // Loaders and the scanner both start from PythonGlobals.defaults(): one object, so an addition reaches both.
        assertTrue(PythonGlobals.defaults() == PythonGlobals.defaults());
    }

    // ---- budgets

    @Test
    void aDecompressionBombStopsAtTheBudgetNamingTheLimit() throws IOException {
        Limits small = Limits.builder().maxInMemoryBytes(1 << 20).build();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, new Deflater(9))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        }
        Path bomb = write("bomb.joblib", compressed.toByteArray());
        CorruptModelException refused = assertThrows(CorruptModelException.class,
                () -> Joblib.read(bomb, PythonGlobals.defaults(), small));
        assertTrue(refused.getMessage().contains("maxInMemoryBytes = 1048576"), refused.getMessage());
        ScanReport report = PickleScanner.scan(bomb, PythonGlobals.defaults(), small);
        assertEquals(ScanReport.Verdict.MALFORMED, report.verdict());
    }

    @Test
    void memoAndStackBombsStopAtTheBudget() throws IOException {
        Limits small = Limits.builder().maxInMemoryBytes(1 << 20).build();
        byte[] memo = new byte[200_000];
        java.util.Arrays.fill(memo, (byte) 0x94);
        Path memoBomb = write("memo.pkl", concat(hex("8004"), ascii("N"), memo, ascii(".")));
        CorruptModelException refused = assertThrows(CorruptModelException.class,
                () -> Pickles.load(memoBomb, PythonGlobals.defaults(), small));
        assertTrue(refused.getMessage().contains("maxInMemoryBytes"), refused.getMessage());
        byte[] dups = new byte[200_000];
        java.util.Arrays.fill(dups, (byte) '2');
        Path stackBomb = write("dup.pkl", concat(ascii("N"), dups, ascii(".")));
        assertThrows(CorruptModelException.class, () -> Pickles.load(stackBomb, PythonGlobals.defaults(), small));
    }

    @Test
    void keysWithOneJavaHashGetManyHashes() {
        Set<Integer> strings = new HashSet<>();
        Set<Integer> ints = new HashSet<>();
        Set<Integer> floats = new HashSet<>();
        for (int i = 0; i < 4096; i++) {
            StringBuilder text = new StringBuilder();
            for (int bit = 0; bit < 12; bit++) {
                text.append((i >> bit & 1) == 1 ? "Aa" : "BB");
            }
            strings.add(new PyStr(text.toString()).hashCode());
            long a = i + 1;
            ints.add(new PyInt(BigInteger.valueOf(a).shiftLeft(32).or(BigInteger.valueOf((0x5bd1e995L - 31 * a)
                    & 0xFFFF_FFFFL))).hashCode());
            floats.add(new PyFloat(Double.longBitsToDouble((a << 32) | a)).hashCode());
        }
        // Java's own hashes give each family one value; a keyed hash spreads them.
        assertTrue(strings.size() > 4000 && ints.size() > 4000 && floats.size() > 4000,
                strings.size() + " " + ints.size() + " " + floats.size());
    }

    @Test
    void aCollidingDictOf65536KeysLoads() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(hex("8004"));
        body.writeBytes(ascii("}("));
        for (int i = 0; i < 65_536; i++) {
            StringBuilder text = new StringBuilder();
            for (int bit = 0; bit < 16; bit++) {
                text.append((i >> bit & 1) == 1 ? "Aa" : "BB");
            }
            body.write(0x8c);
            body.write(32);
            body.writeBytes(ascii(text.toString()));
            body.write('N');
        }
        body.writeBytes(ascii("u."));
        PyValue value = Pickles.load(write("flood.pkl", body.toByteArray()), PythonGlobals.defaults(),
                Limits.DEFAULTS);
        assertEquals(65_536, ((PyDict) value).size());
    }

    @Test
    void sharedTuplesAreHashedAndComparedOncePerPair() throws IOException {
        // Two tuple DAGs, 40 levels each naming the level below twice, built apart: equal, so one dict key.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(hex("8004"));
        for (int dag = 0; dag < 2; dag++) {
            int base = dag * 41;
            body.writeBytes(ascii(")"));
            body.write(0x94);
            for (int level = 0; level < 40; level++) {
                body.write('h');
                body.write(base + level);
                body.write('h');
                body.write(base + level);
                body.write(0x86);
                body.write(0x94);
            }
        }
        body.writeBytes(concat(ascii("}(h"), new byte[] {40}, ascii("K\u0001h"), new byte[] {81},
                ascii("K\u0002u.")));
        PyDict dict = (PyDict) Pickles.load(write("dag.pkl", body.toByteArray()), PythonGlobals.defaults(),
                Limits.DEFAULTS);
        assertEquals(1, dict.size(), "equal keys, as in Python");
        assertEquals(PyInt.of(2), dict.entries().values().iterator().next());
    }

    @Test
    void frozensetsOfSharedFrozensetsHashLinearly() throws IOException {
        // X(n+1) = frozenset({X(n), (X(n),)}), 60 deep: without a cached hash, 2^60 hash computations.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(concat(hex("8004"), ascii("("), hex("9194")));
        for (int level = 0; level < 60; level++) {
            body.writeBytes(concat(ascii("(h"), new byte[] {(byte) level}, ascii("h"), new byte[] {(byte) level},
                    hex("859194")));
        }
        body.write('.');
        PyValue value = Pickles.load(write("frozen.pkl", body.toByteArray()), PythonGlobals.defaults(),
                Limits.DEFAULTS);
        assertEquals("frozenset", value.typeName());
    }

    // ---- byte builders

    private record Member(String name, byte[] data) {
    }

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    /** A version 1 .npy with shape (0,) (or (1,) when data follows) and the given descr. */
    private static byte[] npy(String descr, byte[] data) {
        String header = "{'descr': " + descr + ", 'fortran_order': False, 'shape': (" + (data.length == 0 ? 0 : 1)
                + ",), }";
        StringBuilder padded = new StringBuilder(header);
        while ((10 + padded.length() + 1) % 64 != 0) {
            padded.append(' ');
        }
        padded.append('\n');
        byte[] text = ascii(padded.toString());
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put(hex("934e554d5059")).put((byte) 1).put((byte) 0).putShort((short) text.length);
        return concat(head.array(), text, data);
    }

    private static byte[] zip(List<Member> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Member member : members) {
                ZipEntry entry = new ZipEntry(member.name());
                out.putNextEntry(entry);
                out.write(member.data());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A ustar archive: a first, empty member whose name field is {@code firstName}, then the members. */
    private static byte[] tar(byte[] firstName, List<Member> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = tarHeader("x", 0, true);
        java.util.Arrays.fill(first, 0, 100, (byte) 0);
        System.arraycopy(firstName, 0, first, 0, firstName.length);
        writeChecksum(first, String.format("%06o", checksum(first)));
        out.writeBytes(first);
        for (Member member : members) {
            out.writeBytes(tarHeader(member.name(), member.data().length, true));
            out.writeBytes(java.util.Arrays.copyOf(member.data(), (member.data().length + 511) / 512 * 512));
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static byte[] tarHeader(String name, int size, boolean ustar) {
        byte[] block = new byte[512];
        put(block, 0, name);
        put(block, 100, "0000644");
        put(block, 108, "0000000");
        put(block, 116, "0000000");
        put(block, 124, String.format("%011o", size));
        put(block, 136, "00000000000");
        block[156] = '0';
        if (ustar) {
            put(block, 257, "ustar");
            put(block, 263, "00");
        }
        writeChecksum(block, String.format("%06o", checksum(block)));
        return block;
    }

    private static int checksum(byte[] block) {
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : block[i] & 0xFF;
        }
        return sum;
    }

    private static void writeChecksum(byte[] block, String text) {
        java.util.Arrays.fill(block, 148, 156, (byte) ' ');
        put(block, 148, text);
        if (text.length() < 8) {
            block[148 + text.length()] = 0;
        }
    }

    private static void put(byte[] block, int at, String text) {
        byte[] raw = ascii(text);
        System.arraycopy(raw, 0, block, at, raw.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] hex(String text) {
        return java.util.HexFormat.of().parseHex(text);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
