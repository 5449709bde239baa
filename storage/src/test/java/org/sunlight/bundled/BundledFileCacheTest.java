package org.sunlight.bundled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledFileCacheTest {

    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

    @TempDir
    Path directory;

    @Test
    void copiesAResourceFromAJarOnceAndThenReusesTheCopy() throws Exception {
        byte[] content = content(1);
        URL resource = inJar("native/libthing.so", content);
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));

        Path first = cache.file(resource, "libthing.so");
        Files.setLastModifiedTime(first, LONG_AGO);
        Object identity = fileKey(first);
        Path second = cache.file(resource, "libthing.so");

        assertThat(second).isEqualTo(first);
        assertThat(first.getFileName()).hasToString("libthing.so");
        assertThat(first.getParent().getParent()).isEqualTo(directory.resolve("cache"));
        assertThat(Files.readAllBytes(second)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(second)).as("not rewritten").isEqualTo(LONG_AGO);
        assertThat(fileKey(second)).as("the same file").isEqualTo(identity);
        assertThat(namesIn(first.getParent())).as("no temporary file left").containsExactly("libthing.so");
    }

    @Test
    void theSameContentOutsideAJarIsTheSameCachedFile() throws Exception {
        byte[] content = content(2);
        Path loose = Files.write(directory.resolve("libthing.so"), content);
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));

        Path fromJar = cache.file(inJar("native/libthing.so", content), "libthing.so");
        Path fromFile = cache.file(loose.toUri().toURL(), "libthing.so");

        assertThat(fromFile).isEqualTo(fromJar);
    }

    @Test
    void aCorruptedCopyOfTheSameSizeIsReplaced() throws Exception {
        byte[] content = content(3);
        URL resource = inJar("native/libthing.so", content);
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));
        Path cached = cache.file(resource, "libthing.so");
        byte[] corrupted = content.clone();
        corrupted[corrupted.length / 2] ^= 0x5a;
        Files.write(cached, corrupted);

        Path again = cache.file(resource, "libthing.so");

        assertThat(again).isEqualTo(cached);
        assertThat(Files.readAllBytes(again)).isEqualTo(content);
        assertThat(namesIn(again.getParent())).containsExactly("libthing.so");
    }

    @Test
    void aTruncatedOrMissingCopyIsWrittenAgain() throws Exception {
        byte[] content = content(4);
        URL resource = inJar("native/libthing.so", content);
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));
        Path cached = cache.file(resource, "libthing.so");

        Files.write(cached, Arrays.copyOf(content, content.length / 3));
        assertThat(Files.readAllBytes(cache.file(resource, "libthing.so"))).isEqualTo(content);

        Files.delete(cached);
        assertThat(Files.readAllBytes(cache.file(resource, "libthing.so"))).isEqualTo(content);
    }

    @Test
    void anotherVersionOfTheResourceGetsItsOwnDirectoryAndLeavesTheOtherAlone() throws Exception {
        byte[] older = content(5);
        byte[] newer = content(6);
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));

        Path olderCopy = cache.file(inJar("native/libthing.so", older), "libthing.so");
        Path newerCopy = cache.file(inJar("other/libthing.so", newer), "libthing.so");

        assertThat(newerCopy.getParent()).isNotEqualTo(olderCopy.getParent());
        assertThat(Files.readAllBytes(olderCopy)).isEqualTo(older);
        assertThat(Files.readAllBytes(newerCopy)).isEqualTo(newer);
    }

    @Test
    void callersStartingTogetherAllGetTheWholeFile() throws Exception {
        byte[] content = content(7);
        URL resource = inJar("native/libthing.so", content);
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<byte[]> call = () -> {
                    start.await();
                    return Files.readAllBytes(cache.file(resource, "libthing.so"));
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            for (Future<byte[]> result : results) {
                assertThat(result.get()).isEqualTo(content);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> keys = Files.list(directory.resolve("cache"))) {
            Path key = keys.findFirst().orElseThrow();
            assertThat(namesIn(key)).containsExactly("libthing.so");
        }
    }

    @Test
    void refusesACacheDirectoryOthersCanWriteTo() throws Exception {
        assumeThat(directory.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path root = Files.createDirectory(directory.resolve("cache"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        BundledFileCache cache = new BundledFileCache(root);

        assertThatThrownBy(() -> cache.file(inJar("native/libthing.so", content(8)), "libthing.so"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("can be written by others");
    }

    @Test
    void refusesACacheRootThatIsALink() throws Exception {
        assumeThat(directory.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path elsewhere = Files.createDirectory(directory.resolve("elsewhere"));
        Path root = Files.createSymbolicLink(directory.resolve("cache"), elsewhere);

        assertThatThrownBy(() -> new BundledFileCache(root).file(inJar("native/libthing.so", content(9)), "libthing.so"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory");
    }

    @Test
    void failsWhenTheCacheCannotBeCreated() throws Exception {
        Path notADirectory = Files.writeString(directory.resolve("cache"), "a file");
        BundledFileCache cache = new BundledFileCache(notADirectory);

        assertThatThrownBy(() -> cache.file(inJar("native/libthing.so", content(10)), "libthing.so"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void acceptsOnlyAPlainFileName() throws Exception {
        BundledFileCache cache = new BundledFileCache(directory.resolve("cache"));
        URL resource = inJar("native/libthing.so", content(11));

        for (String name : List.of("", "..", "../libthing.so", "sub/libthing.so")) {
            assertThatThrownBy(() -> cache.file(resource, name)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Some bytes, different for each seed, large enough to be compressed in several blocks. */
    private static byte[] content(int seed) {
        byte[] bytes = new byte[300_000 + seed];
        Random random = new Random(seed);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 7 == 0 ? random.nextInt() : i / 1024);
        }
        return bytes;
    }

    /** A jar holding {@code content} under {@code entryName}, and the resource URL of that entry. */
    private URL inJar(String entryName, byte[] content) throws IOException {
        Path jar = Files.createTempFile(directory, "bundle", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(entryName));
            out.write(content);
            out.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/" + entryName);
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
