package dev.baton.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Finds the version of a webjar on the class path, so the console links the one the build brought. */
final class Webjars {
    private Webjars() {
    }

    /**
     * @param artifact an {@code org.webjars.npm} artifact id
     * @return its version, from the jar's {@code pom.properties}
     * @throws IllegalStateException when the webjar is not on the class path
     */
    static String version(String artifact) {
        String file = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("the webjar org.webjars.npm:" + artifact
                        + " is not on the class path (" + file + "); add it to api-gateway/pom.xml");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
