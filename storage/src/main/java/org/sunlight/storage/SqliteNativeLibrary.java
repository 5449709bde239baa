package org.sunlight.storage;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sunlight.bundled.BundledFileCache;

/**
 * Lets sqlite-jdbc load its native library from a {@link BundledFileCache} copy. Left to itself, the
 * driver copies the 1.1 MB library out of its jar to a new file in the temporary directory at every
 * start, compares both copies byte by byte and runs {@code uname}: half or more of the first
 * connection's time, and killed JVMs leave their copies behind.
 *
 * <p>Process-global state, on purpose and only here: the driver learns where its library is from the
 * system properties {@value #PATH_PROPERTY} and {@value #NAME_PROPERTY}, read once per JVM when the
 * first connection loads the library; there is no other way to tell it. So they are set at most once
 * per JVM, before the first connection, and only if the user set neither (a user's choice always
 * wins) and the driver bundles a library for this platform. If the cache cannot be used, nothing is
 * set and the driver does what it always did; if the cached file cannot be loaded after all, the
 * driver falls back to its own copy. Thread-safe: everything runs under the class's lock.
 */
final class SqliteNativeLibrary {

    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    /** Where sqlite-jdbc keeps its libraries, one folder per platform. */
    static final String NATIVE_ROOT = "/org/sqlite/native/";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);

    /** Whether {@link #prepare()} ran in this JVM; guarded by the class's lock. */
    private static boolean prepared;

    private SqliteNativeLibrary() {
    }

    /** Prepares the library in the default cache ({@link BundledFileCache#inTempDir()}) once per JVM. */
    static synchronized void prepare() {
        if (!prepared) {
            prepared = true;
            prepare(BundledFileCache.inTempDir());
        }
    }

    /**
     * Copies the driver's library for this platform into {@code cache} if it is not there intact yet,
     * and points the driver at it. Never throws.
     *
     * @return the library file the driver was pointed at; empty if the driver was left alone
     */
    static synchronized Optional<Path> prepare(BundledFileCache cache) {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return Optional.empty();
        }
        try {
            // The driver's own choice of file name and folder (OS, architecture, musl or glibc, Android).
            String name = LibraryLoaderUtil.getNativeLibName();
            URL resource = library(nativeFolder(cache, name), name);
            if (resource == null) {
                LOG.debug("sqlite-jdbc bundles no native library for this platform; leaving it to the driver");
                return Optional.empty();
            }
            Path file = cache.file(resource, name);
            System.setProperty(NAME_PROPERTY, name);
            System.setProperty(PATH_PROPERTY, file.getParent().toString());
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot cache sqlite-jdbc's native library in {}; the driver extracts its own copy",
                    cache.root(), e);
            return Optional.empty();
        }
    }

    /**
     * The driver's folder of native libraries for this platform, as its {@code OSInfo} decides. Asking
     * starts a {@code uname} process (to rule out Android) and reads {@code /proc/self/map_files} (to
     * tell musl from glibc): about as long as the rest of the first connection. So the answer is kept
     * in a note in the cache, named by what it depends on that this JVM can see at no cost; a note
     * that does not name a bundled library is ignored and replaced.
     */
    static String nativeFolder(BundledFileCache cache, String name) {
        String note = noteName();
        try {
            Optional<String> remembered = cache.note(note);
            if (remembered.isPresent() && remembered.get().startsWith(NATIVE_ROOT)
                    && library(remembered.get(), name) != null) {
                return remembered.get();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the note {} in {}; asking sqlite-jdbc", note, cache.root(), e);
        }
        String folder = LibraryLoaderUtil.getNativeLibResourcePath();
        if (library(folder, name) != null) {
            try {
                cache.writeNote(note, folder);
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot write the note {} in {}", note, cache.root(), e);
            }
        }
        return folder;
    }

    /**
     * The note's name: a CRC-32 of what the driver's choice depends on. The driver's version; the
     * JVM's OS and architecture and the driver's override of the latter; the JVM installation and
     * build (a musl JVM is another build, an Android one another runtime); and the distribution's
     * {@code /etc/os-release}, so that containers of different distributions sharing a temporary
     * directory do not share the answer. Should it still be wrong, loading fails and the driver falls
     * back to its own copy.
     */
    static String noteName() {
        String osRelease;
        try {
            osRelease = Files.readString(Path.of("/etc/os-release"));
        } catch (IOException | RuntimeException e) {
            osRelease = "";
        }
        String platform = String.join("\n", SQLiteJDBCLoader.getVersion(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("org.sqlite.osinfo.architecture"),
                System.getProperty("java.home"), System.getProperty("java.vm.version"), osRelease);
        CRC32 crc = new CRC32();
        crc.update(platform.getBytes(StandardCharsets.UTF_8));
        return String.join("-", "sqlite-jdbc-platform", Long.toHexString(crc.getValue()));
    }

    private static URL library(String folder, String name) {
        return SQLiteJDBCLoader.class.getResource(String.join("/", folder, name));
    }
}
