package org.runnel.shared.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.runnel.shared.json.Json;

/**
 * The first servlet filter of each Runnel WAR: refuses, with a 4xx and a JSON {@code detail}, the
 * request-line and header anomalies that would otherwise surface as a 500 or a stack trace deeper
 * in the stack. Each rule answers a case seen in the field:
 *
 * <ul>
 *   <li>an invalid {@code %} escape in the path or query ({@code %zz}): Jersey's URI decoding
 *       threw, the container logged it at SEVERE and answered an empty 200 (400 here);
 *   <li>{@code Content-Length} given twice or not a number: Jersey's {@code getLength()} threw
 *       {@code HeaderValueException}, a 500 (400 here); both {@code Content-Length} and {@code
 *       Transfer-Encoding}, or a transfer coding other than {@code chunked} (the framing is
 *       ambiguous: 400);
 *   <li>a {@code Content-Type} given twice, or naming a charset this JVM does not know ({@code
 *       charset=nonsense}): the string reader threw {@code UnsupportedCharsetException}, a 500 (415
 *       here);
 *   <li>{@code TRACE}, {@code CONNECT} and method names outside HTTP's usual set (405), and any
 *       method but GET and HEAD on the server's own read-only endpoints ({@code /health}, {@code
 *       /metrics}, {@code /openapi}), whose servlets answer HTML (501 to {@code PATCH}, 405 to
 *       {@code OPTIONS});
 *   <li>a character RFC 3986 does not allow unencoded in a URI ({@code {}, {@code "}, a space...):
 *       Jersey answered Payara's HTML 400 page;
 *   <li>a {@code Content-Type} that is not {@code type/subtype}: Jersey answered Payara's HTML 400
 *       page (415 JSON here).
 * </ul>
 *
 * It runs before Jersey and the admin pages alike. Nothing is logged: these are client errors.
 *
 * <p>It also keeps a client that hangs up in the middle of its body from filling the log: when
 * reading the body fails or ends before its {@code Content-Length}, the connection is gone and
 * whatever the application then answers is dropped here instead of failing in Jersey (which logs
 * every such failure at SEVERE with a stack trace).
 */
public class RequestSanity extends HttpFilter {

  private static final long serialVersionUID = 1L;

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

  private static final Set<String> READ_ONLY = Set.of("GET", "HEAD");

  /** {@code type/subtype} as RFC 9110 tokens, then parameters. */
  private static final java.util.regex.Pattern MEDIA_TYPE =
      java.util.regex.Pattern.compile(
          "^\\s*[-!#$%&'*+.^_`|~0-9A-Za-z]+/[-!#$%&'*+.^_`|~0-9A-Za-z]+\\s*(;.*)?$");

  private static final java.util.regex.Pattern SERVER_ENDPOINTS =
      java.util.regex.Pattern.compile("/(health|metrics|openapi)(/.*)?");

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String problem = problem(req);
    if (problem == null) {
      Abandoned abandoned = new Abandoned();
      chain.doFilter(new BodyWatch(req, abandoned), new DropWhenAbandoned(res, abandoned));
      return;
    }
    int status = Integer.parseInt(problem.substring(0, 3));
    byte[] body =
        Json.write(Map.of("detail", problem.substring(4))).getBytes(StandardCharsets.UTF_8);
    res.setStatus(status);
    if (status == 405) {
      Set<String> allowed = serverEndpoint(req) ? READ_ONLY : METHODS;
      res.setHeader("Allow", String.join(", ", allowed.stream().sorted().toList()));
    }
    res.setContentType("application/json");
    res.setContentLength(body.length);
    res.setHeader("Connection", "close");
    if (!"HEAD".equals(req.getMethod())) {
      res.getOutputStream().write(body);
    }
  }

  /** {@code "<status> <detail>"} for the first rule broken, or null. */
  static String problem(HttpServletRequest req) {
    if (!METHODS.contains(req.getMethod())) {
      return "405 Method Not Allowed";
    }
    if (serverEndpoint(req) && !READ_ONLY.contains(req.getMethod())) {
      return "405 Method Not Allowed";
    }
    if (!validEscapes(req.getRequestURI())) {
      return "400 Invalid percent-encoding in the request path";
    }
    if (!uriCharacters(req.getRequestURI()) || !uriCharacters(req.getQueryString())) {
      return "400 Invalid character in the request target: percent-encode it";
    }
    if (!validEscapes(req.getQueryString())) {
      return "400 Invalid percent-encoding in the query string";
    }
    List<String> lengths = Collections.list(req.getHeaders("Content-Length"));
    if (lengths.size() > 1 || lengths.stream().anyMatch(v -> !v.strip().matches("\\d{1,18}"))) {
      return "400 Invalid Content-Length header: give it once, as a number of bytes";
    }
    List<String> codings = Collections.list(req.getHeaders("Transfer-Encoding"));
    if (!codings.isEmpty()) {
      if (!lengths.isEmpty()) {
        return "400 Content-Length and Transfer-Encoding must not both be given";
      }
      if (codings.size() > 1 || !"chunked".equalsIgnoreCase(codings.get(0).strip())) {
        return "400 Unsupported Transfer-Encoding: only chunked is accepted";
      }
    }
    List<String> types = Collections.list(req.getHeaders("Content-Type"));
    if (types.size() > 1) {
      return "400 Content-Type header given more than once";
    }
    if (!types.isEmpty() && !mediaType(types.get(0))) {
      return "415 Invalid Content-Type header: send application/json";
    }
    if (!types.isEmpty() && !knownCharset(types.get(0))) {
      return "415 Unsupported charset in Content-Type: send UTF-8";
    }
    return null;
  }

  private static boolean serverEndpoint(HttpServletRequest req) {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    return SERVER_ENDPOINTS.matcher(path).matches();
  }

  /** Whether every character may appear unencoded in a URI's path or query (null is valid). */
  static boolean uriCharacters(String s) {
    if (s == null) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether a Content-Type header is {@code type/subtype}, optionally with parameters. */
  static boolean mediaType(String contentType) {
    return MEDIA_TYPE.matcher(contentType).matches();
  }

  /** Every {@code %} followed by two hex digits (null and empty are valid). */
  static boolean validEscapes(String s) {
    if (s == null) {
      return true;
    }
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      if (i + 2 >= s.length()
          || Character.digit(s.charAt(i + 1), 16) < 0
          || Character.digit(s.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether a Content-Type's charset parameter, if any, names a charset this JVM supports. */
  static boolean knownCharset(String contentType) {
    for (String part : contentType.split(";")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq > 0 && "charset".equals(p.substring(0, eq).strip().toLowerCase(Locale.ROOT))) {
        String name = p.substring(eq + 1).strip().replace("\"", "");
        try {
          return java.nio.charset.Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether the client hung up in the middle of its body. */
  static final class Abandoned {
    volatile boolean yes;
  }

  /** Notes a body that fails or ends before its {@code Content-Length}. */
  static final class BodyWatch extends jakarta.servlet.http.HttpServletRequestWrapper {
    private final Abandoned abandoned;
    private jakarta.servlet.ServletInputStream in;

    BodyWatch(HttpServletRequest req, Abandoned abandoned) {
      super(req);
      this.abandoned = abandoned;
    }

    @Override
    public jakarta.servlet.ServletInputStream getInputStream() throws IOException {
      if (in == null) {
        in = new WatchedInput(super.getInputStream(), getContentLengthLong(), abandoned);
      }
      return in;
    }
  }

  private static final class WatchedInput extends jakarta.servlet.ServletInputStream {
    private final jakarta.servlet.ServletInputStream in;
    private final long declared;
    private final Abandoned abandoned;
    private long count;

    WatchedInput(jakarta.servlet.ServletInputStream in, long declared, Abandoned abandoned) {
      this.in = in;
      this.declared = declared;
      this.abandoned = abandoned;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (n < 0 && declared >= 0 && count < declared) {
          abandoned.yes = true;
        } else if (n > 0) {
          count += n;
        }
        return n;
      } catch (IOException e) {
        abandoned.yes = true;
        throw e;
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(jakarta.servlet.ReadListener listener) {
      in.setReadListener(listener);
    }
  }

  /** Passes the response on, unless the client has hung up: then it is dropped quietly. */
  static final class DropWhenAbandoned extends jakarta.servlet.http.HttpServletResponseWrapper {
    private final Abandoned abandoned;
    private jakarta.servlet.ServletOutputStream out;

    DropWhenAbandoned(HttpServletResponse res, Abandoned abandoned) {
      super(res);
      this.abandoned = abandoned;
    }

    @Override
    public jakarta.servlet.ServletOutputStream getOutputStream() throws IOException {
      if (!abandoned.yes) {
        return super.getOutputStream();
      }
      if (out == null) {
        out =
            new jakarta.servlet.ServletOutputStream() {
              @Override
              public void write(int b) {
                // the client is gone
              }

              @Override
              public boolean isReady() {
                return true;
              }

              @Override
              public void setWriteListener(jakarta.servlet.WriteListener listener) {
                // never used: nothing is written
              }
            };
      }
      return out;
    }

    @Override
    public void flushBuffer() throws IOException {
      if (!abandoned.yes) {
        super.flushBuffer();
      }
    }
  }
}
