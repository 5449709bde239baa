package org.sunlight.templates;

import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.FileLoader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.file.Path;

/**
 * Loads {@code <directory>/<name>.peb} as UTF-8 and drops a leading byte order mark.
 *
 * <p>Override files are edited by operators, often with Windows Notepad, which saves UTF-8 with a
 * BOM; Pebble would otherwise copy that invisible character into the first line of every message.
 */
final class BomSkippingFileLoader extends FileLoader {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    BomSkippingFileLoader(Path directory) {
        super(directory.toAbsolutePath().normalize().toString());
        setSuffix(Templates.SUFFIX);
        setCharset("UTF-8");
    }

    @Override
    public Reader getReader(String templateName) {
        Reader reader = super.getReader(templateName);
        PushbackReader pushback = new PushbackReader(reader, 1);
        try {
            int first = pushback.read();
            if (first != -1 && first != BYTE_ORDER_MARK) {
                pushback.unread(first);
            }
            return pushback;
        } catch (IOException e) {
            try {
                pushback.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw new LoaderException(e, "Could not read template " + templateName + ": " + e.getMessage());
        }
    }
}
