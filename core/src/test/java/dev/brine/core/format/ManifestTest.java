package dev.brine.core.format;

import dev.brine.core.BrineException;
import dev.brine.core.BrineVersion;
import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.model.TrainingState;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The manifest in {@code __metadata__["brine"]}: every field survives, and what does not fit is refused. */
class ManifestTest {
    @TempDir
    Path directory;

    /** A manifest with every field set, optional ones included, and every tensor role. */
    static Manifest everyField() {
        Map<String, Manifest.TensorRecord> tensors = new LinkedHashMap<>();
        for (TensorRole role : TensorRole.values()) {
            tensors.put("tensor." + role.jsonName(), new Manifest.TensorRecord(role, "0123456789abcdef".repeat(4)));
        }
        Signature signature = new Signature(
                List.of(new TensorSpec("features", DType.F32, new long[] {-1, 4}),
                        new TensorSpec("mask", DType.BOOL, new long[] {-1})),
                List.of(new TensorSpec("label", DType.I64, new long[] {-1}),
                        new TensorSpec("scores", DType.F64, new long[] {-1, 3})),
                List.of("sepal length", "sepal width", "petal length", "petal width"));
        TrainingState training = new TrainingState(12, 3400, 17,
                List.of(Json.object().put("epoch", 11).put("loss", 0.125).build(),
                        Json.object().put("epoch", 12).put("loss", 0.0625).put("accuracy", 0.97).build()),
                Json.object().put("scheduler", Json.object().put("gamma", 0.9).build()).put("seed", 42).build());
        Provenance provenance = new Provenance("0.1.0", "25.0.1+8", Instant.parse("2025-06-01T12:34:56.789Z"),
                Optional.of("pickle"), Optional.of("iris.pkl"), Optional.of("ab".repeat(32)),
                Optional.of("parent.brine"), Optional.of("cd".repeat(32)));
        return new Manifest(Manifest.FORMAT_VERSION, "logistic_regression",
                Json.object().put("penalty", "l2").put("C", 1.5).put("fit_intercept", true)
                        .put("layers", Json.arrayOfLongs(new long[] {4, 16, 3})).put("none", Json.JsonNull.NULL)
                        .build(),
                tensors, signature, List.of("setosa", "versicolor", "virginica"), Optional.of(training), provenance,
                Json.object().put("owner", "team ✓").put("tags", Json.arrayOfStrings(List.of("a", "b"))).build());
    }

    @Test
    void everyFieldSurvivesJson() {
        Manifest manifest = everyField();
        assertEquals(manifest, Manifest.fromJson(manifest.toJson(), "test"));
    }

    @Test
    void optionalFieldsMayBeAbsent() {
        Manifest full = everyField();
        Manifest minimal = new Manifest(1, "state_dict", Json.JsonObject.EMPTY, Map.of(), Signature.UNKNOWN,
                List.of(), Optional.empty(), new Provenance("0.1.0", "25", full.provenance().createdAt(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                Json.JsonObject.EMPTY);
        String json = minimal.toJson();
        assertFalse(json.contains("\"training\""), json);
        assertFalse(json.contains("source_"), json);
        assertEquals(minimal, Manifest.fromJson(json, "test"));
    }

    @Test
    void everyFieldSurvivesAFile() {
        Manifest manifest = everyField();
        Path target = directory.resolve("model.brine");
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        manifest.tensors().keySet().forEach(name -> tensors.put(name, Tensor.of(new float[] {name.length()})));
        Map<String, String> digests = SafetensorsWriter.write(target, tensors, actual ->
                Map.of(Manifest.METADATA_KEY, manifest.withDigests(actual).toJson()));
        try (BrineFile file = BrineFile.open(target, Limits.DEFAULTS)) {
            assertEquals(manifest.withDigests(digests), file.manifest().orElseThrow());
        }
    }

    @Test
    void aFutureFormatVersionIsUnsupportedAndNamesTheVersions() {
        String future = withVersion(everyField(), "2");
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                () -> Manifest.fromJson(future, "future.brine"));
        assertEquals(5, error.exitCode());
        assertTrue(error.getMessage().contains("future.brine"), error.getMessage());
        assertTrue(error.getMessage().contains("version 2"), error.getMessage());
        assertTrue(error.getMessage().contains("versions 1 to " + Manifest.FORMAT_VERSION), error.getMessage());
        assertTrue(error.getMessage().contains("Brine 0.1.0"), "names the writer: " + error.getMessage());
        assertTrue(error.getMessage().contains(BrineVersion.current()), "names this Brine: " + error.getMessage());
    }

    @Test
    void aFormatVersionBeyond32BitsIsNotMistakenForVersion1() {
        String future = withVersion(everyField(), Long.toString((1L << 32) + 1));
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                () -> Manifest.fromJson(future, "future.brine"));
        assertTrue(error.getMessage().contains("version 4294967297"), error.getMessage());
    }

    @Test
    void aFormatVersionBelow1IsCorrupt() {
        for (String version : List.of("0", "-1")) {
            BrineException error = assertThrows(CorruptModelException.class,
                    () -> Manifest.fromJson(withVersion(everyField(), version), "odd.brine"), version);
            assertTrue(error.getMessage().contains("format_version " + version), error.getMessage());
        }
    }

    @Test
    void malformedManifestsAreCorruptAndSayWhatIsWrong() {
        String valid = everyField().toJson();
        Map<String, String> cases = Map.of(
                "not JSON", "{\"format\":\"brine\",",
                "role", valid.replace("\"role\":\"buffer\"", "\"role\":\"weights\""),
                "model_type", valid.replace("\"model_type\":\"logistic_regression\",", ""),
                "created_at", valid.replace("2025-06-01T12:34:56.789Z", "yesterday"),
                "dtype", valid.replace("\"dtype\":\"BOOL\"", "\"dtype\":\"bool8\""),
                "shape", valid.replace("[-1,4]", "[-2,4]"),
                "array", "[1, 2, 3]");
        cases.forEach((what, json) -> {
            CorruptModelException error = assertThrows(CorruptModelException.class,
                    () -> Manifest.fromJson(json, "bad.brine"), what);
            assertTrue(error.getMessage().contains("bad.brine"), error.getMessage());
        });
    }

    @Test
    void aTensorMissingFromTheManifestOrTheFileIsCorruptAndNamed() {
        Manifest manifest = everyField();
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        manifest.tensors().keySet().forEach(name -> tensors.put(name, Tensor.of(new float[] {1})));
        tensors.put("smuggled", Tensor.of(new float[] {2}));
        Path extra = directory.resolve("extra.brine");
        SafetensorsWriter.write(extra, tensors, Map.of(Manifest.METADATA_KEY, manifest.toJson()));
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> BrineFile.open(extra, Limits.DEFAULTS));
        assertTrue(error.getMessage().contains("\"smuggled\""), error.getMessage());

        tensors.remove("smuggled");
        tensors.remove("tensor.buffer");
        Path missing = directory.resolve("missing.brine");
        SafetensorsWriter.write(missing, tensors, Map.of(Manifest.METADATA_KEY, manifest.toJson()));
        error = assertThrows(CorruptModelException.class, () -> BrineFile.open(missing, Limits.DEFAULTS));
        assertTrue(error.getMessage().contains("\"tensor.buffer\""), error.getMessage());
    }

    @Test
    void aRefusedManifestReleasesTheMapping() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs Linux /proc to see mappings");
        Path future = directory.resolve("future-unmapped.brine");
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[1024]));
        SafetensorsWriter.write(future, tensors, Map.of(Manifest.METADATA_KEY, withVersion(everyField(), "2")));
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThrows(UnsupportedModelException.class, () -> BrineFile.open(future, Limits.DEFAULTS));
        }
        assertFalse(Files.readString(maps).contains(future.toString()), "the refused file is still mapped");
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(UnsupportedModelException.class, () -> BrineFile.open(future, Limits.DEFAULTS, arena));
        }
        assertFalse(Files.readString(maps).contains(future.toString()), "the caller's arena released it");
    }

    private static String withVersion(Manifest manifest, String version) {
        String json = manifest.toJson();
        String current = "\"format_version\":" + manifest.formatVersion() + ",";
        assertTrue(json.contains(current));
        return json.replace(current, "\"format_version\":" + version + ",");
    }
}
