package dev.strand.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Makes variants of a built jar: the same bundle and module, with different content. */
final class Jars {

    private Jars() {
    }

    /** Copies {@code source} to {@code dest}, entries in order, adding one text entry at the end. */
    static Path withExtraEntry(Path source, Path dest, String name, String text) throws IOException {
        try (InputStream in = Files.newInputStream(source);
             ZipInputStream zin = new ZipInputStream(in);
             OutputStream out = Files.newOutputStream(dest);
             ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                zout.putNextEntry(new ZipEntry(e.getName()));
                zin.transferTo(zout);
                zout.closeEntry();
            }
            ZipEntry extra = new ZipEntry(name);
            extra.setTime(0);
            zout.putNextEntry(extra);
            zout.write(text.getBytes(StandardCharsets.UTF_8));
            zout.closeEntry();
        }
        return dest;
    }
}
