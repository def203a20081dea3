package dev.brine.python;

import dev.brine.core.BrineException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.io.ZipArchive;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.Unpickler;
import dev.brine.python.pickle.UnpicklerOptions;
import dev.brine.python.torch.TorchTar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Files that Python's readers would read as two different things. Each loader decides by its own test: torch and
 * numpy by a ZIP header at offset 0, torch (after that) by whether Python's tarfile opens the file, Python's
 * zipfile by a directory at the end, pickle and joblib by simply unpickling from offset 0. No Python library writes
 * a file that passes two of these tests; such a file was crafted so that a check of one reading hides the other,
 * so it is unsafe whatever each reading holds, for {@code brine scan} and for every loader alike.
 */
public final class Polyglots {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int END_RECORD = 22;
    private static final int MAX_COMMENT = 0xFFFF;

    private Polyglots() {
    }

    /** Throws {@link UnsafeModelException} when {@link #why} finds two readings. */
    public static void refuse(MemorySegment bytes, String source, AllowList allowList, Limits limits) {
        why(bytes, source, allowList, limits).ifPresent(why -> {
            throw new UnsafeModelException(source + ": " + why);
        });
    }

    /** Which two readings the bytes have, if they have two. */
    public static Optional<String> why(MemorySegment bytes, String source, AllowList allowList, Limits limits) {
        byte[] head = bytes.asSlice(0, Math.min(512, bytes.byteSize())).toArray(ValueLayout.JAVA_BYTE);
        boolean zip = ZipArchive.looksLikeZip(head);
        boolean tar = TorchTar.looksLikeTar(head);
        String advice = " No Python library writes such a file; it was crafted so that readers disagree. Do not load"
                + " it.";
        if (zip && tar) {
            return Optional.of("a polyglot: both a ZIP archive (what torch 1.6 and later and numpy read) and a tar"
                    + " archive (what torch.load before 1.6 reads first)." + advice);
        }
        if (tar && startsWithPickle(bytes, source, allowList, limits)) {
            return Optional.of("a polyglot: both a tar archive (what torch.load reads first) and a pickle at offset 0"
                    + " (what pickle.load and joblib.load run)." + advice);
        }
        if (!zip && endsWithZipDirectory(bytes)) {
            return Optional.of("a polyglot: a ZIP archive is appended (Python's zipfile reads it from the end) to"
                    + " data that pickle.load, joblib.load and torch.load read from the start." + advice);
        }
        return Optional.empty();
    }

    /** True when Python's unpickler would do anything with the bytes at offset 0: name a global, or reach STOP. */
    private static boolean startsWithPickle(MemorySegment bytes, String source, AllowList allowList, Limits limits) {
        Unpickler scanner = Unpickler.scanner(bytes, 0, source, 0, UnpicklerOptions.of(allowList, limits));
        try {
            scanner.load();
            return true;
        } catch (BrineException e) {
            return !scanner.globals().isEmpty();
        }
    }

    /**
     * An end-of-central-directory record that ends the file exactly (its comment reaching the last byte), whose
     * central directory sits right before it as Python's zipfile would find it (it corrects the offsets for data
     * prepended to the archive).
     */
    private static boolean endsWithZipDirectory(MemorySegment bytes) {
        long size = bytes.byteSize();
        long lowest = Math.max(0, size - END_RECORD - MAX_COMMENT);
        for (long at = size - END_RECORD; at >= lowest; at--) {
            if (bytes.get(U32, at) != 0x06054b50) {
                continue;
            }
            long comment = bytes.get(U16, at + 20) & 0xFFFF;
            long directorySize = bytes.get(U32, at + 12) & 0xFFFF_FFFFL;
            long directory = at - directorySize;
            if (at + END_RECORD + comment == size && directory >= 0
                    && (directorySize == 0 || directorySize >= 4 && bytes.get(U32, directory) == 0x02014b50)) {
                return true;
            }
        }
        return false;
    }
}
