package dev.brine.cli.fuzz;

import dev.brine.core.BrineException;
import dev.brine.core.Limits;
import dev.brine.core.Models;
import dev.brine.core.model.LoadOptions;
import dev.brine.models.data.CsvTable;
import dev.brine.python.PickleScanner;
import dev.brine.python.PythonGlobals;
import dev.brine.server.RequestReadersFuzzing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * One coverage-guided fuzz target for every reader of untrusted bytes (Jazzer's {@code fuzzerTestOneInput}). The
 * first byte of an input picks the reader ({@link Reader}), the rest is the file. A reader may refuse anything, but
 * only with an exception of Brine's hierarchy ({@link BrineException}; the server's request reader: its HTTP 400
 * error); anything else escapes and is a finding, and so are a hang past the fuzzer's time limit and an
 * {@link OutOfMemoryError} in the fuzzer's 512 MB heap. The budgets are tighter than the defaults (64 MB in memory,
 * 16 MB strings) so that a declared size the reader trusts shows up as an allocation failure at once.
 *
 * <p>Used by {@link ReadersFuzzTest} (Jazzer in a child JVM, a bounded time) and {@link FuzzRegressionTest}
 * (every committed finding and seed replayed without Jazzer).
 */
public final class ReadersFuzzTarget {
    /** The readers, in selector order; the extension is what the format is usually called (detection is by content). */
    public enum Reader {
        PICKLE("pkl"), JOBLIB("joblib"), NPY("npy"), NPZ("npz"), TORCH_ZIP("pt"), TORCH_LEGACY("pth"),
        TORCH_TAR("tar"), SAFETENSORS("safetensors"), BRINE("brine"), HDF5("h5"), KERAS("keras"), ONNX("onnx"),
        CSV("csv"), INFER_REQUEST("json");

        final String extension;

        Reader(String extension) {
            this.extension = extension;
        }

        public static Reader of(byte selector) {
            return values()[Byte.toUnsignedInt(selector) % values().length];
        }

        /** The reader whose usual extension {@code fileName} has, if any. */
        public static java.util.Optional<Reader> forFile(String fileName) {
            String lower = fileName.toLowerCase(java.util.Locale.ROOT);
            return Arrays.stream(values()).filter(reader -> lower.endsWith("." + reader.extension)).findFirst();
        }

        public byte selector() {
            return (byte) ordinal();
        }
    }

    static final Limits LIMITS = Limits.DEFAULTS.toBuilder()
            .maxInMemoryBytes(64L << 20)
            .maxStringBytes(16L << 20)
            .maxHeaderBytes(16L << 20)
            .maxTensorBytes(256L << 20)
            .maxElements(1_000_000)
            .maxOperations(10_000_000)
            .build();
    private static final LoadOptions OPTIONS = LoadOptions.DEFAULTS.withLimits(LIMITS);
    private static final List<Reader> PICKLE_FORMATS =
            List.of(Reader.PICKLE, Reader.JOBLIB, Reader.NPY, Reader.NPZ, Reader.TORCH_ZIP, Reader.TORCH_LEGACY,
                    Reader.TORCH_TAR);

    private static Path directory;

    private ReadersFuzzTarget() {
    }

    public static void fuzzerInitialize() throws IOException {
        directory = Files.createTempDirectory("brine-fuzz");
        directory.toFile().deleteOnExit();
    }

    public static void fuzzerTestOneInput(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        Reader reader = Reader.of(input[0]);
        byte[] content = Arrays.copyOfRange(input, 1, input.length);
        run(reader, content);
    }

    /** Feeds {@code content} to {@code reader}'s entry points; only Brine's own refusals are caught. */
    public static void run(Reader reader, byte[] content) throws IOException {
        if (directory == null) {
            fuzzerInitialize();
        }
        if (reader == Reader.INFER_REQUEST) {
            RequestReadersFuzzing.readInferRequest(content);
            return;
        }
        Path file = directory.resolve("input." + reader.extension);
        Files.write(file, content);
        try {
            if (reader == Reader.CSV) {
                refusedOrRead(() -> CsvTable.read(file));
                return;
            }
            refusedOrRead(() -> Models.inspect(file, OPTIONS));
            refusedOrRead(() -> Models.load(file, OPTIONS));
            if (PICKLE_FORMATS.contains(reader)) {
                refusedOrRead(() -> PickleScanner.scan(file, PythonGlobals.defaults(), LIMITS));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void refusedOrRead(Runnable read) {
        try {
            read.run();
        } catch (BrineException refused) {
            // A refusal of Brine's hierarchy, with its exit code: what every hostile input may get.
        } catch (RuntimeException escaped) {
            if (PENDING.stream().noneMatch(known -> known.test(escaped))) {
                throw escaped;
            }
        }
    }

    /**
     * Findings whose fix is on its way, each the same fault as a {@code pending:} case of the hostile corpus; the
     * fuzzer steps over them so that it can find the others. Remove an entry when the corpus case passes (none
     * today: the CSV decoding and duplicate-column faults were fixed).
     */
    private static final List<Predicate<RuntimeException>> PENDING = List.of();
}
