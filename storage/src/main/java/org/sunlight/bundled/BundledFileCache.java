package org.sunlight.bundled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * Copies a resource bundled in a jar to a plain file once, into a content-addressed cache directory,
 * for APIs that need a file: sqlite-jdbc's native library and the chart font. Left to themselves, both
 * copy the resource to a new temporary file in every JVM (the font's copy is deleted only at a clean
 * exit, so killed JVMs leave theirs behind).
 *
 * <p>Layout: {@code <root>/<crc32 in hex>-<size>/<file name>}, the CRC-32 and size being the resource's. A
 * different resource (another driver version, another platform's library, another font) gets another
 * directory, so a stale copy is never reused; for a resource in a jar both numbers come from the jar's
 * directory, so finding the key inflates nothing. An existing copy is used only if its size and CRC-32
 * match; otherwise the resource is written to a temporary file in the same directory, checked, and
 * moved over the old copy atomically, so processes starting together never see a half-written file
 * (and a copy cut short by a crash is found and replaced by the next start, so nothing is fsynced).
 *
 * <p>CRC-32 catches truncation and corruption, not tampering: a cached native library is loaded as
 * code, so on POSIX file systems the root and the key directory must be directories (not links) that
 * belong to this user and that nobody else can write to, or another local user could swap the file
 * between the check and the load. Every call checks that, and fails rather than use such a cache. Thread-safe and safe across
 * processes; the only state is the root.
 */
public final class BundledFileCache {

    /**
     * The cache's directory name under {@code java.io.tmpdir}: one per user, since the cache must
     * be private to whoever loads code from it, and another user's would be refused.
     */
    public static String directoryName() {
        String user = System.getProperty("user.name", "");
        return user.matches("[A-Za-z0-9._-]{1,64}") ? "sunlight-cache-" + user : "sunlight-cache";
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    /** A cache in {@code root}, which is created when first needed. */
    public BundledFileCache(Path root) {
        this.root = root.toAbsolutePath();
    }

    /**
     * The cache in {@code ${java.io.tmpdir}/sunlight-cache-USER}. The temporary directory is where the
     * driver and the JDK put their copies anyway, it can be moved with {@code -Djava.io.tmpdir}, and
     * whatever cleans it may delete the cache at any time: the next start writes it again.
     */
    public static BundledFileCache inTempDir() {
        return new BundledFileCache(Path.of(System.getProperty("java.io.tmpdir"), directoryName()));
    }

    public Path root() {
        return root;
    }

    /**
     * A file with the resource's content, named {@code fileName}: the cached copy if it is intact,
     * else a fresh one.
     *
     * @throws IOException if the resource cannot be read, or the cache cannot be written or is not
     *     private to this user
     */
    public Path file(URL resource, String fileName) throws IOException {
        Path name = Path.of(fileName);
        if (name.getParent() != null || fileName.isEmpty() || fileName.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: " + fileName);
        }
        Fingerprint expected = fingerprint(resource);
        Path directory = root.resolve(expected.key());
        createPrivateDirectory(directory);
        Path file = directory.resolve(name);
        if (expected.matches(file)) {
            return file;
        }
        Path temporary = Files.createTempFile(directory, fileName + ".", ".tmp");
        try {
            Fingerprint written;
            try (InputStream in = resource.openStream(); OutputStream out = Files.newOutputStream(temporary)) {
                written = Fingerprint.copy(in, out);
            }
            if (!written.sameAs(expected)) {
                throw new IOException("the copy of " + resource + " is " + written.key() + ", not " + expected.key());
            }
            // rename(2): readers see the old file or the whole new one, never part of it.
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The resource's size and CRC-32: from the jar's directory when it is in a jar, else by reading it. */
    private static Fingerprint fingerprint(URL resource) throws IOException {
        URLConnection connection = resource.openConnection();
        if (connection instanceof JarURLConnection jar) {
            // Not cached: a cached JarFile would stay open for the JVM's life.
            jar.setUseCaches(false);
            try (JarFile jarFile = jar.getJarFile()) {
                JarEntry entry = jarFile.getJarEntry(jar.getEntryName());
                if (entry != null && entry.getSize() >= 0 && entry.getCrc() >= 0) {
                    return new Fingerprint(entry.getCrc(), entry.getSize());
                }
            }
        }
        try (InputStream in = resource.openStream()) {
            return Fingerprint.copy(in, OutputStream.nullOutputStream());
        }
    }

    /** Creates {@code directory} (and the root) for this user only, and checks that both are private. */
    private void createPrivateDirectory(Path directory) throws IOException {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // Windows: the temporary directory is the user's own.
            Files.createDirectories(directory);
            return;
        }
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        UserPrincipal me = directory.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        requirePrivate(root, me);
        requirePrivate(directory, me);
    }

    private static void requirePrivate(Path directory, UserPrincipal me) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IOException(directory + " is not a directory");
        }
        if (!attributes.owner().equals(me)) {
            throw new IOException(directory + " belongs to " + attributes.owner().getName() + ", not " + me.getName());
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(directory + " can be written by others ("
                    + PosixFilePermissions.toString(permissions) + ")");
        }
    }

    /**
     * A content's CRC-32 and length. Compared and named by hand: a record's generated {@code equals},
     * {@code String.format} and string concatenation each start machinery (method handles, the
     * formatter) that costs milliseconds in a JVM that has just started, and this runs at start-up.
     */
    private record Fingerprint(long crc, long size) {

        String key() {
            return String.join("-", Long.toHexString(crc), Long.toString(size));
        }

        boolean sameAs(Fingerprint other) {
            return crc == other.crc && size == other.size;
        }

        /** Whether {@code file} exists with this size and CRC-32. */
        boolean matches(Path file) throws IOException {
            try {
                if (Files.size(file) != size) {
                    return false;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return copy(in, OutputStream.nullOutputStream()).sameAs(this);
                }
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        static Fingerprint copy(InputStream in, OutputStream out) throws IOException {
            CRC32 crc = new CRC32();
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                crc.update(buffer, 0, read);
                out.write(buffer, 0, read);
                size += read;
            }
            return new Fingerprint(crc.getValue(), size);
        }
    }
}
