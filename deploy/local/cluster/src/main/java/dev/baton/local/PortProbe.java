package dev.baton.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Tells whether something listens on a loopback port. */
final class PortProbe {
    private PortProbe() {
    }

    static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
