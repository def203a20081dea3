package dev.brine.python;

import dev.brine.core.BrineException;
import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.python.joblib.Joblib;
import dev.brine.python.numpy.NumpyFiles;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.Pickles;
import dev.brine.python.torch.TorchArchives;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every file of the malicious corpus is refused, names what it asked for, and has no side effect. */
class MaliciousCorpusTest {

    @BeforeEach
    @AfterEach
    void noMarker() throws Exception {
        Files.deleteIfExists(Fixtures.MARKER);
    }

    private static Function<Path, Object> reader(String kind) {
        return switch (kind) {
            case "pickle" -> path -> Pickles.load(path, PythonGlobals.defaults(), Limits.DEFAULTS);
            case "joblib" -> Joblib::read;
            case "npy" -> NumpyFiles::read;
            case "torch" -> TorchArchives::read;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "reduce_system.pkl, pickle, posix.system",
            "reduce_system_p0.pkl, pickle, posix.system",
            "reduce_eval.pkl, pickle, builtins.eval",
            "reduce_exec.pkl, pickle, builtins.exec",
            "inst_system.pkl, pickle, os.system",
            "obj_system.pkl, pickle, os.system",
            "newobj_popen.pkl, pickle, subprocess.Popen",
            "stack_global_memo.pkl, pickle, posix.system",
            "getattr_chain.pkl, pickle, builtins.getattr",
            "reduce_system.pkl, joblib, posix.system",
            "payload.joblib, joblib, posix.system",
            "payload_gzip.joblib, joblib, posix.system",
            "payload_object_array.joblib, joblib, posix.system",
            "object_array.npy, npy, object array",
            "torch_payload.pt, torch, posix.system",
            "torch_payload_legacy.pt, torch, posix.system",
            "user_module.pt, torch, __main__.UserNet",
            "zip_slip.pt, torch, zip slip",
            "tar_payload_pickle.pt, torch, posix.system",
            "tar_payload_storages.pt, torch, posix.system",
            "tar_path_traversal.pt, torch, path traversal",
            "tar_symlink_member.pt, torch, /etc/passwd",
    })
    void refusesWithoutSideEffects(String file, String kind, String named) {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> reader(kind).apply(Fixtures.path("malicious/" + file)));
        assertTrue(error.getMessage().contains(named), error.getMessage());
        assertEquals(3, error.exitCode());
        assertFalse(Files.exists(Fixtures.MARKER), "a payload ran");
    }

    @Test
    void findsAPayloadNestedInAnAllowedEstimator() {
        AllowList withEstimator = PythonGlobals.defaults().toBuilder()
                .allowPlainClass("sklearn.linear_model._base", "LinearRegression").build();
        UnsafeModelException error = assertThrows(UnsafeModelException.class, () -> Pickles.load(
                Fixtures.path("malicious/estimator_nested.pkl"), withEstimator, Limits.DEFAULTS));
        assertTrue(error.getMessage().contains("posix.system"), error.getMessage());
        assertFalse(Files.exists(Fixtures.MARKER));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"truncated.pkl, pickle", "truncated.joblib, joblib", "truncated_zlib.joblib, joblib",
            "truncated.npy, npy", "truncated.pt, torch", "tar_truncated_member.pt, torch",
            "tar_absurd_count.pt, torch", "tar_absurd_rank.pt, torch", "tar_duplicate_member.pt, torch",
            "tar_missing_member.pt, torch"})
    void refusesMalformedFilesAsCorrupt(String file, String kind) {
        BrineException error = assertThrows(CorruptModelException.class,
                () -> reader(kind).apply(Fixtures.path("malformed/" + file)));
        assertEquals(4, error.exitCode());
    }
}
