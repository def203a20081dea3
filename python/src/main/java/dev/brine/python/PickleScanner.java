package dev.brine.python;

import dev.brine.core.BrineException;
import dev.brine.core.Limits;
import dev.brine.python.io.MemoryBudget;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.io.FileBytes;
import dev.brine.core.io.ZipArchive;
import dev.brine.core.io.ZipEntry;
import dev.brine.python.joblib.Joblib;
import dev.brine.python.numpy.NumpyFiles;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyValue;
import dev.brine.python.pickle.Unpickler;
import dev.brine.python.pickle.UnpicklerOptions;
import dev.brine.python.torch.TorchArchives;
import dev.brine.python.torch.TorchTar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code brine scan}: lists every global the pickles in a file name, with its verdict under the allow-list and its
 * offset, without building any model. It answers "would loading this file in Python run something outside the
 * allow-list?", so it reads every pickle any supported loader would unpickle, as that loader would find it:
 * <ul>
 *   <li>ZIP files (torch 1.6+, {@code .npz}): every record whose name ends in {@code .pkl} in any case (torch's
 *   ZIP reader ignores case), and every record that starts like a {@code .npy} file whatever its name, when its
 *   dtype has objects anywhere ({@code np.load} unpickles those);</li>
 *   <li>files Python's tarfile opens ({@code torch.load} tries them as the pre-0.4 tar format before anything
 *   else): every pickle of each member;</li>
 *   <li>{@code .npy} files whose dtype has objects anywhere, a field or subarray of a structured dtype included;</li>
 *   <li>everything else is a pickle at offset 0 (pickle, joblib in every compression with each nested pickle of
 *   an object array, {@code np.load(allow_pickle=True)}), and, when its value is torch's legacy magic number
 *   however encoded, the pickles {@code torch.load}'s legacy reader loads after it.</li>
 * </ul>
 * A polyglot (ZIP and tar, tar and pickle) and a torch archive with records differing only in case are unsafe
 * whatever they hold ({@link Polyglots}). The allow-list is the one the loaders use, so adding a
 * global for loading adds it for scanning.
 */
public final class PickleScanner {

    /** torch's legacy reader loads the magic number, the protocol version, sys_info, the object, the storage keys. */
    private static final int LEGACY_PICKLES = 5;
    private static final BigInteger LEGACY_PROTOCOL = BigInteger.valueOf(1001);

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
        String format = scanner.guarded(() -> scanner.scanFile(bytes)).orElse("unknown");
        return new ScanReport(name, format, scanner.findings, Optional.ofNullable(scanner.problem));
    }

    private String scanFile(MemorySegment bytes) {
        byte[] head = bytes.asSlice(0, Math.min(512, bytes.byteSize())).toArray(ValueLayout.JAVA_BYTE);
        guarded(() -> Polyglots.why(bytes, file, allowList, limits)).flatMap(why -> why)
                .ifPresent(why -> report(new UnsafeModelException(file + ": " + why)));
        if (ZipArchive.looksLikeZip(head)) {
            return scanZip(ZipArchive.open(bytes, file, limits));
        }
        if (TorchTar.looksLikeTar(head)) {
            return scanTar(TorchTar.open(bytes, file, limits));
        }
        if (NumpyFiles.hasMagic(head)) {
            NumpyFiles.objectArrayPickle(bytes, file, limits).ifPresent(pickle -> scanPickles(pickle, ""));
            return "npy";
        }
        MemorySegment stream = Joblib.stream(bytes, file, limits);
        if (stream != bytes) {
            scanPickles(stream, "");
            return "joblib";
        }
        boolean legacy = scanPickles(bytes, "");
        return legacy ? "pytorch-legacy" : findings.stream()
                .anyMatch(finding -> finding.global().module().equals("joblib.numpy_pickle")) ? "joblib" : "pickle";
    }

    private String scanZip(ZipArchive archive) {
        boolean torch = archive.entries().stream().map(entry -> TorchArchives.asciiLowerCase(entry.name()))
                .anyMatch(name -> name.endsWith("/data.pkl") || name.equals("data.pkl"));
        if (torch) {
            guarded(() -> {
                TorchArchives.requireDistinctRecordNames(archive);
                return null;
            });
        }
        boolean npz = !archive.entries().isEmpty();
        for (ZipEntry entry : archive.entries()) {
            if (entry.isDirectory()) {
                continue;
            }
            String where = file + " entry " + entry.name();
            npz &= entry.name().endsWith(".npy");
            if (TorchArchives.asciiLowerCase(entry.name()).endsWith(".pkl")) {
                guarded(() -> scanPickles(MemoryBudget.entryData(archive, entry, limits), entry.name()));
                continue;
            }
            // np.load reads any member that starts with the .npy magic, whatever its name.
            guarded(() -> {
                MemorySegment data = MemoryBudget.entryData(archive, entry, limits);
                byte[] head = data.asSlice(0, Math.min(8, data.byteSize())).toArray(ValueLayout.JAVA_BYTE);
                return NumpyFiles.hasMagic(head) ? NumpyFiles.objectArrayPickle(data, where, limits)
                        .map(pickle -> scanPickles(pickle, entry.name())) : Optional.empty();
            });
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

    /**
     * Scans the pickle at the start of {@code stream} and, when its value is torch's legacy magic number (in any
     * encoding: torch compares the loaded value), the further pickles torch's legacy reader loads: the protocol
     * version, and after 1001 the system info, the object and the storage keys. True when it was a legacy file.
     */
    private boolean scanPickles(MemorySegment stream, String entry) {
        String source = entry.isEmpty() ? file : file + " entry " + entry;
        boolean[] legacy = {false};
        scanWith(Unpickler.scanner(stream, 0, source, 0, UnpicklerOptions.of(allowList, limits)), entry,
                scanner -> {
                    PyValue first = scanner.load();
                    if (!(first instanceof PyInt magic) || !magic.value().equals(TorchArchives.LEGACY_MAGIC)) {
                        return;
                    }
                    legacy[0] = true;
                    if (!(scanner.load() instanceof PyInt protocol) || !protocol.value().equals(LEGACY_PROTOCOL)) {
                        return;
                    }
                    for (int i = 2; i < LEGACY_PICKLES; i++) {
                        scanner.load();
                    }
                });
        return legacy[0];
    }

    /** Runs {@code walk} with {@code scanner}, then records every global it met, even when the walk failed. */
    private boolean scanWith(Unpickler scanner, String entry, Consumer<Unpickler> walk) {
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
            report(e);
            return Optional.empty();
        }
    }

    /** Keeps the first problem, unless a later one makes the file unsafe. */
    private void report(BrineException e) {
        ScanReport.Verdict kind = e instanceof UnsafeModelException ? ScanReport.Verdict.UNSAFE
                : e instanceof UnsupportedModelException ? ScanReport.Verdict.UNSUPPORTED
                : ScanReport.Verdict.MALFORMED;
        if (problem == null || kind == ScanReport.Verdict.UNSAFE && problem.kind() != ScanReport.Verdict.UNSAFE) {
            problem = new ScanReport.Problem(e.getMessage(), kind);
        }
    }
}
