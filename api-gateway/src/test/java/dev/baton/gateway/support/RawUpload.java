package dev.baton.gateway.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams a request body to the gateway in HTTP/1.1 chunks over a bare socket, from one reused buffer,
 * as a hostile client does with {@code curl -T -}: the client itself keeps and allocates almost nothing,
 * so what {@link Footprint} measures in this JVM is the gateway's. The answer is read while the body is
 * still being sent (the gateway answers 413 long before a gigabyte has gone), then the connection is
 * closed.
 */
public final class RawUpload {
    private static final int CHUNK = 64 * 1024;

    /**
     * The gateway's answer.
     *
     * @param status the status code
     * @param headers the headers, by lower-case name
     * @param body the body
     */
    public record Answer(int status, Map<String, String> headers, String body) {
        /** @return the Content-Type, or "" */
        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawUpload() {
    }

    /**
     * @param method POST or PUT
     * @param uri where to
     * @param apiKey the caller's key
     * @param contentType the body's type
     * @param body the body, read as it is sent
     * @return the answer
     */
    public static Answer send(String method, URI uri, String apiKey, String contentType, InputStream body)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nX-API-Key: " + apiKey + "\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> writeChunks(body, out), "raw-upload");
            writer.setDaemon(true);
            writer.start();
            Answer answer = read(new BufferedInputStream(socket.getInputStream()));
            socket.close(); // ends the writer if the gateway stopped reading
            writer.join();
            return answer;
        }
    }

    /** @return a body of {@code bytes} zeros, made as it is read */
    public static InputStream zeros(long bytes) {
        return new InputStream() {
            private long left = bytes;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    private static void writeChunks(InputStream body, OutputStream out) {
        byte[] buffer = new byte[CHUNK];
        try (body) {
            for (int n = body.readNBytes(buffer, 0, CHUNK); n > 0; n = body.readNBytes(buffer, 0, CHUNK)) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buffer, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the gateway answered and closed, or the test closed the socket after the answer
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String status = line(in);
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.writeBytes(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0], 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0], 16)) {
                body.writeBytes(in.readNBytes(size));
                line(in);
            }
        }
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of the answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
