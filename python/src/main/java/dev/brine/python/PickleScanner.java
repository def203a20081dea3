package dev.brine.python;

import dev.brine.core.BrineException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.io.ZipArchive;
import dev.brine.core.io.ZipEntry;
import dev.brine.core.io.FileBytes;
import dev.brine.python.joblib.Joblib;
import dev.brine.python.numpy.NumpyFiles;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.Unpickler;
import dev.brine.python.pickle.UnpicklerOptions;
import dev.brine.python.torch.TorchArchives;
import dev.brine.python.torch.TorchTar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code brine scan}: lists every global the pickles in a file name, with its verdict under the allow-list and its
 * offset, without building any model. Reads raw pickles, joblib files (every compression), PyTorch archives (every
 * {@code .pkl} inside; the legacy format's pickles; every pickle of each tar-format member), {@code .npy} object
 * arrays and {@code .npz} files.
 */
public final class PickleScanner {

    private final AllowList allowList;
    private final Limits limits;
    private final String file;
    private final List<ScanReport.Finding> findings = new ArrayList<>();
    private ScanReport.Problem problem;

    private PickleScanner(AllowList allowList, Limits limits, String file) {
        this.allowList = allowList;
        this.limits = limits;
        this.file = file;
    }

    public static ScanReport scan(Path path) {
        return scan(path, PythonGlobals.defaults(), Limits.DEFAULTS);
    }

    public static ScanReport scan(Path path, AllowList allowList, Limits limits) {
        String name = path.getFileName().toString();
        PickleScanner scanner = new PickleScanner(allowList, limits, name);
        MemorySegment bytes = FileBytes.map(path);
        String format = scanner.guarded(() -> scanner.scanFile(bytes, name)).orElse("unknown");
        return new ScanReport(name, format, scanner.findings, Optional.ofNullable(scanner.problem));
    }

    private String scanFile(MemorySegment bytes, String name) {
        byte[] head = bytes.asSlice(0, Math.min(512, bytes.byteSize())).toArray(ValueLayout.JAVA_BYTE);
        if (ZipArchive.looksLikeZip(head)) {
            return scanZip(ZipArchive.open(bytes, name, limits));
        }
        if (NumpyFiles.hasMagic(head)) {
            NumpyFiles.objectArrayPickle(bytes, name, limits).ifPresent(pickle -> scanPickles(pickle, "", 1));
            return "npy";
        }
        if (TorchArchives.isLegacy(head)) {
            // magic, protocol version, sys_info, the object, the storage keys; raw storage data follows.
            scanPickles(bytes, "", 5);
            return "pytorch-legacy";
        }
        if (TorchTar.looksLikeTar(head)) {
            return scanTar(TorchTar.open(bytes, name, limits));
        }
        MemorySegment stream = Joblib.stream(bytes, name, limits);
        guarded(() -> scanPickles(stream, "", 1));
        boolean joblib = stream != bytes || findings.stream()
                .anyMatch(finding -> finding.global().module().equals("joblib.numpy_pickle"));
        return joblib ? "joblib" : "pickle";
    }

    private String scanZip(ZipArchive archive) {
        boolean torch = archive.entries().stream().anyMatch(entry -> entry.name().endsWith("/data.pkl"));
        boolean npz = !archive.entries().isEmpty()
                && archive.entries().stream().allMatch(entry -> entry.name().endsWith(".npy"));
        for (ZipEntry entry : archive.entries()) {
            if (entry.name().endsWith(".pkl")) {
                guarded(() -> scanPickles(archive.data(entry), entry.name(), 1));
            } else if (entry.name().endsWith(".npy")) {
                guarded(() -> NumpyFiles.objectArrayPickle(archive.data(entry), file + " entry " + entry.name(),
                        limits).map(pickle -> scanPickles(pickle, entry.name(), 1)));
            }
        }
        return torch ? "pytorch-zip" : npz ? "npz" : "zip";
    }

    /**
     * Every pickle of each member (the object, and the records between the raw data of storages and tensors); a
     * damaged member stops only its own scan.
     */
    private String scanTar(TorchTar tar) {
        for (TorchTar.Member member : tar.members()) {
            guarded(() -> scanWith(Unpickler.scanner(member.data(), 0, tar.where(member), member.offsetInFile(),
                    UnpicklerOptions.of(allowList, limits)), member.name(), scanner -> tar.walk(member, scanner)));
        }
        return "pytorch-tar";
    }

    /** Scans {@code count} pickles that follow each other in {@code stream}. */
    private boolean scanPickles(MemorySegment stream, String entry, int count) {
        String source = entry.isEmpty() ? file : file + " entry " + entry;
        return scanWith(Unpickler.scanner(stream, 0, source, 0, UnpicklerOptions.of(allowList, limits)), entry,
                scanner -> {
                    for (int i = 0; i < count; i++) {
                        scanner.load();
                    }
                });
    }

    /** Runs {@code walk} with {@code scanner}, then records every global it met, even when the walk failed. */
    private boolean scanWith(Unpickler scanner, String entry, java.util.function.Consumer<Unpickler> walk) {
        try {
            walk.accept(scanner);
        } finally {
            scanner.globals().forEach(global -> findings.add(new ScanReport.Finding(entry, global)));
        }
        return true;
    }

    /** Runs a step; a failure becomes the report's problem and the scan goes on with what it has. */
    private <T> Optional<T> guarded(java.util.function.Supplier<T> step) {
        try {
            return Optional.ofNullable(step.get());
        } catch (BrineException e) {
            if (problem == null) {
                problem = new ScanReport.Problem(e.getMessage(), e instanceof UnsafeModelException);
            }
            return Optional.empty();
        }
    }
}
