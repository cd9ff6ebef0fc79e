package dev.baton.transfer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A parameter file that is not one is reported by name, whatever its first bytes are. */
class ParameterFileTest {

    @Test
    void aShortGarbageFileIsMalformedAndNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("parameters.params"), "not parameters", StandardCharsets.UTF_8);
        // the garbage reads as a long header length: the file ends before it (no engine needed to fail)
        MalformedParameterFileException e = assertThrows(MalformedParameterFileException.class,
                () -> ParameterFile.read(file, null));
        assertEquals(file + " is truncated or not a parameter file", e.getMessage());
    }
}
