package org.runnel.runner.media.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSocketFactory;
import org.runnel.runner.media.entity.FileNames;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.shared.net.UrlPolicy;

/**
 * The one way a runner fetches a URL (source, watermark, credits, studio mediapackage, SMIL and
 * tracks), streaming to the task's folder. Every URL, and every redirect on the way, passes the
 * {@link UrlPolicy} before anything is sent: redirects are followed by hand, at most {@code
 * maxRedirects} of them, never to another scheme, each new host checked again; and the connection
 * goes to the very addresses the check resolved ({@link PinnedRequest}), so DNS rebinding has no
 * window.
 *
 * <p>The download is bounded in size (checked against {@code Content-Length} first, then while
 * copying) and in time (a watchdog cuts a stalled transfer), retried a few times when the host
 * could not be reached or answered 5xx, resumed with {@code Range} after a break, and every failure
 * becomes a sentence the end user can act on. The first URL's failures are told apart (it is the
 * user's own link); whatever goes wrong after a redirect gives the one sentence {@link #REDIRECTED}
 * (refused, unreachable, an HTTP error, a web page, an empty file, a playlist, not a video), so
 * that a crafted redirect cannot turn the runner into a scanner of what it can reach.
 */
public class SourceDownloader {

  static final int ATTEMPTS = 3;

  /** Redirects followed when no other number is configured. */
  public static final int MAX_REDIRECTS = 5;

  public static final String EMPTY = "The source file is empty: please upload it again";
  public static final String WEB_PAGE =
      "The source link leads to a web page, not to a video file: please check the link or upload"
          + " the file again";
  public static final String NO_MEDIA_NAME =
      "The source file name has no video or audio extension (such as .mp4): please upload the"
          + " file again";
  public static final String REFUSED =
      "The source link points to an address this platform does not download from: please give a"
          + " public link or upload the file again";
  public static final String REDIRECTED =
      "The source link redirects to an address the file could not be downloaded from: please"
          + " check the link or upload the file again";
  public static final String TOO_MANY_REDIRECTS =
      "The source link redirects too many times: please check the link or upload the file again";
  private static final Set<String> MEDIA_EXTENSIONS =
      Set.of(
          "mp4", "m4v", "mov", "mkv", "webm", "avi", "flv", "f4v", "wmv", "asf", "mpg", "mpeg",
          "m2v", "ts", "mts", "m2ts", "vob", "3gp", "3g2", "ogv", "ogg", "oga", "mxf", "dv", "mp3",
          "m4a", "aac", "wav", "flac", "opus", "wma", "aif", "aiff", "amr");
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);
  private static final long RETRY_PAUSE_MILLIS = 500;

  /**
   * A downloaded file.
   *
   * @param redirected whether it came through at least one redirect (its content's failures are
   *     then worded {@link #REDIRECTED} too)
   */
  public record Download(Path file, boolean redirected) {}

  private final UrlPolicy policy;
  private final int maxRedirects;
  private final long maxBytes;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler;
  private final SSLSocketFactory tls;

  public SourceDownloader(
      UrlPolicy policy,
      int maxRedirects,
      long maxBytes,
      Duration timeout,
      ScheduledExecutorService scheduler) {
    this(
        policy,
        maxRedirects,
        maxBytes,
        timeout,
        scheduler,
        (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  SourceDownloader(
      UrlPolicy policy,
      int maxRedirects,
      long maxBytes,
      Duration timeout,
      ScheduledExecutorService scheduler,
      SSLSocketFactory tls) {
    this.policy = policy;
    this.maxRedirects = Math.max(0, maxRedirects);
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.tls = tls;
  }

  /**
   * Downloads media (a source, a track, a watermark, credits) into {@code folder}, under the URL's
   * (sanitised) file name.
   *
   * @return the downloaded file
   * @throws TaskFailure with a readable message when the source cannot be had
   */
  public Path download(String url, Path folder, Cancellation cancellation) throws TaskFailure {
    return fetch(url, folder, cancellation).file();
  }

  /** Like {@link #download}, telling whether a redirect was followed. */
  public Download fetch(String url, Path folder, Cancellation cancellation) throws TaskFailure {
    return fetch(url, folder, cancellation, true);
  }

  /**
   * Downloads a document (a studio mediapackage or SMIL catalog): the same rules, except that its
   * first bytes may be XML.
   */
  public Path document(String url, Path folder, Cancellation cancellation) throws TaskFailure {
    return fetch(url, folder, cancellation, false).file();
  }

  private Download fetch(String url, Path folder, Cancellation cancellation, boolean media)
      throws TaskFailure {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw TaskFailure.failed(REFUSED);
    }
    Path target = folder.resolve(FileNames.ofUrl(uri));
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    try {
      for (int attempt = 1; ; attempt++) {
        cancellation.throwIfRequested();
        try {
          Files.createDirectories(folder);
          boolean redirected = fetch(uri.toString(), target, partial, cancellation);
          checkContent(target, media, redirected);
          return new Download(target, redirected);
        } catch (Retryable e) {
          if (attempt >= ATTEMPTS) {
            throw e.failure;
          }
          pause(attempt, cancellation);
        } catch (IOException e) {
          throw TaskFailure.failed("Could not store the source on the runner: " + e.getMessage());
        }
      }
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // a left-over partial file goes with the task folder
      }
    }
  }

  /**
   * Refuses a source whose file name has no audio or video extension: Pod always sends one, and a
   * name without one usually means a link to a page rather than to the file.
   */
  public void checkMediaName(Path file) throws TaskFailure {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (!MEDIA_EXTENSIONS.contains(ext)) {
      throw TaskFailure.failed(NO_MEDIA_NAME);
    }
  }

  /**
   * An empty file, a web page, or (for media) a playlist or list of files saved in place of the
   * media is refused at once.
   */
  private static void checkContent(Path file, boolean media, boolean redirected)
      throws TaskFailure, IOException {
    String problem = null;
    if (Files.size(file) == 0) {
      problem = EMPTY;
    } else {
      byte[] head = new byte[512];
      int n;
      try (InputStream in = Files.newInputStream(file)) {
        n = in.readNBytes(head, 0, head.length);
      }
      String start =
          new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1)
              .stripLeading()
              .toLowerCase(Locale.ROOT);
      if (start.startsWith("<!doctype html") || start.startsWith("<html")) {
        problem = WEB_PAGE;
      } else if (media && MediaInputs.looksLikeList(file)) {
        problem = MediaInputs.PLAYLIST;
      }
    }
    if (problem != null) {
      throw TaskFailure.failed(redirected ? REDIRECTED : problem);
    }
  }

  /**
   * Follows the URL and its redirects to the file and stores it.
   *
   * @return whether a redirect was followed
   */
  private boolean fetch(String url, Path target, Path partial, Cancellation cancellation)
      throws TaskFailure, Retryable, IOException {
    String current = url;
    String firstHost = URI.create(url).getHost();
    for (int hop = 0; ; hop++) {
      boolean first = hop == 0;
      UrlPolicy.Target where;
      try {
        where = policy.target(current);
      } catch (UrlPolicy.Refused e) {
        throw TaskFailure.failed(first ? REFUSED : REDIRECTED);
      } catch (UnknownHostException e) {
        throw new Retryable(first ? unreachable(firstHost) : redirected());
      }
      String next = get(where, first, partial, cancellation);
      if (next == null) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        return !first;
      }
      if (hop >= maxRedirects) {
        throw TaskFailure.failed(TOO_MANY_REDIRECTS);
      }
      current = next;
    }
  }

  /**
   * One request: stores the body in {@code partial} and returns null, or returns where a redirect
   * points (already resolved, same scheme).
   */
  private String get(UrlPolicy.Target where, boolean first, Path partial, Cancellation cancellation)
      throws TaskFailure, Retryable, IOException {
    String host = where.host();
    long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
    Abort abort = new Abort(Thread.currentThread());
    cancellation.onRequest(abort);
    boolean answered = false;
    try (Watchdog watchdog = Watchdog.start(scheduler, timeout, abort);
        PinnedRequest request = abort.watch(new PinnedRequest())) {
      try {
        Map<String, String> headers = new LinkedHashMap<>();
        if (have > 0) {
          headers.put("Range", "bytes=" + have + "-");
        }
        request.send(where, headers, CONNECT_TIMEOUT, HEADERS_TIMEOUT, tls);
        answered = true;
        if (REDIRECTS.contains(request.status())) {
          return location(where, request, first);
        }
        boolean resumed = have > 0 && request.status() == 206;
        long from = resumed ? have : 0;
        check(request, host, from, first);
        copy(request.body(), partial, from);
        return null;
      } catch (ConnectException | UnknownHostException e) {
        cancellation.throwIfRequested();
        throw new Retryable(first ? unreachable(host) : redirected());
      } catch (javax.net.ssl.SSLException e) {
        cancellation.throwIfRequested();
        if (watchdog.expired() || answered) {
          throw new Retryable(first ? brokeOff(host) : redirected());
        }
        throw first
            ? TaskFailure.failed(
                "Could not download the source: the secure connection to "
                    + host
                    + " could not be verified")
            : redirected();
      } catch (IOException e) {
        cancellation.throwIfRequested();
        if (watchdog.expired()) {
          throw TaskFailure.failed(
              "Could not download the source: "
                  + host
                  + " did not send it within "
                  + timeout.toSeconds()
                  + " seconds");
        }
        if (!first) {
          throw new Retryable(redirected());
        }
        if (!answered && e instanceof SocketTimeoutException) {
          throw new Retryable(
              TaskFailure.failed("Could not download the source: " + host + " did not answer"));
        }
        throw new Retryable(brokeOff(host));
      }
    } finally {
      cancellation.onRequest(null);
      Thread.interrupted();
    }
  }

  /** The redirect's target: relative ones resolved, another scheme refused. */
  private static String location(UrlPolicy.Target where, PinnedRequest request, boolean first)
      throws TaskFailure {
    String location = request.header("Location").orElse("").strip();
    URI next;
    try {
      next = where.uri().resolve(new URI(location.replace(" ", "%20")));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw TaskFailure.failed(REDIRECTED);
    }
    if (location.isEmpty()
        || next.getScheme() == null
        || !next.getScheme().equalsIgnoreCase(where.uri().getScheme())) {
      throw TaskFailure.failed(REDIRECTED);
    }
    return next.toString();
  }

  private void check(PinnedRequest response, String host, long from, boolean first)
      throws TaskFailure, Retryable {
    int code = response.status();
    if (code < 200 || code > 299) {
      TaskFailure failure =
          first
              ? TaskFailure.failed(
                  "Could not download the source (HTTP " + code + " from " + host + ")")
              : redirected();
      if (code >= 500) {
        throw new Retryable(failure);
      }
      throw failure;
    }
    String type = response.header("Content-Type").orElse("");
    if (type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
      throw first
          ? TaskFailure.failed(
              "Could not download the source: "
                  + host
                  + " answered with a web page, not a media file")
          : redirected();
    }
    long declared = response.contentLength().orElse(-1L);
    if (declared + from > maxBytes) {
      throw tooLarge();
    }
  }

  /**
   * What to tell the user when the probe of a download refused it: after a redirect, the one
   * sentence {@link #REDIRECTED}, so that "not a video" does not tell a reachable service from an
   * unreachable one.
   */
  public static TaskFailure probeFailure(Download download, TaskFailure failure) {
    String m = failure.getMessage();
    boolean content = SourceProbe.NOT_MEDIA.equals(m) || MediaInputs.PLAYLIST.equals(m);
    return download.redirected() && content ? redirected() : failure;
  }

  private static TaskFailure redirected() {
    return TaskFailure.failed(REDIRECTED);
  }

  private void copy(InputStream body, Path partial, long from) throws IOException, TaskFailure {
    byte[] buffer = new byte[64 * 1024];
    long total = from;
    OpenOption mode = from > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    try (OutputStream out =
        Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
      for (int n; (n = body.read(buffer)) >= 0; ) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
    }
  }

  private TaskFailure tooLarge() {
    return TaskFailure.failed("The source file is larger than the allowed " + maxBytes + " bytes");
  }

  private static TaskFailure brokeOff(String host) {
    return TaskFailure.failed(
        "Could not download the source from " + host + ": the transfer broke off");
  }

  private static TaskFailure unreachable(String host) {
    return TaskFailure.failed("Could not download the source: " + host + " is unreachable");
  }

  private static void pause(int attempt, Cancellation cancellation) throws TaskFailure {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
    } catch (InterruptedException e) {
      // only a stop request interrupts this thread: it is honoured just below
    }
    cancellation.throwIfRequested();
  }

  /**
   * Stops a download from another thread: interrupts the worker (a retry pause) and closes the
   * connection, which is what unblocks a connect or a read.
   */
  private static final class Abort implements Runnable {
    private final Thread worker;
    private volatile PinnedRequest request;

    Abort(Thread worker) {
      this.worker = worker;
    }

    PinnedRequest watch(PinnedRequest r) {
      request = r;
      return r;
    }

    @Override
    public void run() {
      worker.interrupt();
      PinnedRequest r = request;
      if (r != null) {
        r.close();
      }
    }
  }

  /** A failure worth another attempt (host unreachable, 5xx, transfer cut). */
  private static final class Retryable extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient TaskFailure failure;

    Retryable(TaskFailure failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }
}
