package dev.baton.local;

import java.nio.file.Path;

/** The java executable of the running JVM, used to launch the services with the same Java. */
final class JavaLauncher {
    private JavaLauncher() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
