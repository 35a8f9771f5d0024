package dev.rmbee.federation;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection to another relay, used by one POST at a time: the request
 * (head and body) leaves in a single write, the answer's status is parsed and its body skipped
 * (by {@code Content-Length}, chunked, or up to the end of the connection). Every read waits at
 * most until the request's deadline ({@link HttpTimeoutException} after it).
 */
final class Http1Connection implements AutoCloseable {

    /** A line of the answer's head, and the whole head, at most. */
    static final int MAX_LINE = 8 * 1024;

    static final int MAX_HEAD = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] requestHead;
    private final byte[] buffer = new byte[8 * 1024];
    private int position;
    private int limit;
    private long deadline;
    private boolean reusable = true;
    private boolean answerStarted;
    private int requests;
    /** When the connection last went back to the pool ({@link System#nanoTime()}). */
    long idleSince;

    Http1Connection(Socket socket, String authority) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.requestHead = ("POST / HTTP/1.1\r\nHost: " + authority + "\r\nContent-Length: ")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** POSTs {@code body} to {@code /} and returns the answer's status; waits until {@code deadline} at most. */
    int post(byte[] body, long deadline) throws IOException {
        this.deadline = deadline;
        this.answerStarted = false;
        requests++;
        out.write(request(body));
        out.flush();
        return readAnswer();
    }

    /** Whether the connection may carry another request (the last answer was read whole and did not close it). */
    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    /**
     * Whether a failed POST on this connection may be sent again on a new one: the connection had
     * carried requests before and no byte of an answer came (the relay had closed it while idle).
     */
    boolean staleBeforeAnswer() {
        return requests > 1 && !answerStarted;
    }

    private byte[] request(byte[] body) {
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[requestHead.length + length.length + body.length];
        System.arraycopy(requestHead, 0, request, 0, requestHead.length);
        System.arraycopy(length, 0, request, requestHead.length, length.length);
        System.arraycopy(body, 0, request, requestHead.length + length.length, body.length);
        return request;
    }

    private int readAnswer() throws IOException {
        while (true) {
            String statusLine = readLine();
            if (statusLine == null) {
                throw new EOFException("the relay closed the connection before answering");
            }
            int status = status(statusLine);
            long contentLength = -1;
            boolean chunked = false;
            boolean close = !statusLine.startsWith("HTTP/1.1 ");
            int headBytes = statusLine.length();
            for (String line = header(); !line.isEmpty(); line = header()) {
                headBytes += line.length();
                if (headBytes > MAX_HEAD) {
                    throw new IOException("the answer's head is over " + MAX_HEAD + " bytes");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> contentLength = contentLength(value);
                    case "transfer-encoding" -> chunked = value.endsWith("chunked");
                    case "connection" -> close |= value.contains("close");
                    default -> {}
                }
            }
            if (status >= 100 && status < 200) {
                continue; // an interim answer (100 Continue): the final one follows
            }
            skipBody(status, chunked, contentLength);
            reusable &= !close;
            return status;
        }
    }

    private void skipBody(int status, boolean chunked, long contentLength) throws IOException {
        if (status == 204 || status == 304) {
            return;
        }
        if (chunked) {
            skipChunks();
        } else if (contentLength >= 0) {
            skip(contentLength);
        } else {
            while (fill()) {
                position = limit;
            }
            reusable = false;
        }
    }

    private void skipChunks() throws IOException {
        while (true) {
            String sizeLine = header();
            int semicolon = sizeLine.indexOf(';');
            String size = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            long chunk;
            try {
                chunk = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size in the answer: '" + size + "'");
            }
            if (chunk == 0) {
                while (!header().isEmpty()) {
                    // trailers
                }
                return;
            }
            skip(chunk);
            header(); // the CRLF after the chunk
        }
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("the answer's body ended early");
            }
            int step = (int) Math.min(left, limit - position);
            position += step;
            left -= step;
        }
    }

    /** A line of the head; the end of the connection there is an error. */
    private String header() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new EOFException("the answer's head ended early");
        }
        return line;
    }

    /** The next line without its CRLF, or null at the end of the connection before any byte. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position == limit && !fill()) {
                return line.length() == 0 ? null : line.toString();
            }
            answerStarted = true;
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("a line of the answer's head is over " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Reads more of the answer, waiting until the deadline at most; false at the end of the connection. */
    private boolean fill() throws IOException {
        long wait = (deadline - System.nanoTime()) / 1_000_000;
        if (wait <= 0) {
            throw new HttpTimeoutException("request timed out");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, wait));
        int read;
        try {
            read = in.read(buffer, 0, buffer.length);
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("request timed out");
        }
        if (read < 0) {
            reusable = false;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private static int status(String statusLine) throws IOException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x answer: '" + abbreviated(statusLine) + "'");
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x answer: '" + abbreviated(statusLine) + "'");
        }
    }

    private static long contentLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length in the answer: '" + abbreviated(value) + "'");
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    @Override
    public void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
