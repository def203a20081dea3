package dev.brine.core.format;

import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: whatever tensors and metadata Brine writes, each {@link ReadMode} reads back the same names in the same
 * order, the same dtypes, shapes and bytes, the same metadata, and the digests the writer reports are the SHA-256
 * of the bytes.
 */
class SafetensorsRoundTripTest {
    private static final String[] METADATA_TEXT = {"", "plain", "ünïcödé ✓ 名前", "quote \" backslash \\ slash /",
        "control \n\t\r\u0001\u001f", "{\"looks\": [\"like\", \"json\"]}", "emoji \uD83D\uDE00"};

    @TempDir
    Path directory;

    static Stream<Long> seeds() {
        return LongStream.range(0, 30).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomTensorsAndMetadataSurviveEveryReadMode(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Path target = directory.resolve("random.safetensors");
        try (Arena arena = Arena.ofConfined()) {
            LinkedHashMap<String, Tensor> tensors = randomTensors(random, arena);
            Map<String, String> metadata = randomMetadata(random);
            Map<String, String> digests = SafetensorsWriter.write(target, tensors, metadata);
            tensors.forEach((name, tensor) -> assertEquals(sha256(tensor), digests.get(name), name));
            for (ReadMode mode : ReadMode.values()) {
                try (Arena readArena = Arena.ofConfined();
                     SafetensorsFile file = mode.read(target, Limits.DEFAULTS, readArena)) {
                    assertEquals(metadata, file.metadata(), mode + " metadata");
                    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(file.entries().keySet()), mode.name());
                    assertEquals(0, file.header().dataStart() % 8, "data buffer starts 8-aligned");
                    tensors.forEach((name, tensor) -> assertSameTensor(tensor, file.tensor(name), mode + " " + name));
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void brineFilesKeepManifestRolesAndDigestsInEveryReadMode(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Path target = directory.resolve("random.brine");
        try (Arena arena = Arena.ofConfined()) {
            List<NamedTensor> tensors = new ArrayList<>();
            randomTensors(random, arena).forEach((name, tensor) -> tensors.add(new NamedTensor(name, tensor,
                    TensorRole.values()[random.nextInt(TensorRole.values().length)])));
            ModelSnapshot snapshot = new ModelSnapshot("round.trip", Json.object().put("seed", seed).build(),
                    tensors, Signature.UNKNOWN, List.of(), Optional.empty());
            Map<String, String> extra = Map.of("format", "pt", "note", METADATA_TEXT[random.nextInt(7)]);
            Manifest written = BrineFile.write(target, snapshot, Provenance.now(), Json.JsonObject.EMPTY, extra);
            for (ReadMode mode : ReadMode.values()) {
                try (Arena readArena = Arena.ofConfined();
                     BrineFile file = BrineFile.of(mode.read(target, Limits.DEFAULTS, readArena))) {
                    Manifest read = file.manifest().orElseThrow();
                    assertEquals(written, read, mode + " manifest");
                    extra.forEach((key, value) -> assertEquals(value, file.safetensors().metadata().get(key), key));
                    List<NamedTensor> restored = file.snapshot().tensors();
                    assertEquals(tensors.size(), restored.size());
                    for (int i = 0; i < tensors.size(); i++) {
                        NamedTensor expected = tensors.get(i);
                        assertEquals(expected.name(), restored.get(i).name());
                        assertEquals(expected.role(), restored.get(i).role());
                        assertSameTensor(expected.tensor(), restored.get(i).tensor(), mode + " " + expected.name());
                        assertEquals(sha256(expected.tensor()), read.tensors().get(expected.name()).sha256());
                    }
                }
            }
            VerifyReport report = Verifier.verify(target, Limits.DEFAULTS);
            assertTrue(report.digestsRecorded() && report.intact(), report.toString());
            assertEquals(tensors.size(), report.tensorsChecked());
        }
    }

    @Test
    void rewritingAFileFromItsOwnMappedTensorsLeavesTheOldMappingReadable() throws IOException {
        Path target = directory.resolve("self.safetensors");
        SplittableRandom random = new SplittableRandom(7);
        try (Arena arena = Arena.ofConfined()) {
            LinkedHashMap<String, Tensor> original = new LinkedHashMap<>();
            original.put("a", RandomTensors.tensor(DType.F32, Shape.of(64, 64), random, arena));
            original.put("b", RandomTensors.tensor(DType.I8, Shape.of(1000), random, arena));
            SafetensorsWriter.write(target, original, Map.of());
            try (SafetensorsFile mapped = SafetensorsFile.open(target)) {
                LinkedHashMap<String, Tensor> swapped = new LinkedHashMap<>();
                swapped.put("b", mapped.tensor("b"));
                swapped.put("a", mapped.tensor("a"));
                SafetensorsWriter.write(target, swapped, Map.of("order", "swapped"));
                assertSameTensor(original.get("a"), mapped.tensor("a"), "old mapping after the rename");
            }
            try (SafetensorsFile rewritten = SafetensorsFile.open(target)) {
                assertEquals(List.of("b", "a"), List.copyOf(rewritten.entries().keySet()));
                assertSameTensor(original.get("a"), rewritten.tensor("a"), "a");
                assertSameTensor(original.get("b"), rewritten.tensor("b"), "b");
            }
        }
        try (Stream<Path> left = Files.list(directory)) {
            assertEquals(List.of(target), left.toList(), "no temporary file left behind");
        }
    }

    @Test
    void aTensorCannotBeCalledMetadata() {
        Path target = directory.resolve("reserved.safetensors");
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(SafetensorsHeader.METADATA_KEY, Tensor.of(new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(target, tensors, Map.of()));
        assertTrue(Files.notExists(target));
    }

    private static LinkedHashMap<String, Tensor> randomTensors(SplittableRandom random, Arena arena) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        int count = random.nextInt(13);
        for (int i = 0; i < count; i++) {
            int maxRank = random.nextInt(8) == 0 ? 8 : 4;
            String name = "tensor." + i + (random.nextBoolean() ? "" : "." + METADATA_TEXT[random.nextInt(7)]);
            tensors.put(name, RandomTensors.tensor(RandomTensors.dtype(random), RandomTensors.shape(random, maxRank),
                    random, arena));
        }
        return tensors;
    }

    private static Map<String, String> randomMetadata(SplittableRandom random) {
        Map<String, String> metadata = new LinkedHashMap<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            metadata.put("key " + i + METADATA_TEXT[random.nextInt(7)], METADATA_TEXT[random.nextInt(7)]);
        }
        return metadata;
    }

    private static void assertSameTensor(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertEquals(expected.shape(), actual.shape(), what);
        assertArrayEquals(RandomTensors.bytes(expected), RandomTensors.bytes(actual), what);
    }

    /** SHA-256 computed here, not by {@link Integrity}, so the writer's digests are checked independently. */
    private static String sha256(Tensor tensor) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(RandomTensors.bytes(tensor)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
