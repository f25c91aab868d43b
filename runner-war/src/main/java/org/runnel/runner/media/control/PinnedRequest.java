package org.runnel.runner.media.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.runnel.shared.net.UrlPolicy;

/**
 * One HTTP/1.1 {@code GET} sent over a socket connected to an address the {@link UrlPolicy} has
 * just checked. The JDK's clients resolve the host again when they connect, which leaves a DNS
 * rebinding window between the check and the connection (a name that answers a public address to
 * the check and {@code 127.0.0.1} to the connection); connecting to the checked {@link InetAddress}
 * closes it. TLS still verifies the certificate against the host name (endpoint identification
 * {@code HTTPS}, SNI), so pinning the address weakens nothing. Nothing here depends on the JVM's
 * DNS cache ({@code networkaddress.cache.ttl}): relying on it would only narrow the window (an
 * entry may expire between the check and the connection), not close it.
 *
 * <p>Redirects are not followed here: the caller checks each {@code Location} with the policy
 * first. Only what a download needs is supported: status line, headers, a body delimited by {@code
 * Content-Length}, chunked transfer coding or the end of the connection ({@code Connection:
 * close}); no compression is asked for.
 */
final class PinnedRequest implements Closeable {

  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private volatile Socket socket;
  private volatile boolean closed;
  private int status;
  private final Map<String, String> headers = new HashMap<>();
  private InputStream body;

  /**
   * Connects to the first reachable checked address and sends the request.
   *
   * @param extra further request headers (e.g. {@code Range})
   * @throws ConnectException when no checked address accepts the connection
   */
  void send(
      UrlPolicy.Target target,
      Map<String, String> extra,
      Duration connectTimeout,
      Duration readTimeout,
      SSLSocketFactory tls)
      throws IOException {
    Socket raw = connect(target.addresses(), target.port(), connectTimeout);
    raw.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
    Socket s = raw;
    if (target.https()) {
      SSLSocket ssl = (SSLSocket) tls.createSocket(raw, target.host(), target.port(), true);
      SSLParameters p = ssl.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      if (!target.host().contains(":") && !target.host().matches("[0-9.]+")) {
        p.setServerNames(List.of(new SNIHostName(target.host())));
      }
      ssl.setSSLParameters(p);
      socket = ssl;
      ssl.startHandshake();
      s = ssl;
    }
    StringBuilder request = new StringBuilder();
    String path =
        target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty()
            ? "/"
            : target.uri().getRawPath();
    String query = target.uri().getRawQuery();
    request.append("GET ").append(path).append(query == null ? "" : "?" + query);
    request.append(" HTTP/1.1\r\nHost: ").append(target.uri().getRawAuthority()).append("\r\n");
    request.append("User-Agent: Runnel-runner\r\nAccept: */*\r\nAccept-Encoding: identity\r\n");
    request.append("Connection: close\r\n");
    extra.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("\r\n");
    OutputStream out = s.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
    do {
      readHead(in);
    } while (status >= 100 && status < 200);
    body = bodyOf(in);
  }

  private Socket connect(List<InetAddress> addresses, int port, Duration timeout)
      throws IOException {
    IOException last = new ConnectException("no address");
    for (InetAddress a : addresses) {
      Socket s = new Socket();
      socket = s;
      if (closed) {
        s.close();
        throw new IOException("aborted");
      }
      try {
        s.connect(new InetSocketAddress(a, port), (int) timeout.toMillis());
        return s;
      } catch (IOException e) {
        s.close();
        if (closed) {
          throw e;
        }
        last = e instanceof ConnectException ? e : new ConnectException(e.getMessage());
      }
    }
    throw last;
  }

  private void readHead(InputStream in) throws IOException {
    headers.clear();
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer");
    }
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status line");
    }
    int total = statusLine.length();
    for (String h; !(h = line(in)).isEmpty(); ) {
      total += h.length();
      if (total > MAX_HEADER_BYTES) {
        throw new IOException("headers too large");
      }
      int colon = h.indexOf(':');
      if (colon > 0) {
        String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        headers.merge(name, h.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new EOFException("connection closed in the headers");
      }
      if (b.size() > MAX_HEADER_BYTES) {
        throw new IOException("header line too long");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private InputStream bodyOf(InputStream in) throws IOException {
    if (status == 204 || status == 304) {
      return InputStream.nullInputStream();
    }
    if (header("transfer-encoding")
        .map(t -> t.toLowerCase(Locale.ROOT).contains("chunked"))
        .orElse(false)) {
      return new Chunked(in);
    }
    Optional<Long> length = contentLength();
    return length.isPresent() ? new Bounded(in, length.get()) : in;
  }

  int status() {
    return status;
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The declared length, empty when absent, unreadable or irrelevant (chunked). */
  Optional<Long> contentLength() {
    if (headers.containsKey("transfer-encoding")) {
      return Optional.empty();
    }
    try {
      return header("content-length").map(v -> Long.parseLong(v.split(",")[0].strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  InputStream body() {
    return body;
  }

  /** Closes the connection; callable from another thread to abort a connect or a read. */
  @Override
  public void close() {
    closed = true;
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing is all that is wanted
      }
    }
  }

  /** A body read in blocks; a single byte is a block of one. */
  private abstract static class BodyStream extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }

  /** A body of a declared length: ending early is an error, not the end of the file. */
  private static final class Bounded extends BodyStream {
    private final InputStream in;
    private long left;

    Bounded(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("the transfer broke off");
      }
      left -= n;
      return n;
    }
  }

  /** The chunked transfer coding (RFC 9112 section 7.1); trailers are skipped. */
  private static final class Chunked extends BodyStream {
    private final InputStream in;
    private long left;
    private boolean done;

    Chunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line(in);
        int semi = size.indexOf(';');
        try {
          left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("bad chunk size");
        }
        if (left < 0) {
          throw new IOException("bad chunk size");
        }
        if (left == 0) {
          while (!line(in).isEmpty()) {
            // trailer fields are not used
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("the transfer broke off");
      }
      left -= n;
      if (left == 0 && !line(in).isEmpty()) {
        throw new IOException("bad chunk end");
      }
      return n;
    }
  }
}
