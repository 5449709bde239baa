package org.sunlight.storage;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sunlight.bundled.BundledFileCache;

/**
 * Lets sqlite-jdbc load its native library from a {@link BundledFileCache} copy. Left to itself, the
 * driver copies the 1.1 MB library out of its jar to a new file in the temporary directory at every
 * start and compares both copies byte by byte: about two thirds of the first connection's time, and
 * killed JVMs leave their copies behind.
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
            // The driver's own choice of folder (OS, architecture, musl or glibc, Android) and file name.
            String name = LibraryLoaderUtil.getNativeLibName();
            URL resource = SQLiteJDBCLoader.class.getResource(
                    String.join("/", LibraryLoaderUtil.getNativeLibResourcePath(), name));
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
}
