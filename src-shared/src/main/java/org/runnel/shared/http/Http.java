package org.runnel.shared.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The bounded HTTP client both WARs use to talk to each other and to clients: every call has a
 * connect timeout and a whole-request timeout, redirects are not followed (a callback or a runner
 * URL that redirects is a configuration error, not something to chase), and bearer tokens are set
 * in one place.
 */
public final class Http {

  private final HttpClient client;

  public Http(Duration connectTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public HttpClient client() {
    return client;
  }

  /** POST a JSON body with an optional bearer token. */
  public HttpResponse<String> postJson(String url, String bearer, String json, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        request(url, bearer, timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST a JSON body with extra headers given as name/value pairs. */
  public HttpResponse<String> postJson(
      String url, String bearer, String json, Duration timeout, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        request(url, bearer, timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String url, String bearer, Duration timeout)
      throws IOException, InterruptedException {
    return client.send(
        request(url, bearer, timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET whose body is streamed; the caller closes it. */
  public HttpResponse<InputStream> getStream(String url, String bearer, Duration timeout)
      throws IOException, InterruptedException {
    return client.send(
        request(url, bearer, timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static HttpRequest.Builder request(String url, String bearer, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    if (bearer != null && !bearer.isEmpty()) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  /** Joins a base URL (which may carry a path prefix) and a protocol path. */
  public static String join(String base, String path) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return b + (path.startsWith("/") ? path : "/" + path);
  }

  /** Whether a URL uses http or https. */
  public static boolean isHttp(String url) {
    try {
      String scheme = URI.create(url).getScheme();
      return scheme != null
          && ("http".equals(scheme.toLowerCase(Locale.ROOT))
              || "https".equals(scheme.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
