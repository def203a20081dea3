package dev.brine.python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PickleScannerTest {

    @ParameterizedTest
    @ValueSource(strings = {"pickle/sink_p0.pkl", "pickle/sink_p5.pkl", "pickle/numpy_p5.pkl", "joblib/xz.joblib",
            "joblib/unaligned.joblib", "torch/state.pt", "torch/state_legacy.pt", "torch/whole_module.pt",
            "torch_tar/views.pt", "torch_models/whole_module_tar.pt",
            "npy/le_f8_C.npy", "npy/compressed.npz"})
    void goodFilesAreSafe(String file) {
        ScanReport report = PickleScanner.scan(Fixtures.path(file));
        assertEquals(ScanReport.Verdict.SAFE, report.verdict(), report.toString());
    }

    @Test
    void listsEveryGlobalWithOffsetsWithoutStoppingAtTheFirst() {
        ScanReport report = PickleScanner.scan(Fixtures.path("joblib/plain.joblib"));
        assertEquals("joblib", report.format());
        assertTrue(report.findings().stream().anyMatch(finding -> finding.global().qualifiedName()
                .equals("joblib.numpy_pickle.NumpyArrayWrapper") && finding.global().offset() == 97));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "malicious/reduce_system.pkl, posix.system, pickle",
            "malicious/stack_global_memo.pkl, posix.system, pickle",
            "malicious/getattr_chain.pkl, builtins.__import__, pickle",
            "malicious/estimator_nested.pkl, posix.system, pickle",
            "malicious/payload_gzip.joblib, posix.system, joblib",
            "malicious/payload_object_array.joblib, posix.system, joblib",
            "malicious/object_array.npy, posix.system, npy",
            "malicious/torch_payload.pt, posix.system, pytorch-zip",
            "malicious/torch_payload_legacy.pt, posix.system, pytorch-legacy",
            "malicious/user_module.pt, __main__.UserNet, pytorch-zip",
            "malicious/tar_payload_pickle.pt, posix.system, pytorch-tar",
            "malicious/tar_payload_storages.pt, posix.system, pytorch-tar",
    })
    void unsafeFilesNameEveryUnsafeGlobal(String file, String global, String format) {
        ScanReport report = PickleScanner.scan(Fixtures.path(file));
        assertEquals(ScanReport.Verdict.UNSAFE, report.verdict());
        assertEquals(format, report.format());
        assertTrue(report.unsafe().stream().anyMatch(finding -> finding.global().qualifiedName().equals(global)),
                report.toString());
        assertFalse(Files.exists(Fixtures.MARKER));
    }

    @Test
    void listsTheGlobalsOfEveryTarMemberUnderItsName() {
        ScanReport report = PickleScanner.scan(Fixtures.path("malicious/tar_payload_storages.pt"));
        assertTrue(report.unsafe().stream().allMatch(finding -> finding.entry().equals("storages")), report.toString());
        ScanReport module = PickleScanner.scan(Fixtures.path("torch_models/whole_module_tar.pt"));
        Map<String, Set<String>> byMember = new TreeMap<>();
        module.findings().forEach(finding -> byMember.computeIfAbsent(finding.entry(), key -> new TreeSet<>())
                .add(finding.global().qualifiedName()));
        assertEquals(Set.of("storages", "tensors", "pickle"), byMember.keySet(), "sys_info names no global");
        assertTrue(byMember.get("storages").contains("torch.FloatStorage"), byMember.toString());
        assertTrue(byMember.get("tensors").contains("torch.LongTensor"), byMember.toString());
        assertTrue(byMember.get("pickle").contains("torch.nn.modules.container.Sequential"), byMember.toString());
    }

    @Test
    void reportsEveryUnsafeNameOfAChain() {
        ScanReport report = PickleScanner.scan(Fixtures.path("malicious/getattr_chain.pkl"));
        assertEquals(2, report.unsafe().size(), report.toString());
        assertTrue(report.toJson().toString().contains("\"verdict\":\"unsafe\""), report.toJson().toString());
    }

    @Test
    void zipSlipIsUnsafeAndTruncationIsMalformed() {
        for (String file : new String[] {"malicious/zip_slip.pt", "malicious/tar_path_traversal.pt",
                "malicious/tar_symlink_member.pt"}) {
            assertEquals(ScanReport.Verdict.UNSAFE, PickleScanner.scan(Fixtures.path(file)).verdict(), file);
        }
        for (String file : new String[] {"malformed/truncated.pkl", "malformed/truncated_zlib.joblib",
                "malformed/truncated.pt", "malformed/tar_truncated_member.pt", "malformed/tar_duplicate_member.pt",
                "malformed/tar_absurd_count.pt", "malformed/tar_absurd_rank.pt"}) {
            assertEquals(ScanReport.Verdict.MALFORMED, PickleScanner.scan(Fixtures.path(file)).verdict(), file);
        }
    }
}
