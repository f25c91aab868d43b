package org.runnel.runner.media.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.runnel.runner.media.entity.FileNames;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.TaskFailure;

/**
 * Downloads a task's source into its folder, streaming to disk. The download is bounded in size
 * (checked against {@code Content-Length} first, then while copying) and in time (a watchdog cuts a
 * stalled transfer), retried a few times when the host could not be reached or answered 5xx, and
 * every failure becomes a sentence the end user can act on. Redirects are followed (never from
 * https to http), since media servers often redirect to the file.
 */
public class SourceDownloader {

  static final int ATTEMPTS = 3;

  public static final String EMPTY = "The source file is empty: please upload it again";
  public static final String WEB_PAGE =
      "The source link leads to a web page, not to a video file: please check the link or upload"
          + " the file again";
  public static final String NO_MEDIA_NAME =
      "The source file name has no video or audio extension (such as .mp4): please upload the"
          + " file again";
  private static final Set<String> MEDIA_EXTENSIONS =
      Set.of(
          "mp4", "m4v", "mov", "mkv", "webm", "avi", "flv", "f4v", "wmv", "asf", "mpg", "mpeg",
          "m2v", "ts", "mts", "m2ts", "vob", "3gp", "3g2", "ogv", "ogg", "oga", "mxf", "dv", "mp3",
          "m4a", "aac", "wav", "flac", "opus", "wma", "aif", "aiff", "amr");
  private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);
  private static final long RETRY_PAUSE_MILLIS = 500;

  private final HttpClient client;
  private final long maxBytes;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler;

  public SourceDownloader(long maxBytes, Duration timeout, ScheduledExecutorService scheduler) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.scheduler = scheduler;
  }

  /**
   * Downloads {@code url} into {@code folder}, under the URL's (sanitised) file name.
   *
   * @return the downloaded file
   * @throws TaskFailure with a readable message when the source cannot be had
   */
  public Path download(String url, Path folder, Cancellation cancellation) throws TaskFailure {
    URI uri = URI.create(url);
    Path target = folder.resolve(FileNames.ofUrl(uri));
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    try {
      for (int attempt = 1; ; attempt++) {
        cancellation.throwIfRequested();
        try {
          Files.createDirectories(folder);
          fetch(uri, target, partial, cancellation);
          checkContent(target);
          return target;
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

  /** An empty file or a web page saved in place of the media is refused at once. */
  private static void checkContent(Path file) throws TaskFailure, IOException {
    if (Files.size(file) == 0) {
      throw TaskFailure.failed(EMPTY);
    }
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
      throw TaskFailure.failed(WEB_PAGE);
    }
  }

  private void fetch(URI uri, Path target, Path partial, Cancellation cancellation)
      throws TaskFailure, Retryable, IOException {
    String host = uri.getHost();
    long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
    Abort abort = new Abort(Thread.currentThread());
    cancellation.onRequest(abort);
    try (Watchdog watchdog = Watchdog.start(scheduler, timeout, abort)) {
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(HEADERS_TIMEOUT).GET();
        if (have > 0) {
          request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = abort.watch(response.body())) {
          boolean resumed = have > 0 && response.statusCode() == 206;
          long from = resumed ? have : 0;
          check(response, host, from);
          copy(body, partial, from);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (ConnectException | UnknownHostException e) {
        throw new Retryable(unreachable(host));
      } catch (HttpTimeoutException e) {
        throw new Retryable(
            TaskFailure.failed("Could not download the source: " + host + " did not answer"));
      } catch (IOException | InterruptedException e) {
        cancellation.throwIfRequested();
        if (watchdog.expired()) {
          throw TaskFailure.failed(
              "Could not download the source: "
                  + host
                  + " did not send it within "
                  + timeout.toSeconds()
                  + " seconds");
        }
        if (e instanceof IOException io && io.getCause() instanceof ConnectException) {
          throw new Retryable(unreachable(host));
        }
        throw new Retryable(
            TaskFailure.failed(
                "Could not download the source from " + host + ": the transfer broke off"));
      }
    } finally {
      cancellation.onRequest(null);
      Thread.interrupted();
    }
  }

  private void check(HttpResponse<?> response, String host, long from)
      throws TaskFailure, Retryable {
    int code = response.statusCode();
    if (code < 200 || code > 299) {
      TaskFailure failure =
          TaskFailure.failed("Could not download the source (HTTP " + code + " from " + host + ")");
      if (code >= 500) {
        throw new Retryable(failure);
      }
      throw failure;
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
      throw TaskFailure.failed(
          "Could not download the source: " + host + " answered with a web page, not a media file");
    }
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared + from > maxBytes) {
      throw tooLarge();
    }
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
   * Stops a download from another thread: interrupts the wait for the response headers and closes
   * the body stream, which is what unblocks a read of the JDK client (an interrupt does not).
   */
  private static final class Abort implements Runnable {
    private final Thread worker;
    private volatile InputStream body;

    Abort(Thread worker) {
      this.worker = worker;
    }

    InputStream watch(InputStream stream) {
      body = stream;
      return stream;
    }

    @Override
    public void run() {
      worker.interrupt();
      InputStream stream = body;
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException e) {
          // closing is all that is wanted
        }
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
