package dev.brine.core.io;

/**
 * One entry of a {@link ZipArchive}, with sizes and offsets from the central directory (ZIP64 values applied).
 *
 * @param dataOffset where the entry's data starts in the file: local header offset + 30 + the local name and
 *                   extra lengths (torch pads the local extra so this is 64-byte aligned)
 */
public record ZipEntry(String name, int method, long compressedSize, long size, int crc32, long localHeaderOffset,
                       long dataOffset) {

    public static final int STORED = 0;
    public static final int DEFLATED = 8;

    public boolean isDirectory() {
        return name.endsWith("/");
    }
}
