package dev.strand.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage errors; fetching itself is tested over h1 in protocol-h1. */
class FetchCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "-n 0 http://h/", "-c x http://h/", "--bogus http://h/", "ftp://h/", "http://h/ -n",
            "--cacert /no/such/file.pem http://h/"})
    void usageErrorsExitWithTwoAndExplain(String line) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        int rc = FetchCommand.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, rc, text);
        assertTrue(text.startsWith("strand fetch: "), text);
        assertTrue(text.contains("usage: strand fetch URL..."), text);
    }
}
