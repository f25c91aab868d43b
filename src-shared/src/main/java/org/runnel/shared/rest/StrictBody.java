package org.runnel.shared.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.runnel.shared.json.InvalidRequestException;

/**
 * Reads every request body of a Runnel WAR strictly, before a resource sees it: at most {@link
 * #maxBytes()} bytes (413, at once when {@code Content-Length} says more, else while reading a
 * chunked body), a JSON media type (415 otherwise), no charset but UTF-8 (415: JSON is UTF-8, and
 * an unknown charset would make the string reader throw), all of the bytes {@code Content-Length}
 * announced (400), valid UTF-8 (422 naming the body: a lenient decoder would turn bad bytes into
 * U+FFFD and store them). The bytes read are handed on unchanged.
 *
 * <p>Each WAR registers a subclass (pre-matching, so unknown paths are covered too) that says how
 * large a body may be. Header anomalies outside the body ({@code Content-Length} twice, bad escapes
 * in the path) are the servlet filter {@link RequestSanity}'s.
 */
public abstract class StrictBody implements ContainerRequestFilter {

  /** The largest body accepted, in bytes. */
  protected abstract long maxBytes();

  @Override
  public void filter(ContainerRequestContext request) {
    long max = maxBytes();
    long declared = declaredLength(request);
    if (declared > max) {
      throw tooLarge(max);
    }
    if (!request.hasEntity()) {
      return;
    }
    checkMediaType(request.getHeaderString(HttpHeaders.CONTENT_TYPE));
    byte[] body = readAtMost(request.getEntityStream(), max);
    if (declared >= 0 && body.length < declared) {
      throw ApiError.of(
          400, "Request body shorter than its Content-Length (" + body.length + " bytes)");
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      throw InvalidRequestException.of("body", "The request body is not valid UTF-8");
    }
    request.setEntityStream(new ByteArrayInputStream(body));
  }

  /** The announced length, -1 when none; malformed values are refused by RequestSanity first. */
  private static long declaredLength(ContainerRequestContext request) {
    List<String> values = request.getHeaders().get(HttpHeaders.CONTENT_LENGTH);
    if (values == null || values.size() != 1) {
      return -1;
    }
    try {
      return Long.parseLong(values.get(0).strip());
    } catch (NumberFormatException e) {
      throw ApiError.of(400, "Invalid Content-Length header");
    }
  }

  private static void checkMediaType(String header) {
    if (header == null || header.isBlank()) {
      return;
    }
    MediaType type;
    try {
      type = MediaType.valueOf(header);
    } catch (IllegalArgumentException e) {
      throw ApiError.of(415, "Invalid Content-Type header: send application/json");
    }
    String sub = type.getSubtype().toLowerCase();
    boolean json =
        "application".equalsIgnoreCase(type.getType())
            && ("json".equals(sub) || sub.endsWith("+json"));
    if (!json) {
      throw ApiError.of(415, "Unsupported Media Type: send application/json");
    }
    String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null && !isUtf8(charset)) {
      throw ApiError.of(415, "Unsupported charset: JSON bodies must be UTF-8");
    }
  }

  private static boolean isUtf8(String name) {
    try {
      return Charset.forName(name.strip().replace("\"", "")).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] readAtMost(InputStream in, long max) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (out.size() > max) {
          throw tooLarge(max);
        }
      }
    } catch (IOException e) {
      throw ApiError.of(400, "The request body could not be read (truncated or badly chunked)");
    }
    return out.toByteArray();
  }

  private static WebApplicationException tooLarge(long max) {
    return ApiError.of(413, "Request body too large: at most " + max + " bytes");
  }
}
