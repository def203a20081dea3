package dev.brine.python.torch;

import dev.brine.core.io.ZipArchive;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code Models.load} of {@code torch.save} files ({@link TorchModels}): zip archives whose first record is a
 * {@code data.pkl} (torch writes it first), tar archives whose first member is {@code sys_info} and the legacy format
 * by their magic, {@code .pt}, {@code .pth} and
 * {@code .ckpt} names by extension.
 */
public final class TorchModelReader implements ModelReader {

    @Override
    public String formatName() {
        return "pytorch";
    }

    @Override
    public Detection detect(byte[] head, String fileName) {
        if (TorchArchives.isLegacy(head) || ZipArchive.looksLikeZip(head)
                && TorchArchives.asciiLowerCase(firstEntryName(head)).endsWith("data.pkl")
                || TorchTar.looksLikeTar(head) && firstTarMemberName(head).equals("sys_info")) {
            return Detection.MAGIC;
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".ckpt") ? Detection.EXTENSION
                : Detection.NO;
    }

    /** The name in the first ZIP local header: its length at offset 26, the name from offset 30. */
    private static String firstEntryName(byte[] head) {
        if (head.length < 30) {
            return "";
        }
        int length = (head[26] & 0xFF) | (head[27] & 0xFF) << 8;
        return head.length < 30 + length ? "" : new String(head, 30, length, StandardCharsets.UTF_8);
    }

    /** The name in the first tar header: NUL-terminated, in its first 100 bytes (torch writes sys_info first). */
    private static String firstTarMemberName(byte[] head) {
        int end = 0;
        while (end < 100 && head[end] != 0) end++;
        return new String(head, 0, end, StandardCharsets.US_ASCII);
    }

    @Override
    public Model read(Path path, LoadOptions options) {
        return TorchModels.read(path, options);
    }
}
